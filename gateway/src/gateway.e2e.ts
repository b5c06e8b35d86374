import { mintToken } from '@guest-graph/auth';
import { guarded, type RequestContext, type ServiceDefinition } from '@guest-graph/subgraph-kit';
import { bearer, postGraphQL, startTestService, type TestService } from '@guest-graph/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose.js';
import { startGateway } from './gateway.js';

// A small subgraph that tells who called it: enough to prove what the gateway forwards and refuses.
const whoami: ServiceDefinition = {
  name: 'guests',
  schema: 'gateway_probe',
  defaultPort: 0,
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Caller { sub: String! roles: [String!]! secret: String nested: Caller }
    type Query { caller: Caller! }
  `),
  resolvers: () => ({
    Query: { caller: (_: unknown, __: unknown, ctx: RequestContext) => ({ ...ctx.identity }) },
    Caller: {
      secret: guarded(['MANAGER'], () => 'the safe code'),
      nested: (p: unknown) => p,
    },
  }),
  entities: [],
  migrations: [],
};

describe('gateway', () => {
  let sub: TestService;
  let gw: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    sub = await startTestService(whoami);
    const supergraphSdl = composeSupergraph([{ name: 'guests', url: sub.url, sdl: printSdl() }]);
    gw = await startGateway({ supergraphSdl, port: 0, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
  });
  afterAll(async () => {
    await gw?.stop();
    await sub?.dispose();
  });
  const printSdl = () => whoami.typeDefs.loc?.source.body as string;
  const q = '{ caller { sub roles } }';

  it('answers /health once the composed graph is served', async () => {
    const res = await fetch(gw.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
  });

  it('refuses a request without a token with UNAUTHENTICATED and no data', async () => {
    const res = await postGraphQL(gw.url, q);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('refuses a bad signature and an expired token', async () => {
    for (const token of [
      mintToken(['MANAGER'], { secret: 'not-the-secret' }),
      mintToken(['MANAGER'], { expiresInSeconds: -5 }),
    ]) {
      const res = await postGraphQL(gw.url, q, {}, { authorization: `Bearer ${token}` });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(res.data ?? null).toBeNull();
    }
  });

  it("forwards the caller's identity and roles to the subgraph", async () => {
    const res = await postGraphQL(gw.url, q, {}, bearer(['SALES', 'LOYALTY'], { sub: 'staff-42' }));
    expect(res.data).toEqual({ caller: { sub: 'staff-42', roles: ['SALES', 'LOYALTY'] } });
  });

  it('nulls a field the role may not see, with FORBIDDEN on its path, and serves the rest', async () => {
    const res = await postGraphQL(gw.url, '{ caller { sub secret } }', {}, bearer(['SALES'], { sub: 's1' }));
    expect(res.data).toEqual({ caller: { sub: 's1', secret: null } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['caller', 'secret']);
    const manager = await postGraphQL(gw.url, '{ caller { secret } }', {}, bearer(['MANAGER']));
    expect(manager.data).toEqual({ caller: { secret: 'the safe code' } });
  });

  it('a subgraph called directly without the gateway proof refuses', async () => {
    const res = await postGraphQL(sub.url, q, {}, bearer(['MANAGER']));
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('refuses an abusively deep query before calling any subgraph', async () => {
    const deep = `{ caller { ${'nested { '.repeat(15)} sub ${'} '.repeat(15)} } }`;
    const res = await postGraphQL(gw.url, deep, {}, bearer(['MANAGER']));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/too deep/);
  });

  it('answers a malformed query with BAD_USER_INPUT, never an internal error', async () => {
    const res = await postGraphQL(gw.url, '{ caller { nope } }', {}, bearer(['MANAGER']));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
