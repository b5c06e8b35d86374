import { createServer, type Server } from 'node:http';
import { freePort } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadOver, subgraphFetcher } from './subgraph-fetcher.js';

// The gateway's calls to subgraphs: what the data source reads of an answer, for a good one and a failed one.
let server: Server;
let base: string;
const fetcher = subgraphFetcher({ maxSockets: 2 });
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/hang') return;
      if (req.url === '/down') {
        res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/plain' }).end('try later');
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'x-echo': req.headers['x-echo'],
        })
        .end(JSON.stringify({ data: { echo: JSON.parse(body) } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  fetcher.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('subgraph fetcher', () => {
  it('answers as the data source reads it: ok, status, headers, json', async () => {
    const r = await fetcher(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-echo': 'abc' },
      body: JSON.stringify({ query: '{ 名 }' }),
    });
    expect([r.ok, r.status, r.url]).toEqual([true, 200, `${base}/graphql`]);
    expect(r.headers.get('Content-Type')).toBe('application/json');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-echo')).toBe('abc');
    expect(await r.json()).toEqual({ data: { echo: { query: '{ 名 }' } } });
  });
  it('passes a failure on with its status, reason and text', async () => {
    const r = await fetcher(`${base}/down`, { body: '{}' });
    expect([r.ok, r.status, r.statusText]).toEqual([false, 503, 'Service Unavailable']);
    expect(await r.text()).toBe('try later');
  });
  it('gives up on a subgraph that never answers at the deadline, and its hung sockets leave the pool', async () => {
    const started = Date.now();
    // Both of the pool's two sockets hang: were they kept, the next call would queue behind them for ever.
    const hung = await Promise.allSettled([1, 2].map(() => fetcher(`${base}/hang`, { body: '{}' }, 150)));
    expect(Date.now() - started).toBeLessThan(2000);
    for (const h of hung) expect(h.status === 'rejected' && (h.reason as { code?: string }).code).toBe('ETIMEDOUT');
    const r = await fetcher(`${base}/graphql`, { headers: { 'x-echo': 'after' }, body: '{"query":"{ a }"}' }, 1000);
    expect(r.status).toBe(200);
  });
});

describe('a subgraph of several instances', () => {
  /** An instance answering its own name; `starting` answers 503 as a service does before its GraphQL is up. */
  const instance = async (name: string, starting = false) => {
    const seen: string[] = [];
    const s = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(JSON.parse(body).query);
        if (starting) res.writeHead(503).end('{"errors":[{"message":"The service is starting"}]}');
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { name } }));
      });
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(s.address() as { port: number }).port}/graphql`;
    return { url, seen, close: () => new Promise((r) => s.close(r)) };
  };
  const ask = async (call: ReturnType<typeof spreadOver>, query = '{ name }') =>
    ((await (await call({ body: JSON.stringify({ query }) })).json()) as { data: { name: string } }).data.name;

  it('spreads calls round robin over the instances', async () => {
    const [a, b] = [await instance('a'), await instance('b')];
    const call = spreadOver([a.url, b.url], fetcher);
    const names = [];
    for (let i = 0; i < 6; i++) names.push(await ask(call));
    expect(names).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    await Promise.all([a.close(), b.close()]);
  });

  it('sends a call an instance refused (down, or still starting) to the next, mutations included, and rests it', async () => {
    const down = `http://127.0.0.1:${await freePort()}/graphql`;
    const [starting, b] = [await instance('starting', true), await instance('b')];
    const call = spreadOver([down, starting.url, b.url], fetcher);
    const names = [];
    for (let i = 0; i < 4; i++) names.push(await ask(call, 'mutation { checkOut }'));
    expect(names).toEqual(['b', 'b', 'b', 'b']);
    // Each refused once, then sat out its turns.
    expect(starting.seen).toEqual(['mutation { checkOut }']);
    expect(b.seen).toHaveLength(4);
    await Promise.all([starting.close(), b.close()]);
  });

  it('fails as unreachable only when no instance takes the call', async () => {
    const call = spreadOver(
      [`http://127.0.0.1:${await freePort()}/graphql`, `http://127.0.0.1:${await freePort()}/graphql`],
      fetcher,
    );
    await expect(call({ body: '{"query":"{ a }"}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
