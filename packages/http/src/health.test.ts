import { ApolloServer } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, type Readiness, type RunningHttp, serveApollo } from './index.js';

// Liveness and readiness apart: a process whose database is away is alive (no restart helps) but not ready
// (no traffic), and a server still starting answers both before it can answer GraphQL.
const logger = createLogger('health-test', 'silent');
let running: RunningHttp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const get = async (path: string) => {
  const r = await fetch(`${running!.url.replace('/graphql', '')}${path}`);
  return { status: r.status, body: await r.json() };
};

describe('health', () => {
  it('answers live at once, ready as told, and GraphQL only once the server is there', async () => {
    let readiness: Readiness = { ok: false, checks: { database: 'unreachable', nats: 'ok' } };
    let apollo: ApolloServer | undefined;
    running = await serveApollo({
      apollo: () => apollo,
      port: 0,
      logger,
      ready: () => readiness,
      context: async () => ({}),
    });
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get('/health/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { database: 'unreachable', nats: 'ok' } },
    });
    expect((await get('/health')).status).toBe(503);
    const ask = () =>
      fetch(running!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ ping }"}',
      });
    const early = await ask();
    expect(early.status).toBe(503);
    expect(await early.json()).toEqual({
      errors: [{ message: 'The service is starting', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    });

    const server = new ApolloServer({
      typeDefs: 'type Query { ping: String }',
      resolvers: { Query: { ping: () => 'pong' } },
    });
    await server.start();
    apollo = server;
    readiness = { ok: true, checks: { database: 'ok', nats: 'ok' } };
    expect(await get('/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', nats: 'ok' } },
    });
    expect(await (await ask()).json()).toEqual({ data: { ping: 'pong' } });
    await server.stop();
  });

  it('keeps the old `healthy` flag working for /health and /health/ready', async () => {
    let healthy = true;
    const server = new ApolloServer({ typeDefs: 'type Query { ping: String }' });
    await server.start();
    running = await serveApollo({ apollo: server, port: 0, logger, healthy: () => healthy, context: async () => ({}) });
    expect((await get('/health')).status).toBe(200);
    healthy = false;
    expect(await get('/health/ready')).toEqual({ status: 503, body: { status: 'unavailable' } });
    expect((await get('/health/live')).status).toBe(200);
    await server.stop();
  });
});
