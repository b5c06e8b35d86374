import { z } from 'zod';

/**
 * One entry of the event catalogue: the subject it travels on, its version and the schema of its payload.
 * The payload is validated when it is written to the outbox and again when it is consumed, so a producer
 * cannot send and a consumer cannot act on a malformed event.
 */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  /** Dotted name in the hotel's words, e.g. `stay.checked-out`. */
  readonly name: string;
  /** The service that owns the event and whose stream carries it. */
  readonly producer: Producer;
  readonly version: number;
  readonly schema: S;
}
export type EventData<E extends EventDefinition> = z.output<E['schema']>;

export const PRODUCERS = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit'] as const;
export type Producer = (typeof PRODUCERS)[number];

export const defineEvent = <S extends z.ZodType>(
  producer: Producer,
  name: string,
  version: number,
  schema: S,
): EventDefinition<S> => ({ producer, name, version, schema });

/** A synchronous question one service asks another over NATS request/reply. */
export interface RequestDefinition<Q extends z.ZodType = z.ZodType, A extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly responder: Producer;
  readonly request: Q;
  readonly reply: A;
}
export const defineRequest = <Q extends z.ZodType, A extends z.ZodType>(
  responder: Producer,
  name: string,
  request: Q,
  reply: A,
): RequestDefinition<Q, A> => ({ responder, name, request, reply });

// Shared shapes, so every producer writes money, dates and ids the same way.
export const id = z.string().uuid();
/** Money as a decimal string with at most two fraction digits (contract README: never a float). */
export const money = z.string().regex(/^-?\d+(\.\d{1,2})?$/);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const isoDateTime = z.string().datetime({ offset: true });
/**
 * A page of a history question (a reporting copy's backfill): the rows after `after` (the answerer's keyset
 * cursor, opaque to the asker), at most `limit`. The answer's `next` is the cursor to ask after, null at the end.
 */
export const historyPage = z.object({
  after: z.string().max(200).nullable(),
  limit: z.number().int().min(1).max(1000),
});
export { z };
