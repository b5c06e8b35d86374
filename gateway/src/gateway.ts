import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloGateway, type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { type Identity, JwtError, REQUEST_ID_HEADER, signIdentity, tokenVerifierFrom } from '@guest-graph/auth';
import { authSpec, csv, flag, isProduction, loadConfig, platformSpec, port, z } from '@guest-graph/config';
import {
  AddressLimiter,
  addressOf,
  corsPolicy,
  createLogger,
  DEFAULT_ADDRESS_LIMIT_PER_MINUTE,
  fieldFromMessage,
  isContractCode,
  serveApollo,
} from '@guest-graph/http';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { urlVariable } from './compose.js';
import { CONSOLE_PATH, consoleFiles, DEV_TOKEN_PATH, devTokens } from './console.js';
import { GRAPHIQL_ASSETS_PATH, graphiqlAssets, graphiqlLandingPage } from './graphiql.js';
import { DEFAULT_LIMITS, queryLimitRules } from './limits.js';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  RATE_LIMITED,
  RateLimiter,
  SharedRateLimiter,
  type WorkerChannel,
} from './rate-limit.js';
import { spreadOver, subgraphFetcher } from './subgraph-fetcher.js';
import { type TrustedDocumentManifest, trustedDocuments } from './trusted-documents.js';
import { isUnreachable, unavailableResponse } from './unavailable.js';

export interface GatewayContext extends BaseContext {
  identity: Identity;
  requestId: string;
}

/** A subgraph call slower than this is given up (a hung subgraph must not hold the gateway's requests). */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

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
  GATEWAY_MAX_ALIASES: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxAliases),
  GATEWAY_MAX_TOKENS: z.coerce.number().int().positive().default(DEFAULT_LIMITS.maxTokens),
  // Browser origins allowed to call the graph (contract README, "Reaching the graph from other programs").
  CORS_ORIGINS: csv,
  // How long the gateway waits for a subgraph's answer before serving its part as SERVICE_UNAVAILABLE;
  // `<NAME>_TIMEOUT_MS` (GUESTS_TIMEOUT_MS, SERVICE_RECOVERY_TIMEOUT_MS…) sets one subgraph's.
  GATEWAY_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(DEFAULT_SUBGRAPH_TIMEOUT_MS),
  // Production: run only the operations of gateway/trusted-documents.json (the contract's and the consoles').
  GATEWAY_TRUSTED_DOCUMENTS_ONLY: flag(false),
  // Requests a minute per caller (`sub`); 0 turns the limit off.
  GATEWAY_RATE_LIMIT: z.coerce.number().int().nonnegative().default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  // Requests a minute per address that do not authenticate, counted before the body is read; 0 turns it off.
  GATEWAY_ADDRESS_RATE_LIMIT: z.coerce.number().int().nonnegative().default(DEFAULT_ADDRESS_LIMIT_PER_MINUTE),
};

