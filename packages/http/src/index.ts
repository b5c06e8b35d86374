import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { contextFrom, context as otelContext, SpanKind, trace, tracer, tracingOn } from '@guest-graph/telemetry';
import cors from 'cors';
import { type Logger, pino } from 'pino';
import { type AddressLimiter, admitAddress } from './address-limit.js';

export { AddressLimiter, addressOf, admitAddress, DEFAULT_ADDRESS_LIMIT_PER_MINUTE } from './address-limit.js';
export { createLogger, isPersonalKey, safeError, scrub } from './logger.js';
export { graphqlMetrics } from './metrics.js';
export { type Logger, pino };

/** What `GET /health/ready` reports: ready or not, and each dependency's state. */
export interface Readiness {
  ok: boolean;
  checks?: Record<string, string>;
}

export interface HttpOptions<C extends BaseContext> {
  /** The server, or how to get it while it is still starting (undefined: GraphQL answers 503 meanwhile). */
  apollo: ApolloServer<C> | (() => ApolloServer<C> | undefined);
  port: number;
  host?: string;
  logger: Logger;
  /**
   * Builds the per-request context; throw a GraphQLError to refuse the request. `sent` is the request as it
   * came (body text, query string), for a subgraph to check the gateway's proof is for this very request.
   */
  context: (req: IncomingMessage, requestId: string, sent: { body: string; search: string }) => Promise<C>;
  /** `GET /health`: 200 while this returns true. */
  healthy?: () => boolean | Promise<boolean>;
  /**
   * `GET /health/ready` (and `/health`): 200 when this says ok, else 503 with the checks; `GET /health/live`
   * is 200 for as long as the process serves at all, so an orchestrator restarts it only when it hangs.
   */
  ready?: () => Readiness | Promise<Readiness>;
  /** Largest request body accepted (bytes); bigger ones get 413 before they are parsed. */
  maxBodyBytes?: number;
  /** Browsers on other origins: which origins may call, and how long a preflight's answer may be cached. */
  cors?: CorsPolicy;
  /** More routes by path prefix (such as GraphiQL's files); the handler ends the response. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;
  /** Requests counted per remote address before the body is read (see `AddressLimiter`). */
  addressLimit?: AddressLimiter;
  /** The process's name on its spans when this server starts them itself (tracing on, no http instrumentation). */
  service?: string;
  /**
   * Whether a caller's `x-request-id` becomes the request's id (true: a subgraph, whose only caller is the
   * gateway). The gateway is the edge: it makes its own, so audit rows never carry a client's chosen id, and
   * logs the client's beside it (`clientRequestId`) so a desk's log can still be matched.
   */
  trustRequestId?: boolean;
}

export interface CorsPolicy {
  allowOrigin(origin: string): boolean;
  maxAgeSeconds?: number;
}

/** Request headers a browser client may send: what Apollo Client, GraphiQL and a bearer token need. */
const CORS_REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'x-request-id',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];

export interface RunningHttp {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting requests, lets in-flight ones finish, then closes idle keep-alive sockets. */
  close(): Promise<void>;
}

/**
 * Serves an Apollo server on plain node:http. No framework: the graph needs one route, `/health`, and the
 * overhead of a framework shows up in the gateway's throughput.
 */
