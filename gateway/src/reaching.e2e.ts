import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createLogger } from '@guest-graph/http';
import type { RequestContext, ServiceDefinition } from '@guest-graph/subgraph-kit';
import { bearer, postGraphQL, startTestService, type TestService } from '@guest-graph/testing';
import { getIntrospectionQuery, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from './compose.js';
import { startGateway } from './gateway.js';
import { buildManifest } from './trusted-documents.js';

// Contract README, "Reaching the graph from other programs": what browsers, Apollo Client and code generators
// need of the gateway. A probe subgraph that reports the request id it was given, and a second subgraph that
// never answers (for the per-subgraph timeout).
const probe: ServiceDefinition = {
  name: 'guests',
  schema: 'gateway_reach_probe',
  defaultPort: 0,
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Probe { requestId: String! nested: Probe boom: String }
    type Query { probe: Probe! }
  `),
  resolvers: () => ({
    Query: { probe: (_: unknown, __: unknown, ctx: RequestContext) => ({ requestId: ctx.requestId }) },
    Probe: {
      nested: (p: unknown) => p,
      boom: () => {
        throw new Error('disk full at /var/lib/secret');
      },
    },
  }),
  entities: [],
  migrations: [],
};
const hangingSdl = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type Query { slow: String }
`;

type Gateway = Awaited<ReturnType<typeof startGateway>>;
const logLines: string[] = [];
// A production gateway refuses the development secrets: the probe subgraph and both gateways share a strong proof.
const PROOF_SECRET = randomBytes(32).toString('hex');
const PRODUCTION_JWT_SECRET = randomBytes(32).toString('hex');
let sub: TestService;
let hanging: Server;
let hangingUrl: string;
let dev: Gateway;
let prod: Gateway;
const supergraph = () =>
  composeSupergraph([
    { name: 'guests', url: sub.url, sdl: probe.typeDefs.loc?.source.body as string },
    { name: 'loyalty', url: hangingUrl, sdl: hangingSdl },
  ]);

beforeAll(async () => {
  sub = await startTestService(probe, { env: { GATEWAY_PROOF_SECRET: PROOF_SECRET } });
  // Takes the request and never answers, as a subgraph stuck on a lock would.
  hanging = createServer(() => {});
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as { port: number }).port}/graphql`;
  const env = { LOG_LEVEL: 'silent', LOYALTY_TIMEOUT_MS: '300', GATEWAY_PROOF_SECRET: PROOF_SECRET };
  dev = await startGateway({
    supergraphSdl: supergraph(),
    port: 0,
    env: { ...env, NODE_ENV: 'test' },
    logger: createLogger('gateway', 'error', { write: (line: string) => void logLines.push(line) }),
  });
  prod = await startGateway({
    supergraphSdl: supergraph(),
    port: 0,
    env: {
      ...env,
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: PRODUCTION_JWT_SECRET,
      CORS_ORIGINS: 'https://desk.hotel.example, https://bi.hotel.example',
    },
  });
});
afterAll(async () => {
  await dev?.stop();
  await prod?.stop();
  hanging?.closeAllConnections();
  await new Promise((r) => hanging?.close(r));
  await sub?.dispose();
});

const manager = bearer(['MANAGER']);
// What a production gateway signs with: it refuses the development secrets.
const productionManager = bearer(['MANAGER'], { secret: PRODUCTION_JWT_SECRET });
const post = (gw: Gateway, body: unknown, headers: Record<string, string> = manager) =>
  fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('request ids', () => {
  it('every error carries extensions.requestId, the id in the x-request-id header', async () => {
    for (const [query, headers] of [
      ['{ probe { requestId } }', {}],
      ['{ probe { nope } }', manager],
      ['{ probe { ', manager],
    ] as const) {
      const res = await post(dev, { query }, headers);
      const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(body.errors.length).toBeGreaterThan(0);
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      for (const e of body.errors) expect(e.extensions.requestId).toBe(id);
    }
  });

  it("makes its own id whatever the caller sends, and hands that one to the subgraph (audit rows never carry the caller's)", async () => {
    const res = await post(
      dev,
      { query: '{ probe { requestId } slow }' },
      { ...manager, 'x-request-id': 'desk-7-1234' },
    );
    const body = (await res.json()) as { data: { probe: { requestId: string } }; errors: { extensions: object }[] };
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data.probe.requestId).toBe(id);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: id });
    expect(JSON.stringify(body)).not.toContain('desk-7-1234');
  });
});

describe('masked errors', () => {
  it('an unexpected error reaches the caller as "Internal error" with its request id, and the log line carries it', async () => {
    const res = await postGraphQL(dev.url, '{ probe { boom } }', {}, manager);
    const error = res.errors?.[0];
    expect(error).toMatchObject({ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const requestId = error?.extensions?.requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const logged = logLines.map((l) => JSON.parse(l)).filter((l) => l.requestId === requestId);
    expect(logged.length, logLines.join('\n')).toBeGreaterThan(0);
  });
});

describe('timeouts', () => {
  it('a subgraph that hangs is SERVICE_UNAVAILABLE on its own path once its timeout passes; the rest is served', async () => {
    const started = Date.now();
    const res = await postGraphQL(dev.url, '{ slow probe { requestId } }', {}, manager);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.data).toEqual({ slow: null, probe: { requestId: expect.any(String) } });
    expect(res.errors).toEqual([
      expect.objectContaining({ path: ['slow'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) }),
    ]);
  });
});

describe('automatic persisted queries (Apollo APQ)', () => {
  const query = `{ probe { requestId } } # ${Math.random()}`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const extensions = { persistedQuery: { version: 1, sha256Hash } };

  it('an unknown hash is PERSISTED_QUERY_NOT_FOUND; sent with its text it runs and registers; then the hash alone runs it', async () => {
    const unknown = (await (await post(dev, { extensions })).json()) as { errors: { extensions: object }[] };
    expect(unknown.errors[0]?.extensions).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
      requestId: expect.any(String),
    });
    const registered = (await (await post(dev, { query, extensions })).json()) as { data: object };
    expect(registered.data).toEqual({ probe: { requestId: expect.any(String) } });
    const byHash = (await (await post(dev, { extensions })).json()) as { data: object };
    expect(byHash.data).toEqual({ probe: { requestId: expect.any(String) } });
  });

  it('a hash that does not match its text is refused as bad input', async () => {
    const res = (await (await post(dev, { query: '{ probe { nested { requestId } } }', extensions })).json()) as {
      errors: { extensions: object }[];
    };
    expect(res.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('introspection', () => {
  it("outside production the gateway answers graphql-js's getIntrospectionQuery() (15 levels deep)", async () => {
    const res = await postGraphQL<{ __schema: { types: { name: string }[] } }>(
      dev.url,
      getIntrospectionQuery(),
      {},
      manager,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.__schema.types.map((t) => t.name)).toContain('Probe');
  });

  it('introspection beside an abusively deep data selection is still refused', async () => {
    const deep = `probe { ${'nested { '.repeat(13)} requestId ${'} '.repeat(13)} }`;
    const res = await postGraphQL(dev.url, `{ __schema { queryType { name } } ${deep} }`, {}, manager);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(res.errors?.[0]?.message).toMatch(/too deep: 15 levels, at most 12/);
  });

  it('in production introspection is off and a misspelt field gets no suggestion', async () => {
    const res = await postGraphQL(prod.url, getIntrospectionQuery(), {}, productionManager);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const typo = await postGraphQL(prod.url, '{ probe { requestI } }', {}, productionManager);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const devTypo = await postGraphQL(dev.url, '{ probe { requestI } }', {}, manager);
    expect(devTypo.errors?.[0]?.message).toMatch(/Did you mean "requestId"/);
  });
});

describe('CORS', () => {
  const preflight = (gw: Gateway, origin: string) =>
    fetch(gw.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('outside production any localhost port may call: the preflight allows it and is cached', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      const res = await preflight(dev, origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
    }
    const answer = await post(
      dev,
      { query: '{ probe { requestId } }' },
      { ...manager, origin: 'http://localhost:5173' },
    );
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  });

  it('an origin not allowed gets no Access-Control-Allow-Origin', async () => {
    for (const [gw, origin] of [
      [dev, 'https://evil.example'],
      [dev, 'http://localhost.evil.example:80'],
      [prod, 'http://localhost:5173'],
      [prod, 'https://desk.hotel.example.evil'],
    ] as const) {
      const res = await preflight(gw, origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('in production the origins of CORS_ORIGINS may call', async () => {
    const res = await preflight(prod, 'https://bi.hotel.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://bi.hotel.example');
  });
});

describe('GraphiQL', () => {
  it('a browser asking the endpoint for a page gets GraphiQL, whose files the gateway serves itself', async () => {
    const page = await fetch(dev.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).toMatch(/npm start<\/code> prints one per role/);
    // Nothing from the internet: every script and stylesheet is the gateway's own.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.sort()).toEqual([
      '/graphiql/graphiql.css',
      '/graphiql/graphiql.js',
      '/graphiql/react-dom.js',
      '/graphiql/react.js',
    ]);
    for (const asset of assets) {
      const res = await fetch(new URL(asset, dev.url));
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /text\/css/ : /text\/javascript/);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await fetch(new URL('/graphiql/../package.json', dev.url))).status).toBe(404);
  });

  it('in production there is no GraphiQL', async () => {
    const page = await fetch(prod.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('GraphiQL');
    expect((await fetch(new URL('/graphiql/graphiql.js', prod.url))).status).toBe(404);
  });
});

describe('trusted documents (GATEWAY_TRUSTED_DOCUMENTS_ONLY=true)', () => {
  const manifest = buildManifest([
    'query Who { probe { requestId } }',
    'query Deep { probe { nested { requestId } } }',
  ]);
  const who = manifest.operations.find((o) => o.name === 'Who')!;
  let trusted: Gateway;
  beforeAll(async () => {
    trusted = await startGateway({
      supergraphSdl: supergraph(),
      port: 0,
      trustedDocuments: manifest,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: PRODUCTION_JWT_SECRET,
        GATEWAY_PROOF_SECRET: PROOF_SECRET,
        GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
      },
    });
  });
  afterAll(async () => trusted?.stop());
  const persisted = (sha256Hash: string, query?: string) => ({
    query,
    extensions: { persistedQuery: { version: 1, sha256Hash } },
  });

  it('runs a manifest operation by its id alone from the first request (nothing to register), or by its text', async () => {
    const byId = (await (await post(trusted, persisted(who.id), productionManager)).json()) as { data: object };
    expect(byId.data).toEqual({ probe: { requestId: expect.any(String) } });
    const byText = (await (await post(trusted, { query: who.body }, productionManager)).json()) as { data: object };
    expect(byText.data).toEqual({ probe: { requestId: expect.any(String) } });
  });

  it('refuses any other operation, sent as text or registered by hash, with FORBIDDEN and no data', async () => {
    const other = '{ probe { requestId nested { requestId } } }';
    const hash = createHash('sha256').update(other).digest('hex');
    for (const body of [{ query: other }, persisted(hash, other)]) {
      const res = (await (await post(trusted, body, productionManager)).json()) as {
        data?: unknown;
        errors: { extensions: object }[];
      };
      expect(res.data ?? null).toBeNull();
      expect(res.errors[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });
    }
    // Nothing was registered: the hash is still unknown.
    const again = (await (await post(trusted, persisted(hash), productionManager)).json()) as {
      errors: { extensions: object }[];
    };
    expect(again.errors[0]?.extensions).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});
