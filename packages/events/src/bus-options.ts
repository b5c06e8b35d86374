import type { Registry } from '@guest-graph/telemetry';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface BusOptions {
  /** The service this process is: names its durable consumers and its dead letters. */
  service: string;
  natsUrl: string;
  /**
   * The service's NATS user (its name by default) and password, when the server has users (nats-auth.ts);
   * none against a server without, such as the shared development one.
   */
  credentials?: NatsCredentials;
  /** Prefix of every subject and stream name (tests use a fresh one each). */
  namespace: string;
  logger: Logger;
  /** The service's database and schema: needed to publish through the outbox or consume idempotently. */
  dataSource?: DataSource;
  schema?: string;
  relay?: { intervalMs?: number; batchSize?: number };
  /** Two minutes by default: a relay retry inside this window is dropped by JetStream as a duplicate. */
  duplicateWindowMs?: number;
  /** Limits of the streams; see `streamLimits`. */
  retention?: Partial<StreamLimits>;
  /** Copies of each stream (and so of its consumers) on a JetStream cluster: 1 by default, 3 on three nodes. */
  replicas?: number;
  /** Where the bus's metrics go (the service's `/metrics`); a private registry nobody reads when not given. */
  registry?: Registry;
}

export interface NatsCredentials {
  user: string;
  password: string;
}

/** `NATS_URL` as the client's server list: one server, or a cluster's nodes comma-separated. */
export const natsServers = (url: string) =>
  url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export interface StreamLimits {
  /** How long an event stays in its stream (a consumer down longer misses it): 14 days by default. */
  maxAgeMs: number;
  /**
   * Bytes per event stream; a full stream refuses new events, which then wait in the outboxes. Unlimited
   * (-1) unless given: NATS reserves a stream's `max_bytes` on disk when the stream is made, and test runs
   * leave many namespaces behind on a shared server (the service kit sets 1 GiB in production).
   */
  maxBytes: number;
  /** Bytes of dead letters; they never age out. A full stream refuses, and the events wait in place. */
  deadLetterMaxBytes: number;
}

export function streamLimits(options: BusOptions): StreamLimits {
  return {
    maxAgeMs: options.retention?.maxAgeMs ?? 14 * 86_400_000,
    maxBytes: options.retention?.maxBytes ?? -1,
    deadLetterMaxBytes: options.retention?.deadLetterMaxBytes ?? -1,
  };
}

/**
 * How long a consumer remembers an applied event (its inbox row): past the stream's age limit nothing can
 * deliver that event again, and a day more covers a redelivery that was already on its way.
 */
export const inboxHorizonMs = (options: BusOptions) => streamLimits(options).maxAgeMs + 86_400_000;

/** The schema holding the outbox and the inbox; a bus without a database can only ask and answer. */
export function schemaOf(options: BusOptions): string {
  if (!options.schema || !options.dataSource) throw new Error('This bus has no database: outbox unavailable');
  return options.schema;
}
