import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { IDENTITY_HEADER, type Identity, PROOF_HEADER, verifyIdentity } from '@guest-graph/auth';
import { loadConfig, platformSpec, port, serviceSettings } from '@guest-graph/config';
import { openServiceDatabase, type QueryCounter } from '@guest-graph/db';
import { EventBus, outboxMigration, type Producer } from '@guest-graph/events';
import { createLogger, onShutdown, serveApollo } from '@guest-graph/http';
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
  /** Runs `job` every `everyMs` until the service stops (SLA breaches, expiry, collection stages). */
  schedule(name: string, everyMs: number, job: () => Promise<unknown>): void;
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
  runtime: Runtime;
  stop(): Promise<void>;
}

/** Reads a `.graphql` file beside the calling module (works from `src/` under vitest and from `dist/`). */
export function loadSchema(moduleUrl: string, file = 'schema.graphql'): DocumentNode {
  return parse(readFileSync(new URL(file, moduleUrl), 'utf8'));
}

/** Starts one subgraph: database and migrations, bus and relay, consumers, then HTTP. */
export async function startService(def: ServiceDefinition, opts: StartOptions = {}): Promise<RunningService> {
  const env = opts.env ?? process.env;
  const envKey = `${def.name.toUpperCase().replace(/-/g, '_')}_PORT`;
  // Every variable the process reads is checked here, before anything opens: a typo stops the start naming it.
  const config = loadConfig({ ...platformSpec, [envKey]: port(def.defaultPort), ...serviceSettings[def.name] }, env);
  const logger = opts.logger ?? createLogger(def.name, config.LOG_LEVEL);
  const db = await openServiceDatabase({
    schema: def.schema,
    url: config.DATABASE_URL,
    entities: def.entities,
    migrations: [outboxMigration(def.schema), ...def.migrations],
    poolSize: config.DB_POOL_SIZE,
  });
  const bus = await EventBus.connect({
    service: def.name,
    natsUrl: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    logger,
    dataSource: db.dataSource,
    schema: def.schema,
  });
  await bus.ensureStream(def.name);
  bus.startRelay();

  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const runtime: Runtime = {
    name: def.name,
    dataSource: db.dataSource,
    bus,
    logger,
    queries: db.queries,
    clock: opts.clock ?? new SystemClock(config.HOTEL_TIME_ZONE),
    env,
    schedule(name, everyMs, job) {
      let busy = false;
      timers.push(
        setInterval(() => {
          if (busy) return;
          busy = true;
          const p = job()
            .catch((e) => logger.error({ err: e, job: name }, 'scheduled job failed'))
            .finally(() => {
              busy = false;
              running.delete(p);
            });
          running.add(p);
        }, everyMs).unref(),
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
    plugins: [ApolloServerPluginInlineTraceDisabled(), inputHygienePlugin()],
  });
  await apollo.start();
  await def.start?.(runtime);

  const secret = config.GATEWAY_PROOF_SECRET;
  const http = await serveApollo<RequestContext>({
    apollo,
    port: opts.port ?? ((config as Record<string, unknown>)[envKey] as number),
    logger,
    healthy: () => db.dataSource.isInitialized && !bus.nc.isClosed(),
    context: async (req: IncomingMessage, requestId: string) => {
      const identity = identityOf(req, secret);
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
  logger.info({ url: http.url }, `${def.name} subgraph ready`);

  return {
    definition: def,
    url: http.url,
    port: http.port,
    runtime,
    stop: async () => {
      await http.close();
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
      await apollo.stop();
      await bus.close();
      await db.close();
    },
  };
}

function identityOf(req: IncomingMessage, secret: string): Identity | null {
  return verifyIdentity(
    req.headers[IDENTITY_HEADER] as string | undefined,
    req.headers[PROOF_HEADER] as string | undefined,
    secret,
  );
}

/** `main.ts` of every service: start, and stop cleanly on SIGINT/SIGTERM. */
export async function runService(def: ServiceDefinition) {
  const service = await startService(def);
  onShutdown(service.runtime.logger, service.stop);
  return service;
}
