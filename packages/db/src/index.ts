import 'reflect-metadata';
import { databaseTimeoutSpec, loadConfig } from '@guest-graph/config';
import pg from 'pg';
import {
  DataSource,
  type DataSourceOptions,
  DefaultNamingStrategy,
  type EntityManager,
  type Logger,
  type MixedList,
  type NamingStrategyInterface,
} from 'typeorm';

export { DataSource, type EntityManager } from 'typeorm';

/** snake_case for everything TypeORM names itself (tables, join columns, constraints). */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string) {
    return customName ?? snake(className);
  }
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]) {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }
  override relationName(propertyName: string) {
    return snake(propertyName);
  }
  override joinColumnName(relationName: string, referencedColumnName: string) {
    return snake(`${relationName}_${referencedColumnName}`);
  }
  override joinTableName(first: string, second: string, firstProperty: string) {
    return snake(`${first}_${firstProperty.replace(/\./g, '_')}_${second}`);
  }
  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string) {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }
}
export const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase();

/**
 * Counts the SQL statements a DataSource sends. Tests use it to prove batching ("100 guests cost a constant
 * number of queries"); the bench suite reports it. Cheap enough to leave on.
 */
export class QueryCounter implements Logger {
  count = 0;
  readonly recent: string[] = [];
  constructor(private readonly keep = 0) {}
  logQuery(query: string) {
    this.count++;
    if (this.keep) {
      this.recent.push(query);
      if (this.recent.length > this.keep) this.recent.shift();
    }
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
  reset() {
    this.count = 0;
    this.recent.length = 0;
  }
}

export interface ServiceDatabaseOptions {
  /** The service's own PostgreSQL schema: no service reads another's tables. */
  schema: string;
  url: string;
  entities: MixedList<Function | string>;
  migrations: MixedList<Function | string>;
  poolSize?: number;
  runMigrations?: boolean;
  /** Defaults: DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS, DATABASE_CONNECT_TIMEOUT_MS. */
  timeouts?: Partial<DatabaseTimeouts>;
}

export interface DatabaseTimeouts {
  statementMs: number;
  idleInTransactionMs: number;
  connectMs: number;
}

export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const c = loadConfig(databaseTimeoutSpec, env);
  return {
    statementMs: c.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: c.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    connectMs: c.DATABASE_CONNECT_TIMEOUT_MS,
  };
}

/** node-postgres pool settings: the statement and idle-in-transaction timeouts are sent as session parameters. */
const poolTimeouts = (t: DatabaseTimeouts, statements = true) => ({
  ...(statements && t.statementMs ? { statement_timeout: t.statementMs } : {}),
  ...(t.idleInTransactionMs ? { idle_in_transaction_session_timeout: t.idleInTransactionMs } : {}),
  ...(t.connectMs ? { connectionTimeoutMillis: t.connectMs } : {}),
});

export interface ServiceDatabase {
  dataSource: DataSource;
  queries: QueryCounter;
  close(): Promise<void>;
}

// One key for every service's migrations in a database, so two services starting together never race on
// shared objects such as extensions.
const MIGRATION_LOCK = 734_001;

/** Opens a service's DataSource, creating its schema and running its committed migrations. */
export async function openServiceDatabase(opts: ServiceDatabaseOptions): Promise<ServiceDatabase> {
  const timeouts = { ...databaseTimeouts(), ...opts.timeouts };
  await ensureDatabase(opts.url, timeouts.connectMs);
  const queries = new QueryCounter();
  const options = (extra: Record<string, unknown>): DataSourceOptions => ({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: queries,
    logging: ['query'],
    extra: { application_name: opts.schema, ...extra },
  });
  if (opts.runMigrations !== false) {
    // Migrations run without the statement timeout (an index on a big table may take minutes, and waiting for
    // another service's migration lock is no hang), on two connections of their own: the lock's and the work's.
    const migrations = new DataSource(options({ max: 2, ...poolTimeouts(timeouts, false) }));
    await migrations.initialize();
    try {
      await migrate(migrations, opts.schema);
    } finally {
      await migrations.destroy();
    }
  }
  const dataSource = new DataSource(options({ max: opts.poolSize ?? 10, ...poolTimeouts(timeouts) }));
  await dataSource.initialize();
  return {
    dataSource,
    queries,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
    },
  };
}

async function migrate(dataSource: DataSource, schema: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}

/** Creates the database named in `url` when it does not exist yet (a fresh machine, a fresh clone). */
export async function ensureDatabase(url: string, connectMs = 5_000): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name || name === 'postgres') return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: connectMs });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        // Two processes creating the same database at once: the loser sees a duplicate and carries on.
        if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
  } finally {
    await client.end();
  }
}

/** Runs `work` in one transaction; the outbox and the idempotent consumer both build on it. */
export function inTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
}

/** PostgreSQL error codes the domain reacts to. */
export const PG = { UNIQUE_VIOLATION: '23505', SERIALIZATION_FAILURE: '40001', DEADLOCK: '40P01' } as const;
export const pgCode = (e: unknown): string | undefined =>
  (e as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (e as { code?: string })?.code;

/** Anything that runs SQL: the DataSource for reads, a transaction's EntityManager for changes. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: rows are typed by the function that reads them
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * Runs a statement that changes rows and says what it changed. TypeORM answers an UPDATE or DELETE with
 * `[rows, rowCount]` but an INSERT … RETURNING with the rows alone, so `.length` on the raw answer is 2 for
 * any UPDATE: a trap for compare-and-set code that checks whether it changed anything.
 */
export async function changed<R = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<{ rows: R[]; affected: number }> {
  const result = await db.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return { rows: result[0] as R[], affected: result[1] };
  const rows = (Array.isArray(result) ? result : []) as R[];
  return { rows, affected: rows.length };
}

/** The rows an UPDATE, DELETE or INSERT … RETURNING changed (see `changed`). */
export const changedRows = async <R = Record<string, unknown>>(db: Queryable, sql: string, params: unknown[] = []) =>
  (await changed<R>(db, sql, params)).rows;

export {
  claimRequest,
  firstResultOf,
  MAX_REQUEST_ID_LENGTH,
  type RequestKey,
  requestOnce,
  requestOnceTableSql,
  settleRequest,
} from './request-once.js';
