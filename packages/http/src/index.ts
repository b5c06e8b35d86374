import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { type Logger, pino } from 'pino';
import { type AddressLimiter, admitAddress } from './address-limit.js';

export { AddressLimiter, addressOf, admitAddress, DEFAULT_ADDRESS_LIMIT_PER_MINUTE } from './address-limit.js';
export { createLogger, isPersonalKey, safeError, scrub } from './logger.js';
export { type Logger, pino };

export interface HttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  port: number;
  host?: string;
  logger: Logger;
  /** Builds the per-request context; throw a GraphQLError to refuse the request. */
  context: (req: IncomingMessage, requestId: string) => Promise<C>;
  /** `GET /health`: 200 while this returns true. */
  healthy?: () => boolean | Promise<boolean>;
  /** Largest request body accepted (bytes); bigger ones get 413 before they are parsed. */
  maxBodyBytes?: number;
  /** Requests counted per remote address before the body is read (see `AddressLimiter`). */
  addressLimit?: AddressLimiter;
}

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
  const server = createServer(async (req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') {
        const ok = !closing && (opts.healthy ? await opts.healthy() : true);
        return send(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
      }
      if (path !== '/graphql' && path !== '/') return send(res, 404, { error: 'not found' });
      if (opts.addressLimit && !admitAddress(opts.addressLimit, req, res)) return;
      const body = req.method === 'POST' ? await readBody(req, maxBody) : undefined;
      if (body === TOO_LARGE)
        return send(res, 413, {
          errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT' } }],
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
            errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }],
          });
        }
      }
      const result = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? 'GET',
          headers,
          search: (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?')) : '',
          body: parsed,
        },
        context: () => opts.context(req, requestId),
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
        send(res, 500, { errors: [{ message: 'Internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    }
  });
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

export { CONTRACT_ERROR_CODES, type ContractErrorCode, fieldFromMessage, isContractCode } from './errors.js';
