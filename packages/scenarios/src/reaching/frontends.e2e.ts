import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsFromManifest } from '@apollo/persisted-query-lists';
import { codegen } from '@graphql-codegen/core';
import * as operationsPlugin from '@graphql-codegen/typescript-operations';
import { mintToken } from '@guest-graph/auth';
import { composeApiSchema, composeSupergraph, SUBGRAPHS, startGateway } from '@guest-graph/gateway';
import {
  buildClientSchema,
  type DocumentNode,
  getIntrospectionQuery,
  type IntrospectionQuery,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  printSchema,
  validate,
} from 'graphql';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { contract, type Graph, startGraph } from '../support/graph.js';

// A new frontend team's first day, for real: a browser app on another origin, Apollo Client with automatic
// persisted queries, and a code generator reading the development gateway's schema.
const root = new URL('../../../../', import.meta.url);
const token = mintToken(['FRONT_OFFICE'], { sub: 'frontend-team', name: 'Frontend team' });
// A production gateway refuses the development secrets: the graph's services share a strong proof secret with it.
const PROOF_SECRET = randomBytes(32).toString('hex');
const PRODUCTION_JWT_SECRET = randomBytes(32).toString('hex');
let graph: Graph;
beforeAll(async () => {
  graph = await startGraph({ env: { GATEWAY_PROOF_SECRET: PROOF_SECRET } });
});
afterAll(async () => graph?.stop());

describe('a browser app on another origin', () => {
  let browser: Browser;
  let pages: Server;
  let pagePort: number;
  beforeAll(async () => {
    // The app's own server: a page and nothing else, on its own port (its own origin).
    pages = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>desk</title>'));
    await new Promise<void>((r) => pages.listen(0, '0.0.0.0', r));
    pagePort = (pages.address() as { port: number }).port;
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    pages?.close();
  });

  /** Runs a contract operation with a bearer token from a page at `origin`, as the app's code would. */
  const fetchFrom = async (origin: string) => {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, token, query }) => {
          try {
            const res = await fetch(url, {
              method: 'POST',
              // A bearer token and a JSON body: not a "simple" request, so the browser must preflight it.
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ query, variables: { text: 'nobody-by-this-name', first: 5 } }),
            });
            return { status: res.status, body: await res.json(), requestId: res.headers.get('x-request-id') };
          } catch (e) {
            return { failed: String(e) };
          }
        },
        { url: graph.url, token, query: contract.FindGuests },
      );
    } finally {
      await page.close();
    }
  };

  it('a page served from another localhost port fetches data with a token, through a real preflight', async () => {
    const res = await fetchFrom(`http://localhost:${pagePort}`);
    expect(res).toMatchObject({ status: 200, body: { data: { searchGuests: expect.anything() } } });
    expect(res).not.toHaveProperty('body.errors');
    // Readable only because the gateway exposes it: what the app shows when it reports a failure.
    expect((res as { requestId: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
  }, 60_000);

  it('GraphiQL from the gateway runs a query with a pasted token, loading nothing from elsewhere', async () => {
    const page = await browser.newPage();
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    try {
      // What a developer pastes into the Headers tab, kept by GraphiQL in local storage.
      await page.addInitScript(
        (headers) => {
          // Runs in the page (this package's types have no DOM).
          const { localStorage } = globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } };
          localStorage.setItem('graphiql:headers', headers);
          localStorage.setItem('graphiql:query', '{ searchGuests(text: "nobody-by-this-name", first: 2) { id } }');
        },
        JSON.stringify({ Authorization: `Bearer ${token}` }),
      );
      await page.goto(graph.url);
      await page.locator('.graphiql-execute-button').click();
      await expect
        .poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 })
        .toMatch(/"searchGuests": \[\]/);
      expect([...origins]).toEqual([new URL(graph.url).origin]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('a page from an origin not allowed is stopped by the browser', async () => {
    const res = await fetchFrom(`http://127.0.0.2:${pagePort}`);
    expect(res).toEqual({ failed: expect.stringMatching(/Failed to fetch/) });
  }, 60_000);
});

describe('Apollo Client with automatic persisted queries', () => {
  it('runs an operation twice: the first time registers its text, the second is sent by hash only', async () => {
    const sent: { query?: string; hash?: string; code?: string }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = JSON.parse(String(init?.body));
      const answer = (await res.clone().json()) as { errors?: { extensions?: { code?: string } }[] };
      sent.push({
        query: body.query,
        hash: body.extensions?.persistedQuery?.sha256Hash,
        code: answer.errors?.[0]?.extensions?.code,
      });
      return res;
    };
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.from([
        new PersistedQueryLink({ sha256: (q: string) => createHash('sha256').update(q).digest('hex') }),
        new HttpLink({ uri: graph.url, fetch: recording, headers: { authorization: `Bearer ${token}` } }),
      ]),
    });
    const query = gql(contract.FindGuests);
    const variables = { text: 'nobody-by-this-name', first: 5 };
    for (let i = 0; i < 2; i++) {
      const result = await client.query({ query, variables, fetchPolicy: 'network-only' });
      expect(result.error).toBeUndefined();
      expect(result.data).toMatchObject({ searchGuests: expect.anything() });
    }
    const hash = sent[0]?.hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sent).toEqual([
      { query: undefined, hash, code: 'PERSISTED_QUERY_NOT_FOUND' },
      { query: expect.stringContaining('searchGuests'), hash, code: undefined },
      { query: undefined, hash, code: undefined },
    ]);
  }, 60_000);
});

