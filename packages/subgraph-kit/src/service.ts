import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { IDENTITY_HEADER, type Identity, PROOF_HEADER, type ProofTarget, verifyIdentity } from '@guest-graph/auth';
import { loadConfig, natsSpec, platformSpec, port, serviceSettings } from '@guest-graph/config';
import { openServiceDatabase, type QueryCounter } from '@guest-graph/db';
import {
  backoffDelay,
  EventBus,
  isTransient,
  type Producer,
  platformMigrations,
  settledWithin,
} from '@guest-graph/events';
import { createLogger, graphqlMetrics, onShutdown, type Readiness, serveApollo } from '@guest-graph/http';
import { gauge, metricsRoute, processRegistry, type Registry, stopTracing } from '@guest-graph/telemetry';
import { type DocumentNode, GraphQLError, parse } from 'graphql';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { type Clock, SystemClock } from './clock.js';
import type { RequestContext } from './context.js';
import { formatError } from './errors.js';
import { inputHygienePlugin } from './input-hygiene.js';
import { LoaderScope } from './loaders.js';
import { scalarResolvers } from './scalars.js';

/** Everything a service holds for its lifetime; resolvers, consumers and jobs are built from it. */
export interface Runtime {
  name: Producer;
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  /** Counts SQL statements (tests prove batching with it; the bench reports it). */
  queries: QueryCounter;
  clock: Clock;
  /** The process environment the service was started with (tests pass their own). */
  env: NodeJS.ProcessEnv;
  /**
   * Runs `job` once per `everyMs` across every instance of the service (the first time no sooner than
   * `everyMs` after start), never overlapping itself, until the service stops (SLA breaches, expiry,
   * collection stages). Intervals are counted on the database's clock, which all instances share.
   */
  schedule(name: string, everyMs: number, job: () => Promise<unknown>, opts?: { firstAfterMs?: number }): void;
}

export interface ServiceDefinition {
  name: Producer;
  /** Its own PostgreSQL schema, e.g. `service_recovery`. */
  schema: string;
  defaultPort: number;
  /** The subgraph SDL (schema-first): read from the service's `schema.graphql`. */
  typeDefs: DocumentNode;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are checked against the SDL at start
  resolvers: (rt: Runtime) => Record<string, any>;
  entities: Function[];
  migrations: Function[];
  /** Starts consumers, responders and jobs once the database and bus are up. */
  start?: (rt: Runtime) => Promise<void>;
}

/**
 * A subgraph of the common shape: one application built from the runtime serves the resolvers, and start-up
 * wires its responders, then its consumers (awaited: their streams exist before the service is ready), then
 * its jobs. The SDL is the `schema.graphql` beside `moduleUrl` (the service's `import.meta.url`).
 */
export interface SubgraphParts<App> {
  name: Producer;
  schema: string;
  defaultPort: number;
  moduleUrl: string;
  appFor: (rt: Runtime) => App;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are checked against the SDL at start
  resolvers: (app: App) => Record<string, any>;
  entities: Function[];
  migrations: Function[];
  responders: (rt: Runtime, app: App) => void;
  consumers: (app: App) => Promise<void>;
  jobs: (rt: Runtime, app: App) => void;
}

export function subgraphService<App>(parts: SubgraphParts<App>): ServiceDefinition {
  return {
    name: parts.name,
    schema: parts.schema,
    defaultPort: parts.defaultPort,
    typeDefs: loadSchema(parts.moduleUrl, './schema.graphql'),
    resolvers: (rt) => parts.resolvers(parts.appFor(rt)),
    entities: parts.entities,
    migrations: parts.migrations,
    start: async (rt) => {
      const app = parts.appFor(rt);
      parts.responders(rt, app);
      await parts.consumers(app);
      parts.jobs(rt, app);
    },
  };
}

export interface StartOptions {
  port?: number;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
}

