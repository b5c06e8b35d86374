import { Writable } from 'node:stream';
import type { Role } from '@guest-graph/auth';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { createLogger } from '@guest-graph/http';
import { type RunningService, startService } from '@guest-graph/subgraph-kit';
import {
  bearer,
  createTestDatabase,
  type GraphQLResponse,
  postGraphQL,
  type TestDatabase,
  testEnv,
  testNamespace,
  waitFor,
} from '@guest-graph/testing';
import { print } from 'graphql';
import { afterAll, beforeAll } from 'vitest';
import { ALL_SERVICES } from './graph.js';

/**
 * The five subgraphs and the gateway on a fresh database, every one logging at debug level into `lines`, and
 * every answer the gateway gives kept in `responses`: for the checks that nothing personal leaks. Call it in a
 * `describe`; it starts the graph before the tests and stops it after them.
 */
export function loggedGraph(databaseName: string) {
  const lines: string[] = [];
  const responses: string[] = [];
  const capture = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const services: RunningService[] = [];
  let db: TestDatabase | undefined;
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(databaseName);
    const env = testEnv({ DATABASE_URL: db.url, NATS_NAMESPACE: testNamespace(), LOG_LEVEL: 'debug' });
    for (const def of ALL_SERVICES)
      services.push(await startService(def, { port: 0, env, logger: createLogger(def.name, 'debug', capture) }));
    const supergraphSdl = composeSupergraph(
      services.map((s) => ({ name: s.definition.name, url: s.url, sdl: print(s.definition.typeDefs) })),
    );
    gateway = await startGateway({ supergraphSdl, port: 0, env, logger: createLogger('gateway', 'debug', capture) });
  });
  afterAll(async () => {
    await gateway?.stop();
    for (const s of services.reverse()) await s.stop();
    await db?.drop();
  });

  const guests = () => services.find((s) => s.definition.name === 'guests')!;
  return {
    lines,
    responses,
    /** The test database's URL (for pg_dump and psql). */
    databaseUrl: () => db!.url,
    guests,
    /** Sends an operation through the gateway as staff with these roles, keeping the answer. */
    as:
      (...roles: Role[]) =>
      async <D = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
        const res: GraphQLResponse<D> = await postGraphQL<D>(gateway!.url, query, variables, bearer(roles));
        responses.push(JSON.stringify(res));
        return res;
      },
    /** Waits until the guests service has published every event, so their handling is in the logs too. */
    eventsPublished: () =>
      waitFor(
        async () =>
          (
            await guests().runtime.dataSource.query(
              'SELECT count(*)::int AS n FROM guests.outbox WHERE published_at IS NULL',
            )
          )[0].n as number,
        (n) => n === 0,
      ),
  };
}
