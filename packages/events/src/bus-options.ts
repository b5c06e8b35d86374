import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface BusOptions {
  /** The service this process is: names its durable consumers and its dead letters. */
  service: string;
  natsUrl: string;
  /** Prefix of every subject and stream name (tests use a fresh one each). */
  namespace: string;
  logger: Logger;
  /** The service's database and schema: needed to publish through the outbox or consume idempotently. */
  dataSource?: DataSource;
  schema?: string;
  relay?: { intervalMs?: number; batchSize?: number };
  /** Two minutes by default: a relay retry inside this window is dropped by JetStream as a duplicate. */
  duplicateWindowMs?: number;
}

/** The schema holding the outbox and the inbox; a bus without a database can only ask and answer. */
export function schemaOf(options: BusOptions): string {
  if (!options.schema || !options.dataSource) throw new Error('This bus has no database: outbox unavailable');
  return options.schema;
}
