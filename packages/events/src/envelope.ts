import { randomUUID } from 'node:crypto';
import type { EventDefinition } from './catalogue/define.js';

/** What travels on the wire: the catalogue payload wrapped with what every consumer needs to be idempotent. */
export interface Envelope<T = unknown> {
  /** Unique per event; the outbox row id, the `Nats-Msg-Id`, and the consumer's idempotency key. */
  id: string;
  type: string;
  version: number;
  producer: string;
  occurredAt: string;
  /** The request that caused the event, so logs can follow a call across services. */
  requestId?: string;
  data: T;
}

export function envelope<T>(
  def: EventDefinition,
  data: T,
  opts: { id?: string; requestId?: string } = {},
): Envelope<T> {
  return {
    id: opts.id ?? randomUUID(),
    type: def.name,
    version: def.version,
    producer: def.producer,
    occurredAt: new Date().toISOString(),
    ...(opts.requestId ? { requestId: opts.requestId } : {}),
    data,
  };
}
