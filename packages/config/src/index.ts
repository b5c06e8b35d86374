import { z } from 'zod';
import { DEV_GATEWAY_PROOF_SECRET, secret, secretProblem } from './secrets.js';

export { z };

/** Thrown when the environment does not satisfy a schema; names every variable at fault. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export const isProduction = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'production';

/**
 * A variable with a development default. In production the default does not apply, so a missing
 * secret or address stops the process instead of silently pointing at a developer's laptop.
 */
export function devDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return { schema, devDefault: fallback } as const;
}

type Spec = Record<string, z.ZodType | { schema: z.ZodType; devDefault: unknown; secret?: boolean }>;
type Out<S extends Spec> = {
  [K in keyof S]: S[K] extends { schema: infer T extends z.ZodType }
    ? z.output<T>
    : S[K] extends z.ZodType
      ? z.output<S[K]>
      : never;
};

/** Reads and validates `spec` from `env`; throws a ConfigError naming each missing or malformed variable. */
export function loadConfig<S extends Spec>(spec: S, env: NodeJS.ProcessEnv = process.env): Out<S> {
  const prod = isProduction(env);
  const out: Record<string, unknown> = {};
  const problems: { variable: string; message: string }[] = [];
  for (const [name, entry] of Object.entries(spec)) {
    const schema = entry instanceof z.ZodType ? entry : entry.schema;
    let raw: unknown = env[name];
    if ((raw === undefined || raw === '') && !(entry instanceof z.ZodType) && !prod) raw = entry.devDefault;
    if (raw === '') raw = undefined;
    const weak = prod && !(entry instanceof z.ZodType) && entry.secret ? secretProblem(raw) : undefined;
    if (weak) {
      problems.push({ variable: name, message: weak });
      continue;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) out[name] = parsed.data;
    else
      problems.push({
        variable: name,
        message: raw === undefined ? 'is required' : `is malformed (${parsed.error.issues[0]?.message})`,
      });
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Out<S>;
}

export { authSpec } from './auth.js';
export {
  DEV_GATEWAY_PROOF_SECRET,
  DEV_JWT_SECRET,
  MIN_SECRET_BYTES,
  secret,
  secretProblem,
} from './secrets.js';

/** The property's time zone when none is configured: its business dates are Beijing dates. */
export const DEFAULT_HOTEL_TIME_ZONE = 'Asia/Shanghai';

/** An IANA time zone the runtime's `Intl` knows (`Asia/Shanghai`, `UTC`, `America/New_York`). */
export const timeZone = (fallback: string) =>
  z
    .string()
    .refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not an IANA time zone' },
    )
    .default(fallback);

/** `NATS_URL`'s servers: `nats://host:port` or `host:port`, comma-separated for a cluster's nodes. */
const natsServers = z
  .string()
  .min(1)
  .refine(
    (v) => v.split(',').every((s) => /^(nats|tls|ws|wss):\/\/[^\s,/]+(:\d+)?\/?$|^[^\s,/:]+:\d+$/.test(s.trim())),
    {
      message: 'servers as nats://host:port, comma-separated',
    },
  );

/** The variables every process of the graph shares. */
export const platformSpec = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: devDefault(z.string().url(), 'postgres://postgres@127.0.0.1:5432/hotel'),
  /** One server, or every node of a cluster comma-separated (`nats://n1:4222,nats://n2:4222`): any may answer. */
  NATS_URL: devDefault(natsServers, 'nats://127.0.0.1:4222'),
  /** Prefix of every subject and stream, so test runs and environments never see each other's events. */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/)
    .default('hotel'),
  /** Shared by the gateway and the subgraphs to prove that a request came through the gateway. */
  GATEWAY_PROOF_SECRET: secret(DEV_GATEWAY_PROOF_SECRET, z.string().min(16)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The address a subgraph listens on: the loopback unless told otherwise, so only a gateway on the same host
   * reaches it (compose, where the gateway is another container, sets 0.0.0.0 on its private network).
   */
  SUBGRAPH_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** The hotel's zone: which date "today" is, and on which date a stay, a payment or a check-out falls. */
  HOTEL_TIME_ZONE: timeZone(DEFAULT_HOTEL_TIME_ZONE),
  /** Connections each service keeps to PostgreSQL. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Days an event stays in its JetStream stream (consumers that were away longer replay from the outbox). */
  EVENTS_STREAM_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /**
   * Bytes a stream may hold; unset means 1 GiB in production and no limit elsewhere (NATS reserves the limit on
   * disk per stream, and tests leave many namespaces behind on one server).
   */
  EVENTS_STREAM_MAX_BYTES: z.coerce.number().int().min(1_048_576).optional(),
  /** Bytes the dead-letter stream may hold; unset means 256 MiB in production and no limit elsewhere. */
  EVENTS_DEAD_LETTER_MAX_BYTES: z.coerce.number().int().min(1_048_576).optional(),
  /**
   * Copies JetStream keeps of every stream (and its consumers): 1 on a single server, 3 on a three-node cluster
   * so that losing one node loses nothing. More than the cluster has nodes and NATS refuses to make the stream.
   */
  EVENTS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** Bearer token `GET /metrics` asks for; in production the endpoint is not served while it is unset. */
  METRICS_TOKEN: z.string().min(16).optional(),
} as const;

/**
 * A subgraph's NATS user (issue 20): each service connects as its own user, whose permissions the event
 * catalogue gives (packages/events/src/nats-auth.ts). Outside production both may stay unset, for a NATS without
 * users (the shared development server, CI's); in production the password is a secret like any other, so a
 * service refuses to start without one.
 */
export const natsSpec = {
  /** The user's name; the service's own name when unset. */
  NATS_USER: z.string().trim().min(1).optional(),
  /** Letters and digits starting with a letter: nats-server reads it from its environment as a value (compose). */
  NATS_PASSWORD: secret(
    undefined,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'letters and digits, starting with a letter')
      .optional(),
  ),
} as const;

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export {
  number,
  type ServiceName,
  type ServiceSettings,
  serviceSettings,
  settingsOf,
  wholeNumber,
} from './services.js';

/** A comma-separated list (`a.example, b.example`); unset or empty is an empty list. */
export const csv = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** `true`/`1`/`yes` or `false`/`0`/`no`; anything else is a configuration error rather than a silent false. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

/**
 * How long Postgres may take, for every service. A statement past its timeout is cancelled (SQLSTATE 57014); a
 * transaction left idle past its timeout is ended by the server, its locks released; a connection not made in
 * time fails instead of queueing the request behind it. 0 turns one off.
 */
export const databaseTimeoutSpec = {
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(60_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(5_000),
} as const;
