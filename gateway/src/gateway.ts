import cluster from 'node:cluster';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { type Identity, JwtError, REQUEST_ID_HEADER, signIdentity, tokenVerifierFrom } from '@guest-graph/auth';
import { authSpec, isProduction, loadConfig, platformSpec, port, z } from '@guest-graph/config';
import {
  AddressLimiter,
  addressOf,
  createLogger,
  DEFAULT_ADDRESS_LIMIT_PER_MINUTE,
  fieldFromMessage,
  isContractCode,
  serveApollo,
} from '@guest-graph/http';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { urlVariable } from './compose.js';
import { DEFAULT_LIMITS, queryLimitsRule } from './limits.js';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  RATE_LIMITED,
  RateLimiter,
  SharedRateLimiter,
  type WorkerChannel,
} from './rate-limit.js';
import { subgraphFetcher } from './subgraph-fetcher.js';
import { isUnreachable, unavailableResponse } from './unavailable.js';

export interface GatewayContext extends BaseContext {
  identity: Identity;
  requestId: string;
}

export const gatewaySpec = {
  NODE_ENV: platformSpec.NODE_ENV,
  LOG_LEVEL: platformSpec.LOG_LEVEL,
  GATEWAY_PORT: port(4000),
  // Contract README: the development secret applies outside production; in production an unset, published or
  // short secret stops the gateway from starting. A hotel's single sign-on: AUTH_JWKS_URL, AUTH_ISSUER…
  ...authSpec,
  GATEWAY_PROOF_SECRET: platformSpec.GATEWAY_PROOF_SECRET,
  GATEWAY_MAX_DEPTH: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxDepth),
  GATEWAY_MAX_COST: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxCost),
  // Requests a minute per caller (`sub`); 0 turns the limit off.
  GATEWAY_RATE_LIMIT: z.coerce.number().int().nonnegative().default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  // Requests a minute per address that do not authenticate, counted before the body is read; 0 turns it off.
  GATEWAY_ADDRESS_RATE_LIMIT: z.coerce.number().int().nonnegative().default(DEFAULT_ADDRESS_LIMIT_PER_MINUTE),
};

// Kept-alive connections to the subgraphs, at most GATEWAY_SUBGRAPH_SOCKETS per subgraph and process.
const subgraphCalls = subgraphFetcher({ maxSockets: Number(process.env.GATEWAY_SUBGRAPH_SOCKETS ?? 64) || 64 });

/** Forwards the verified caller to a subgraph with the gateway's proof, and the request id for the logs. */
class ProvenDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly proofSecret: string,
    private readonly serviceName = 'a',
  ) {
    super({ url, fetcher: subgraphCalls as never });
  }
  /** An unreachable subgraph nulls only its own parts, each with SERVICE_UNAVAILABLE at its path. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (e) {
      if (isUnreachable(e)) return unavailableResponse(this.serviceName, options);
      throw e;
    }
  }
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!context?.identity) return;
    for (const [k, v] of Object.entries(signIdentity(context.identity, this.proofSecret)))
      request.http?.headers.set(k, v);
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }
}

export interface GatewayOptions {
  supergraphSdl: string;
  env?: NodeJS.ProcessEnv;
  port?: number;
  logger?: Logger;
  /** Where each subgraph really runs, by name; defaults to `<NAME>_URL` variables, then the supergraph's URLs. */
  subgraphUrls?: Record<string, string>;
}

