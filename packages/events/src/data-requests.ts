import {
  constants,
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  randomUUID,
} from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventBus } from './bus.js';
import { dataRequestAnswered, dataRequested, type SealedChunk } from './catalogue/data-rights.js';
import type { Producer } from './catalogue/define.js';

/**
 * Characters of sealed export per event. NATS refuses a message above the server's max_payload (1 MiB by
 * default); a quarter of that leaves room for the envelope and a server configured lower.
 */
export const SEALED_CHUNK_CHARS = 256 * 1024;

/** A fresh RSA key pair for one export request (PEM): the public half travels, the private half stays. */
export function requestKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** Seals a text for the holder of the private key (AES-256-GCM under a random key wrapped by RSA-OAEP) in slices. */
export function seal(text: string, publicKey: string, sliceChars = SEALED_CHUNK_CHARS): SealedChunk[] {
  const aes = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aes, iv);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
  const head = {
    key: publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aes).toString(
      'base64',
    ),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
  const slices: SealedChunk[] = [];
  for (let i = 0; i < data.length || i === 0; i += sliceChars)
    slices.push({ ...head, data: data.slice(i, i + sliceChars) });
  return slices;
}

/** Opens the slices of one sealed text, in order. */
export function unseal(slices: SealedChunk[], privateKey: string): string {
  const head = slices[0]!;
  const aes = privateDecrypt(
    { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from(head.key, 'base64'),
  );
  const decipher = createDecipheriv('aes-256-gcm', aes, Buffer.from(head.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(head.tag, 'base64'));
  const data = Buffer.from(slices.map((s) => s.data).join(''), 'base64');
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/** What a service does for a data request, inside the transaction that also marks the request handled. */
export interface DataRequestWork {
  /** Every record the service keeps about these guest ids, as plain JSON. */
  export(tx: EntityManager, guestIds: string[]): Promise<unknown>;
  /** Removes or anonymises the personal data it keeps about them; what the law keeps stays, without it. */
  erase(tx: EntityManager, guestIds: string[]): Promise<void>;
}

/**
 * A service's side of the data request saga: on `data-request.requested` naming it, do the work and answer
 * through the outbox in the same transaction (so a crash either leaves both undone, and the message comes
 * back, or both done). Answering twice is harmless: guests takes the first complete answer.
 */
export async function answerDataRequests(bus: EventBus, service: Producer, work: DataRequestWork, now: () => Date) {
  await bus.consume(dataRequested, {
    name: 'data-request',
    handler: async (tx, event) => {
      const request = event.data;
      if (!request.services.includes(service)) return;
      const answerId = randomUUID();
      const answer = {
        requestId: request.requestId,
        service,
        kind: request.kind,
        answerId,
        answeredAt: now().toISOString(),
      };
      if (request.kind === 'ERASURE') {
        await work.erase(tx, request.guestIds);
        await bus.emit(tx, dataRequestAnswered[service], { ...answer, index: 0, count: 1, sealed: null });
        return;
      }
      if (!request.publicKey) throw new Error('An export request carries its public key');
      const slices = seal(JSON.stringify(await work.export(tx, request.guestIds)), request.publicKey);
      for (const [index, sealed] of slices.entries())
        await bus.emit(tx, dataRequestAnswered[service], { ...answer, index, count: slices.length, sealed });
    },
  });
}