describe('Apollo Client against a production gateway that runs trusted documents only', () => {
  it("sends the manifest's ids from @apollo/persisted-query-lists and never a query text; other operations are refused", async () => {
    // A second gateway over the same services, as production runs it: the committed manifest, nothing else.
    const gateway = await startGateway({
      supergraphSdl: composeSupergraph(
        Object.values(graph.services).map((s) => ({
          name: s.definition.name,
          url: s.url,
          sdl: print(s.definition.typeDefs),
        })),
      ),
      port: 0,
      env: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: PRODUCTION_JWT_SECRET,
        GATEWAY_PROOF_SECRET: PROOF_SECRET,
        GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
      },
    });
    const token = mintToken(['FRONT_OFFICE'], { sub: 'frontend-team', secret: PRODUCTION_JWT_SECRET });
    try {
      const manifest = JSON.parse(readFileSync(new URL('gateway/trusted-documents.json', root), 'utf8'));
      const sent: { query?: string; id?: string }[] = [];
      const recording: typeof fetch = async (input, init) => {
        const body = JSON.parse(String(init?.body));
        sent.push({ query: body.query, id: body.extensions?.persistedQuery?.sha256Hash });
        return fetch(input, init);
      };
      const client = new ApolloClient({
        cache: new InMemoryCache(),
        link: ApolloLink.from([
          new PersistedQueryLink(generatePersistedQueryIdsFromManifest({ loadManifest: async () => manifest })),
          new HttpLink({ uri: gateway.url, fetch: recording, headers: { authorization: `Bearer ${token}` } }),
        ]),
      });
      const listed = await client.query({
        query: gql(contract.FindGuests),
        variables: { text: 'nobody-by-this-name', first: 5 },
        fetchPolicy: 'network-only',
      });
      expect(listed.error).toBeUndefined();
      expect(listed.data).toMatchObject({ searchGuests: expect.anything() });
      const id = manifest.operations.find((o: { name: string }) => o.name === 'FindGuests').id;
      expect(sent).toEqual([{ query: undefined, id }]);

      const unlisted = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ searchGuests(text: "a") { id fullName vip } }' }),
      });
      const refused = (await unlisted.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors[0]?.extensions.code).toBe('FORBIDDEN');
    } finally {
      await gateway.stop();
    }
  }, 60_000);
});

describe('code generation from the development gateway', () => {
  it("graphql-codegen generates types for the contract's operations from getIntrospectionQuery(), and they compile", async () => {
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const body = (await res.json()) as { data: IntrospectionQuery; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    const schema = buildClientSchema(body.data);
    // The introspected schema is the one operations are checked against: the same operations validate.
    const composed = composeApiSchema(
      SUBGRAPHS.map((s) => ({
        name: s.name,
        url: `http://127.0.0.1:${s.port}/graphql`,
        sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
      })),
    );
    const doc = parse(readFileSync(new URL('../shared/contract/operations.graphql', root), 'utf8'));
    const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    const operations = doc.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const alone = (op: OperationDefinitionNode): DocumentNode => ({
      kind: Kind.DOCUMENT,
      definitions: [op, ...fragments],
    });
    const served = operations.filter((op) => validate(schema, alone(op)).length === 0);
    expect(served.map((op) => op.name?.value)).toEqual(
      operations.filter((op) => validate(composed, alone(op)).length === 0).map((op) => op.name?.value),
    );
    expect(served.length).toBeGreaterThan(10);

    const output = await codegen({
      schema: parse(printSchema(schema)),
      schemaAst: schema,
      documents: [
        { location: 'operations.graphql', document: { kind: Kind.DOCUMENT, definitions: [...served, ...fragments] } },
      ],
      filename: 'graph.ts',
      config: {},
      // typescript-operations 6 emits the enums and inputs the operations use itself (no `typescript` plugin).
      plugins: [{ typescriptOperations: {} }],
      pluginMap: { typescriptOperations: operationsPlugin },
    });
    for (const op of served) {
      const kind = op.operation === 'mutation' ? 'Mutation' : 'Query';
      expect(output).toContain(`export type ${op.name?.value}${kind} = `);
      expect(output).toContain(`export type ${op.name?.value}${kind}Variables = `);
    }
    // The generated file compiles as a frontend's strict TypeScript would.
    const dir = mkdtempSync(join(tmpdir(), 'codegen-'));
    try {
      writeFileSync(join(dir, 'graph.ts'), output);
      const compile = () =>
        execFileSync(
          process.execPath,
          [
            join(new URL('node_modules/typescript/bin/tsc', root).pathname),
            '--noEmit',
            '--strict',
            '--skipLibCheck',
            join(dir, 'graph.ts'),
          ],
          { stdio: 'pipe' },
        );
      let errors = '';
      try {
        compile();
      } catch (e) {
        errors = String((e as { stdout?: Buffer }).stdout ?? e);
      }
      expect(errors).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