export async function startGateway(opts: GatewayOptions) {
  const env = opts.env ?? process.env;
  const config = loadConfig(gatewaySpec, env);
  const logger = opts.logger ?? createLogger('gateway', config.LOG_LEVEL);
  const prod = isProduction(env);

  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    buildService: ({ name, url }) =>
      new ProvenDataSource(
        opts.subgraphUrls?.[name] ?? env[urlVariable(name)] ?? url!,
        config.GATEWAY_PROOF_SECRET,
        name,
      ),
    logger,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !prod,
    includeStacktraceInErrorResponses: false,
    // We stop in order ourselves (HTTP, consumers, database); Apollo's own signal handler would race us.
    stopOnTerminationSignals: false,
    validationRules: [
      queryLimitsRule({ ...DEFAULT_LIMITS, maxDepth: config.GATEWAY_MAX_DEPTH, maxCost: config.GATEWAY_MAX_COST }),
    ],
    formatError: gatewayFormatError(logger),
    plugins: prod ? [ApolloServerPluginLandingPageDisabled()] : [],
  });
  await apollo.start();
  let ready = true;
  const limiter =
    cluster.isWorker && process.send
      ? new SharedRateLimiter(config.GATEWAY_RATE_LIMIT, process as WorkerChannel)
      : new RateLimiter(config.GATEWAY_RATE_LIMIT);
  const verify = tokenVerifierFrom(config);
  const addressLimit = new AddressLimiter(config.GATEWAY_ADDRESS_RATE_LIMIT);
  const http = await serveApollo<GatewayContext>({
    apollo,
    port: opts.port ?? config.GATEWAY_PORT,
    logger,
    healthy: () => ready,
    addressLimit,
    context: async (req: IncomingMessage, requestId: string) => {
      const identity = await authenticate(req, verify);
      addressLimit.refund(addressOf(req));
      await limiter.check(identity.sub);
      return { identity, requestId };
    },
  });
  logger.info({ url: http.url }, 'gateway ready');
  return {
    url: http.url,
    port: http.port,
    stop: async () => {
      ready = false;
      await http.close();
      await apollo.stop();
    },
  };
}

/** Contract README: no token, a bad signature or an expired token fail with UNAUTHENTICATED and no data. */
async function authenticate(req: IncomingMessage, verify: (token: string) => Promise<Identity>): Promise<Identity> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const refuse = (message: string) =>
    new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  if (!token) throw refuse('Missing bearer token');
  try {
    return await verify(token);
  } catch (e) {
    throw refuse(e instanceof JwtError ? e.message : 'Invalid token');
  }
}

/**
 * Every error leaves the gateway with a contract code. Query mistakes (parse, validation, variable coercion)
 * are the caller's: BAD_USER_INPUT naming the field. A subgraph that cannot be reached is SERVICE_UNAVAILABLE
 * on its part of the answer. Anything else is logged and masked.
 */
export function gatewayFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => {
    const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = ext.code as string | undefined;
    const base = { message: formatted.message, path: formatted.path, locations: formatted.locations };
    if (code === RATE_LIMITED)
      return { message: formatted.message, extensions: { code, retryAfterSeconds: ext.retryAfterSeconds } };
    if (code && isContractCode(code)) {
      const { stacktrace: _s, exception: _x, http: _h, serviceName: _n, ...rest } = ext;
      if (code === 'BAD_USER_INPUT' && !rest.field) {
        const field = fieldFromMessage(formatted.message);
        if (field) rest.field = field;
      }
      return { ...base, extensions: rest };
    }
    if (
      code === 'GRAPHQL_VALIDATION_FAILED' ||
      code === 'GRAPHQL_PARSE_FAILED' ||
      code === 'INVALID_GRAPHQL' ||
      code === 'BAD_REQUEST' ||
      code === 'PERSISTED_QUERY_NOT_SUPPORTED' ||
      code === 'OPERATION_RESOLUTION_FAILURE'
    ) {
      const field = fieldFromMessage(formatted.message);
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code, ...(field ? { field } : {}) } };
    }
    // A subgraph that refused the request outright (HTTP 400: a custom scalar such as Money or Date the gateway
    // cannot check) answered in the contract's terms: pass its error on rather than masking bad input.
    const upstream = (ext.response as { body?: { errors?: GraphQLFormattedError[] } } | undefined)?.body?.errors?.[0];
    const upstreamCode = upstream?.extensions?.code as string | undefined;
    if (upstream && upstreamCode && isContractCode(upstreamCode)) {
      const { stacktrace: _s, exception: _x, http: _h, serviceName: _n, ...rest } = upstream.extensions ?? {};
      return { ...base, message: upstream.message, extensions: rest };
    }
    if (/ECONNREFUSED|ECONNRESET|fetch failed|socket hang up|Couldn't|ENOTFOUND|502|503|504/.test(formatted.message)) {
      const service = ext.serviceName ?? 'a';
      return {
        message: `The ${service} service is unavailable`,
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    logger.error({ error: formatted }, 'unexpected gateway error');
    return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