/** `GUESTS_TIMEOUT_MS`, `SERVICE_RECOVERY_TIMEOUT_MS`…: one subgraph's own timeout. */
export const timeoutVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_TIMEOUT_MS`;

// Kept-alive connections to the subgraphs, at most GATEWAY_SUBGRAPH_SOCKETS per subgraph and process.
const subgraphCalls = subgraphFetcher({ maxSockets: Number(process.env.GATEWAY_SUBGRAPH_SOCKETS ?? 64) || 64 });

/** Forwards the verified caller to a subgraph with the gateway's proof, and the request id for the logs. */
class ProvenDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    /** The subgraph's instances, comma-separated: the calls are spread over them. */
    urls: string,
    private readonly proofSecret: string,
    private readonly serviceName: string,
    timeoutMs: number,
  ) {
    const instances = urls
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    const call = spreadOver(instances, subgraphCalls);
    super({ url: instances[0], fetcher: ((_: string, init: never) => call(init, timeoutMs)) as never });
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
  /** The trusted documents for GATEWAY_TRUSTED_DOCUMENTS_ONLY; defaults to gateway/trusted-documents.json. */
  trustedDocuments?: TrustedDocumentManifest;
  /** Where each subgraph really runs, by name; defaults to `<NAME>_URL` variables, then the supergraph's URLs. */
  subgraphUrls?: Record<string, string>;
  /** The built console served at /console/; defaults to packages/console/dist. */
  consoleDir?: string;
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
        Number(env[timeoutVariable(name)]) || config.GATEWAY_SUBGRAPH_TIMEOUT_MS,
      ),
    logger,
  });
  const trusted = config.GATEWAY_TRUSTED_DOCUMENTS_ONLY
    ? trustedDocuments(
        opts.trustedDocuments ??
          JSON.parse(readFileSync(new URL('../trusted-documents.json', import.meta.url), 'utf8')),
      )
    : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Apollo's automatic persisted queries (in memory, per worker); with trusted documents, the manifest alone.
    ...(trusted ? { persistedQueries: { cache: trusted.cache } } : {}),
    introspection: !prod,
    includeStacktraceInErrorResponses: false,
    // We stop in order ourselves (HTTP, consumers, database); Apollo's own signal handler would race us.
    stopOnTerminationSignals: false,
    validationRules: [
      ...(trusted ? [trusted.rule] : []),
      ...queryLimitRules({
        maxDepth: config.GATEWAY_MAX_DEPTH,
        maxCost: config.GATEWAY_MAX_COST,
        maxAliases: config.GATEWAY_MAX_ALIASES,
        maxTokens: config.GATEWAY_MAX_TOKENS,
      }),
    ],
    // graphql-js stops lexing past this many tokens: a megabyte of `{a a a …}` costs no parse.
    parseOptions: { maxTokens: config.GATEWAY_MAX_TOKENS },
    // In production a misspelt field gets no "Did you mean …?": the schema is not for strangers to map.
    hideSchemaDetailsFromClientErrors: prod,
    formatError: gatewayFormatError(),
    plugins: [requestIds(logger), prod ? ApolloServerPluginLandingPageDisabled() : graphiqlLandingPage()],
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
    cors: corsPolicy(config.CORS_ORIGINS, prod),
    // Routes match by prefix, first listed first: the token endpoint before the console's files.
    routes: {
      ...(prod
        ? {}
        : { [GRAPHIQL_ASSETS_PATH]: graphiqlAssets(), [DEV_TOKEN_PATH]: devTokens(config.AUTH_JWT_SECRET) }),
      [CONSOLE_PATH.slice(0, -1)]: consoleFiles(opts.consoleDir),
    },
    healthy: () => ready,
    addressLimit,
    context: async (req: IncomingMessage, requestId: string) => {
      try {
        const identity = await authenticate(req, verify);
        addressLimit.refund(addressOf(req));
        await limiter.check(identity.sub);
        return { identity, requestId };
      } catch (e) {
        throw withRequestId(e, requestId);
      }
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
export function gatewayFormatError() {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => contractError(formatted);
}

/**
 * Puts the request's id in every error's `extensions.requestId`: the id the gateway's and the subgraphs' log lines
 * carry for the request, what a desk quotes to support. Errors the gateway masks are logged here with it. (A
 * plugin rather than AsyncLocalStorage for the id: measured, ALS's promise hooks cost ~30 % more CPU a request.)
 */
function requestIds(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const e of errors) {
            const raw = e.toJSON();
            if (contractError(raw).extensions?.code === 'INTERNAL_SERVER_ERROR')
              logger.error({ error: raw, requestId: contextValue.requestId }, 'unexpected gateway error');
          }
        },
        async willSendResponse({ response, contextValue }) {
          const body = response.body;
          if (body.kind !== 'single' || !body.singleResult.errors) return;
          const requestId = contextValue.requestId;
          body.singleResult.errors = body.singleResult.errors.map((e) => ({
            ...e,
            extensions: { ...e.extensions, requestId },
          }));
        },
      };
    },
  };
}

/** A refusal before Apollo's pipeline (no token, rate limited) carries the request id itself. */
function withRequestId(e: unknown, requestId: string): unknown {
  if (!(e instanceof GraphQLError)) return e;
  return new GraphQLError(e.message, { extensions: { ...e.extensions, requestId } });
}

function contractError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = ext.code as string | undefined;
  const base = { message: formatted.message, path: formatted.path, locations: formatted.locations };
  if (code === RATE_LIMITED)
    return {
      message: formatted.message,
      extensions: { code, retryAfterSeconds: ext.retryAfterSeconds, requestId: ext.requestId },
    };
  // Apollo's automatic persisted queries: clients resend the query text on exactly these codes.
  if (code === 'PERSISTED_QUERY_NOT_FOUND' || code === 'PERSISTED_QUERY_NOT_SUPPORTED')
    return { message: formatted.message, extensions: { code } };
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
    code === 'OPERATION_RESOLUTION_FAILURE'
  ) {
    if (ext.reason === 'NOT_A_TRUSTED_DOCUMENT')
      return { ...base, extensions: { code: 'FORBIDDEN', reason: ext.reason, field: 'query' } };
    const tokens = /Document contains more tha[nt] (\d+) tokens/.exec(formatted.message)?.[1];
    if (tokens)
      return {
        ...base,
        message: `Query is too long: more than ${tokens} tokens`,
        extensions: { code: 'BAD_USER_INPUT', reason: code, field: 'query' },
      };
    const field = (ext.field as string | undefined) ?? fieldFromMessage(formatted.message);
    return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code, ...(field ? { field } : {}) } };
  }
  // Apollo gives this APQ refusal no code at all.
  if (formatted.message === 'provided sha does not match query')
    return { ...base, extensions: { code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.sha256Hash' } };
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
  return { message: 'Internal error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
