import http from 'node:http';
import https from 'node:https';

export interface SubgraphFetcherOptions {
  /** Open connections per subgraph and gateway process at most; further requests queue for a free one. */
  maxSockets?: number;
}

/**
 * A subgraph's answer as the gateway's data source reads it (`ok`, `status`, `statusText`, `url`, `headers`,
 * `json()`, `text()`), without a WHATWG body stream: the answer is already in memory, and wrapping it in a
 * fetch `Response` cost a stream, a reader and a decoder per subgraph call (~6 % of a gateway worker's CPU).
 */
export class SubgraphResponse {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Buffer | null,
  ) {}
  get ok() {
    return this.status >= 200 && this.status < 300;
  }
  async text(): Promise<string> {
    return this.body ? this.body.toString('utf8') : '';
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/**
 * How the gateway calls subgraphs: plain `node:http` over kept-alive connections with a cap per subgraph.
 * Apollo's default fetcher (make-fetch-happen) adds a caching layer and opens sockets without limit; under a
 * burst that means a new connection per request and a subgraph drowning in them.
 */
export function subgraphFetcher({ maxSockets = 64 }: SubgraphFetcherOptions = {}) {
  const opts = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
  const agents = { 'http:': new http.Agent(opts), 'https:': new https.Agent(opts) };
  /** `timeoutMs`: the whole call's deadline; past it the socket is dropped and the call fails with ETIMEDOUT. */
  const fetcher = (
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    timeoutMs?: number,
  ) =>
    new Promise<Response>((resolve, reject) => {
      const u = new URL(url);
      const body = init.body ?? '';
      const request = u.protocol === 'https:' ? https.request : http.request;
      const req = request(
        {
          protocol: u.protocol,
          hostname: u.hostname,
          port: u.port,
          path: `${u.pathname}${u.search}`,
          method: init.method ?? 'POST',
          agent: agents[u.protocol as 'http:' | 'https:'],
          headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
            const status = res.statusCode ?? 502;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(
              new SubgraphResponse(url, status, res.statusMessage ?? '', headers, payload) as unknown as Response,
            );
          });
        },
      );
      if (timeoutMs) {
        // A deadline for the whole answer, not socket idleness: a subgraph that trickles bytes is as hung as one
        // that sends none. The socket is destroyed, not returned to the pool, since its answer may still come.
        const timer = setTimeout(
          () =>
            req.destroy(Object.assign(new Error(`ETIMEDOUT: no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
          timeoutMs,
        );
        req.on('close', () => clearTimeout(timer));
      }
      // Whether the request went out on a kept-alive socket: a reset there may be the instance closing it idle.
      req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  return Object.assign(fetcher, {
    close: () => {
      for (const a of Object.values(agents)) a.destroy();
    },
  });
}

type Call = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  timeoutMs?: number,
) => Promise<Response>;

/** How long an instance that refused is passed over before it is tried again in its turn. */
const REST_MS = 1000;

/**
 * Whether the request surely never reached the instance, so another may be asked: the connection was refused
 * (nothing listens: killed, restarting), the instance said it is still starting (503 before its GraphQL
 * server exists), or, for a query only, a kept-alive socket the instance had just closed was reset. A mutation
 * cut off on a reused socket may have been applied, so it is reported as unavailable, never sent twice.
 */
function neverReached(e: { code?: string; reusedSocket?: boolean }, body: string | undefined) {
  if (e.code === 'ECONNREFUSED') return true;
  if (!e.reusedSocket || !/ECONNRESET|EPIPE/.test(e.code ?? '')) return false;
  try {
    return !/^\s*mutation\b/.test(JSON.parse(body ?? '{}').query ?? '');
  } catch {
    return false;
  }
}

/**
 * A subgraph that runs as several instances (`GUESTS_URL=http://a/graphql,http://b/graphql`): calls go round
 * robin, and a call an instance never received goes to the next one; that instance sits out its turns for a
 * second. With one URL this is the plain call.
 */
export function spreadOver(urls: string[], call: Call) {
  if (urls.length === 1) return (init: Parameters<Call>[1], timeoutMs?: number) => call(urls[0]!, init, timeoutMs);
  let turn = 0;
  const restingUntil = new Map<string, number>();
  return async (init: Parameters<Call>[1], timeoutMs?: number): Promise<Response> => {
    const first = turn++ % urls.length;
    const inTurn = [...urls.slice(first), ...urls.slice(0, first)];
    const now = Date.now();
    // Instances resting still come last: when every instance refused lately, one may be back already.
    const order = [
      ...inTurn.filter((u) => (restingUntil.get(u) ?? 0) <= now),
      ...inTurn.filter((u) => (restingUntil.get(u) ?? 0) > now),
    ];
    let failure: unknown;
    for (const url of order) {
      try {
        const r = await call(url, init, timeoutMs);
        if (r.status !== 503 || url === order.at(-1)) return r;
        failure = undefined;
      } catch (e) {
        if (!neverReached(e as { code?: string }, init.body)) throw e;
        failure = e;
      }
      restingUntil.set(url, Date.now() + REST_MS);
    }
    throw failure;
  };
}