export async function serveApollo<C extends BaseContext>(opts: HttpOptions<C>): Promise<RunningHttp> {
  const maxBody = opts.maxBodyBytes ?? 1_000_000;
  let closing = false;
  const policy = opts.cors;
  // The `cors` package answers preflights (204, allowed methods and headers, max-age) and adds
  // Access-Control-Allow-Origin to answers for an allowed origin only; a refused origin gets no CORS header.
  const corsHandler = policy
    ? cors({
        origin: (origin, done) => done(null, origin !== undefined && policy.allowOrigin(origin)),
        methods: ['GET', 'POST'],
        allowedHeaders: CORS_REQUEST_HEADERS,
        exposedHeaders: ['x-request-id'],
        maxAge: policy.maxAgeSeconds ?? 7200,
      })
    : undefined;
  const server = createServer((req, res) => {
    const header = req.headers['x-request-id'];
    const sane = typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : null;
    // The gateway's own id when the caller is the gateway (a subgraph); a fresh one at the edge.
    const requestId = sane && opts.trustRequestId !== false ? sane : randomUUID();
    if (sane && sane !== requestId) opts.logger.debug({ requestId, clientRequestId: sane }, 'client request id');
    res.setHeader('x-request-id', requestId);
    const serve = () =>
      corsHandler ? corsHandler(req, res, () => void handle(req, res, requestId)) : void handle(req, res, requestId);
    if (!tracingOn() || trace.getActiveSpan() || /^\/(health|metrics)/.test(req.url ?? '')) return serve();
    // Tracing on without the http instrumentation's server span (a test's in-process graph): this request's
    // span continues the caller's trace from its `traceparent`, so a subgraph's work joins the gateway's trace.
    const span = tracer().startSpan(
      `${req.method} ${(req.url ?? '/').split('?')[0]}`,
      { kind: SpanKind.SERVER, attributes: { 'guest_graph.service': opts.service ?? 'unknown' } },
      contextFrom(req.headers),
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    });
    otelContext.with(trace.setSpan(contextFrom(req.headers), span), serve);
  });
  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    try {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const route = Object.entries(opts.routes ?? {}).find(([prefix]) => path.startsWith(prefix))?.[1];
      if (route) return await route(req, res);
      if (path === '/health/live') return send(res, closing ? 503 : 200, { status: closing ? 'closing' : 'ok' });
      if (path === '/health' || path === '/health/ready') {
        const r: Readiness = opts.ready ? await opts.ready() : { ok: opts.healthy ? await opts.healthy() : true };
        const ok = !closing && r.ok;
        return send(res, ok ? 200 : 503, {
          status: ok ? 'ok' : 'unavailable',
          ...(r.checks ? { checks: r.checks } : {}),
        });
      }
      if (path !== '/graphql' && path !== '/') return send(res, 404, { error: 'not found' });
      if (opts.addressLimit && !admitAddress(opts.addressLimit, req, res)) return;
      const apollo = typeof opts.apollo === 'function' ? opts.apollo() : opts.apollo;
      if (!apollo)
        return send(res, 503, {
          errors: [{ message: 'The service is starting', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        });
      const body = req.method === 'POST' ? await readBody(req, maxBody) : undefined;
      if (body === TOO_LARGE)
        return send(res, 413, {
          errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT', requestId } }],
        });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      let parsed: unknown;
      if (body?.length) {
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(res, 400, {
            errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT', requestId } }],
          });
        }
      }
      const search = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '';
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body: parsed },
        context: () => opts.context(req, requestId, { body: body ?? '', search }),
      });
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') res.end(result.body.string);
      else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (e) {
      opts.logger.error({ err: e, requestId }, 'request failed');
      if (!res.headersSent)
        send(res, 500, {
          errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
        });
      else res.end();
    }
  };
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
    },
  };
}

const TOO_LARGE = Symbol('too large');
function readBody(req: IncomingMessage, max: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        // Read on without keeping it, so the client (still sending) gets the 413 rather than a reset socket.
        req.removeAllListeners('data');
        req.resume();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function onShutdown(logger: Logger, stop: () => Promise<void>) {
  let stopping = false;
  const handler = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await stop();
      process.exit(0);
    } catch (e) {
      logger.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

/**
 * Outside production, any localhost or 127.0.0.1 origin (a frontend's development server on any port); always,
 * the origins listed (exact match, as a browser sends them: scheme, host and port).
 */
export function corsPolicy(allowed: string[], production: boolean): CorsPolicy {
  const listed = new Set(allowed.map((o) => o.trim().replace(/\/$/, '')).filter(Boolean));
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?$/;
  return { allowOrigin: (origin) => listed.has(origin) || (!production && local.test(origin)) };
}

export { CONTRACT_ERROR_CODES, type ContractErrorCode, fieldFromMessage, isContractCode } from './errors.js';
