import type { Role } from '@guest-graph/auth';
import { type Clock, type RunningService, type ServiceDefinition, startService } from '@guest-graph/subgraph-kit';
import { createTestDatabase, testNamespace } from './database.js';
import { gatewayProof, postGraphQL } from './graphql-client.js';

export interface TestService extends RunningService {
  databaseUrl: string;
  namespace: string;
  /** Calls the subgraph directly, as the gateway would for a caller with these roles. */
  query<D = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    roles?: Role[],
  ): ReturnType<typeof postGraphQL<D>>;
  /** Stops the service and drops its database. */
  dispose(): Promise<void>;
}

export function testEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ...overrides };
}

/**
 * One subgraph on a fresh database and a fresh NATS namespace, on a free port. Pass `namespace` and
 * `databaseUrl` to put several services on the same bus and database.
 */
export async function startTestService(
  def: ServiceDefinition,
  opts: {
    clock?: Clock;
    namespace?: string;
    databaseUrl?: string;
    env?: Record<string, string>;
    natsUrl?: string;
  } = {},
): Promise<TestService> {
  const db = opts.databaseUrl ? null : await createTestDatabase(def.name);
  const databaseUrl = opts.databaseUrl ?? db!.url;
  const namespace = opts.namespace ?? testNamespace();
  const env = testEnv({
    DATABASE_URL: databaseUrl,
    NATS_NAMESPACE: namespace,
    ...(opts.natsUrl ? { NATS_URL: opts.natsUrl } : {}),
    ...opts.env,
  });
  const running = await startService(def, { port: 0, env, clock: opts.clock });
  return {
    ...running,
    databaseUrl,
    namespace,
    query: (query, variables = {}, roles = ['MANAGER']) =>
      postGraphQL(running.url, query, variables, gatewayProof(roles, undefined, undefined, def.name)),
    dispose: async () => {
      await running.stop();
      await db?.drop();
    },
  };
}
