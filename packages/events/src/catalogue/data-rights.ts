import { defineEvent, id, isoDateTime, PRODUCERS, type Producer, z } from './define.js';

/**
 * Data subject requests (PIPL Art. 44-47, GDPR Art. 15-17, 20) as a saga: guests records the request and
 * announces it; every service answers with its part through its own outbox. Nothing personal travels in
 * clear: the request names guest ids only, and an export's part is sealed with the request's public key
 * (the private key never leaves the guests database and is destroyed once the export is assembled), so what
 * the streams keep is unreadable once the request is done.
 */
export const DATA_REQUEST_KINDS = ['EXPORT', 'ERASURE'] as const;
const kind = z.enum(DATA_REQUEST_KINDS);
const service = z.enum(PRODUCERS);

/** Asked again (a new event, same requestId) of the services that have not answered yet. */
export const dataRequested = defineEvent(
  'guests',
  'data-request.requested',
  1,
  z.object({
    requestId: id,
    kind,
    /** The guest and every profile merged into it: all of it is the same person's. */
    guestIds: z.array(id).min(1).max(100),
    /** SPKI PEM of the request's RSA key, for sealing an export's part. */
    publicKey: z.string().max(2000).nullable(),
    /** The services asked; all five on the first ask, the silent ones on a re-ask. */
    services: z.array(service).min(1),
    requestedAt: isoDateTime,
  }),
);

const sealedChunk = z.object({
  /** The AES-256 key, wrapped with the request's RSA public key (OAEP, SHA-256), base64. */
  key: z.string(),
  iv: z.string(),
  tag: z.string(),
  /** One slice of the base64 ciphertext. */
  data: z.string(),
});
export type SealedChunk = z.output<typeof sealedChunk>;

const answer = (producer: Producer) =>
  defineEvent(
    producer,
    'data-request.answered',
    1,
    z.object({
      requestId: id,
      service,
      kind,
      /** One answer (a re-ask may bring a second one); an export's chunks belong to one answer. */
      answerId: id,
      index: z.number().int().min(0),
      count: z.number().int().min(1),
      /** An export's part (a chunk of it), sealed; null for an erasure's "done". */
      sealed: sealedChunk.nullable(),
      answeredAt: isoDateTime,
    }),
  );

/** Each service's answer travels on its own stream. */
export const dataRequestAnswered = {
  guests: answer('guests'),
  accounts: answer('accounts'),
  'service-recovery': answer('service-recovery'),
  loyalty: answer('loyalty'),
  credit: answer('credit'),
} as const satisfies Record<Producer, unknown>;