export interface RunningService {
  definition: ServiceDefinition;
  url: string;
  port: number;
  /** The address it listens on (`SUBGRAPH_HOST`, the loopback by default). */
  host: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

/** Reads a `.graphql` file beside the calling module (works from `src/` under vitest and from `dist/`). */
export function loadSchema(moduleUrl: string, file = 'schema.graphql'): DocumentNode {
  return parse(readFileSync(new URL(file, moduleUrl), 'utf8'));
}

/**
 * Starts one subgraph: HTTP first (live at once, ready only once everything is), then the database and its
 * migrations and the bus, each retried with backoff while it is still coming up, then relay, consumers, jobs.
 * Resolves once the service is ready; a failure that waiting will not cure (a broken migration) rejects.
 */
export async function startService(def: ServiceDefinition, opts: StartOptions = {}): Promise<RunningService> {
  const env = opts.env ?? process.env;
  const envKey = `${def.name.toUpperCase().replace(/-/g, '_')}_PORT`;
  // Every variable the process reads is checked here, before anything opens: a typo stops the start naming it.
  const config = loadConfig(
    { ...platformSpec, ...natsSpec, [envKey]: port(def.defaultPort), ...serviceSettings[def.name] },
    env,
  );
  const logger = opts.logger ?? createLogger(def.name, config.LOG_LEVEL);
  const secret = config.GATEWAY_PROOF_SECRET;
  const registry = processRegistry();

  let up: { apollo: ApolloServer<RequestContext>; dataSource: DataSource; bus: EventBus } | undefined;
  let starting = true;
  const readiness = async (): Promise<Readiness> => {
    if (!up) return { ok: false, checks: { service: starting ? 'starting' : 'stopped' } };
    const [database, nats] = await Promise.all([databaseAnswers(up.dataSource, 2000), up.bus.natsReachable(2000)]);
    return {
      ok: database && nats,
      checks: { database: database ? 'ok' : 'unreachable', nats: nats ? 'ok' : 'unreachable' },
    };
  };
  const http = await serveApollo<RequestContext>({
    apollo: () => up?.apollo,
    port: opts.port ?? ((config as Record<string, unknown>)[envKey] as number),
    host: config.SUBGRAPH_HOST,
    logger,
    ready: readiness,
    service: def.name,
    routes: {
      '/metrics': metricsRoute(registry, { production: config.NODE_ENV === 'production', token: config.METRICS_TOKEN }),
    },
    context: async (req: IncomingMessage, requestId: string, sent: { body: string; search: string }) => {
      const identity = identityOf(req, secret, { subgraph: def.name, ...sent });
      if (!identity)
        throw new GraphQLError('Requests must come through the gateway', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      return {
        identity,
        requestId,
        logger: logger.child({ requestId, staff: identity.sub }),
        loaders: new LoaderScope(),
      };
    },
  });

  let db: Awaited<ReturnType<typeof openServiceDatabase>> | undefined;
  let bus: EventBus | undefined;
  try {
    db = await untilUp('database', logger, () =>
      openServiceDatabase({
        schema: def.schema,
        url: config.DATABASE_URL,
        entities: def.entities,
        migrations: [...platformMigrations(def.schema), ...def.migrations],
        poolSize: config.DB_POOL_SIZE,
      }),
    );
    const dataSource = db.dataSource;
    // Waits (reconnecting) for NATS to answer while /health/ready says not ready.
    bus = await EventBus.connect({
      service: def.name,
      natsUrl: config.NATS_URL,
      ...(config.NATS_PASSWORD
        ? { credentials: { user: config.NATS_USER ?? def.name, password: config.NATS_PASSWORD } }
        : {}),
      namespace: config.NATS_NAMESPACE,
      logger,
      dataSource,
      schema: def.schema,
      retention: streamRetention(config),
      replicas: config.EVENTS_STREAM_REPLICAS,
      registry,
    });
    poolMetrics(registry, dataSource);
    const connected = bus;
    await untilUp('JetStream', logger, () => connected.ensureStream(def.name));
  } catch (e) {
    starting = false;
    await bus?.close().catch(() => {});
    await db?.close().catch(() => {});
    await http.close();
    throw e;
  }
  bus.startRelay();

  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const dataSource = db.dataSource;
  const runtime: Runtime = {
    name: def.name,
    dataSource,
    bus,
    logger,
    queries: db.queries,
    clock: opts.clock ?? new SystemClock(config.HOTEL_TIME_ZONE),
    env,
    schedule(name, everyMs, job, { firstAfterMs = everyMs } = {}) {
      const claim = jobClaim(dataSource, def.schema, name, everyMs);
      let busy = false;
      let failures = 0;
      const tick = () => {
        if (busy) return;
        busy = true;
        const p = (async () => {
          let claimed = false;
          try {
            claimed = await claim.take();
            failures = 0;
          } catch (e) {
            // The database away: nobody can run it now; the next tick asks again.
            if (failures++ % 20 === 0)
              logger.warn({ err: (e as Error).message, job: name }, 'scheduled job cannot be claimed');
            return;
          }
          if (!claimed) return;
          try {
            await job();
          } catch (e) {
            logger.error({ err: e, job: name }, 'scheduled job failed');
          } finally {
            await claim.release().catch(() => {});
          }
        })().finally(() => {
          busy = false;
          running.delete(p);
        });
        running.add(p);
      };
      // Ticks a few times per interval so some instance claims every interval, whatever their phases; the
      // claim on the database's clock makes it once.
      const tickMs = Math.max(25, Math.min(Math.floor(everyMs / 4), 60_000));
      timers.push(
        setTimeout(() => {
          tick();
          timers.push(setInterval(tick, tickMs).unref());
        }, firstAfterMs).unref(),
      );
    },
  };

  const schema = buildSubgraphSchema([
    { typeDefs: def.typeDefs, resolvers: { ...scalarResolvers, ...def.resolvers(runtime) } },
  ]);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: formatError(logger),
    includeStacktraceInErrorResponses: false,
    // We stop in order ourselves (HTTP, consumers, database); Apollo's own signal handler would race us.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), inputHygienePlugin(), graphqlMetrics<RequestContext>(registry)],
  });
  try {
    await apollo.start();
    await def.start?.(runtime);
  } catch (e) {
    // Nothing left listening or connected behind a start that failed.
    starting = false;
    for (const t of timers) clearTimeout(t);
    await http.close();
    await apollo.stop().catch(() => {});
    await bus.close().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
  up = { apollo, dataSource, bus };
  starting = false;
  logger.info({ url: http.url }, `${def.name} subgraph ready`);

  const openBus = bus;
  const openDb = db;
  return {
    definition: def,
    url: http.url,
    port: http.port,
    host: config.SUBGRAPH_HOST,
    runtime,
    // Every step bounded and named when it overruns: a shutdown must end (an orchestrator kills a process that
    // does not), and the name says which part held it.
    stop: async () => {
      const step = async (what: string, work: Promise<unknown>, ms: number) => {
        if (!(await settledWithin(work, ms))) logger.warn({ step: what, ms }, 'shutdown step overran; going on');
      };
      await step('http', http.close(), 5_000);
      for (const t of timers) clearTimeout(t);
      await step('jobs', Promise.all(running), 10_000);
      await step('apollo', apollo.stop(), 5_000);
      await step('bus', openBus.close(), 25_000);
      await step('database', openDb.close(), 10_000);
    },
  };
}

/** Retries `attempt` with backoff (0.25 s doubling to 5 s) while its failure is transient; rethrows others. */
async function untilUp<T>(what: string, logger: Logger, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isTransient(e)) throw e;
      const delay = backoffDelay(n, 250, 5000);
      if (n === 1 || n % 10 === 0)
        logger.warn({ err: (e as Error).message, attempt: n }, `${what} not reachable yet; retrying`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** `SELECT 1` within `timeoutMs`. */
async function databaseAnswers(dataSource: DataSource, timeoutMs: number): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      dataSource.query('SELECT 1').then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stream limits from the environment: `EVENTS_STREAM_MAX_AGE_DAYS` (14), `EVENTS_STREAM_MAX_BYTES` and
 * `EVENTS_DEAD_LETTER_MAX_BYTES`. The byte limits default to 1 GiB and 256 MiB in production and to none
 * elsewhere: NATS reserves a stream's `max_bytes` on disk when the stream is made, and tests, benches and
 * developers leave namespace after namespace behind on one server, whose disk the reservations would use up.
 */
function streamRetention(config: {
  NODE_ENV: string;
  EVENTS_STREAM_MAX_AGE_DAYS: number;
  EVENTS_STREAM_MAX_BYTES?: number;
  EVENTS_DEAD_LETTER_MAX_BYTES?: number;
}) {
  const production = config.NODE_ENV === 'production';
  return {
    maxAgeMs: config.EVENTS_STREAM_MAX_AGE_DAYS * 86_400_000,
    maxBytes: config.EVENTS_STREAM_MAX_BYTES ?? (production ? 1024 ** 3 : -1),
    deadLetterMaxBytes: config.EVENTS_DEAD_LETTER_MAX_BYTES ?? (production ? 256 * 1024 ** 2 : -1),
  };
}

/**
 * Claims a job's current interval for this instance: the interval is a slot of `everyMs` on the database's
 * clock, and the one UPDATE that moves `last_slot` forward wins it. A run holds the job (`running_until`,
 * a lease that outlives a crashed instance by at most its length) so a long run never overlaps the next.
 */
function jobClaim(ds: DataSource, schema: string, name: string, everyMs: number) {
  const leaseMs = Math.max(everyMs * 2, 600_000);
  let known = false;
  return {
    async take(): Promise<boolean> {
      if (!known) {
        await ds.query(`INSERT INTO "${schema}".scheduled_job (name) VALUES ($1) ON CONFLICT DO NOTHING`, [name]);
        known = true;
      }
      const [rows] = (await ds.query(
        `UPDATE "${schema}".scheduled_job j
            SET last_slot = s.slot, last_started_at = now(),
                running_until = now() + make_interval(secs => $3::double precision / 1000)
           FROM (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000 / $2)::bigint AS slot) s
          WHERE j.name = $1 AND j.last_slot < s.slot AND (j.running_until IS NULL OR j.running_until < now())
          RETURNING s.slot`,
        [name, everyMs, leaseMs],
      )) as [unknown[], number];
      return rows.length > 0;
    },
    async release() {
      await ds.query(
        `UPDATE "${schema}".scheduled_job SET running_until = NULL, last_finished_at = now() WHERE name = $1`,
        [name],
      );
    },
  };
}

function identityOf(req: IncomingMessage, secret: string, target: ProofTarget): Identity | null {
  return verifyIdentity(
    req.headers[IDENTITY_HEADER] as string | undefined,
    req.headers[PROOF_HEADER] as string | undefined,
    secret,
    target,
  );
}

/**
 * `db_pool_connections{state}` (in use, idle) and `db_pool_waiting_requests`: how much of DB_POOL_SIZE the
 * service uses, and queries queued for a connection (a pool too small, or a database too slow).
 */
function poolMetrics(registry: Registry, dataSource: DataSource) {
  const pool = () =>
    (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } })
      .master;
  gauge(registry, 'db_pool_connections', "The service's PostgreSQL connections by state", ['state'], (g) => {
    const p = pool();
    if (!p) return;
    g.set({ state: 'in_use' }, p.totalCount - p.idleCount);
    g.set({ state: 'idle' }, p.idleCount);
  });
  gauge(registry, 'db_pool_waiting_requests', 'Queries waiting for a free pooled connection', [], (g) => {
    const p = pool();
    if (p) g.set(p.waitingCount);
  });
}

/** `main.ts` of every service: start, and stop cleanly on SIGINT/SIGTERM (flushing the last spans). */
export async function runService(def: ServiceDefinition) {
  const service = await startService(def);
  onShutdown(service.runtime.logger, async () => {
    await service.stop();
    await stopTracing();
  });
  return service;
}
