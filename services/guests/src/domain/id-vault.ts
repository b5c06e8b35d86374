import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { normaliseDocumentNumber } from './id-document.js';

/**
 * Where identity document numbers go: AES-256-GCM at rest, and an HMAC-SHA256 blind index to find a guest
 * by number without ever storing it in clear. Two keys, so the index key can be shared with a search replica
 * without giving it the power to decrypt.
 */
export interface IdVaultKeys {
  encryption: Buffer;
  index: Buffer;
}

// In development and test a key derived from a fixed phrase keeps `npm start` and the tests working without
// setup; it protects nothing, so any other NODE_ENV (unset included: a forgotten variable must not leave
// documents under a published key) requires real keys.
const devKey = (purpose: string) => createHash('sha256').update(`guest-graph development ${purpose} key`).digest();
const mayUseDevKeys = (env: NodeJS.ProcessEnv) => env.NODE_ENV === 'development' || env.NODE_ENV === 'test';

/** A 32-byte key given as 64 hex characters or as base64. */
export function parseKey(variable: string, value: string): Buffer {
  const v = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  if (key.length !== 32) throw new Error(`${variable} must be 32 bytes, as 64 hex characters or base64`);
  return key;
}

/** Reads `GUESTS_ID_ENCRYPTION_KEY` and `GUESTS_ID_INDEX_KEY`; required unless NODE_ENV is development or test. */
export function idVaultKeysFrom(env: NodeJS.ProcessEnv): IdVaultKeys {
  const devKeys = mayUseDevKeys(env);
  const read = (variable: string, purpose: string) => {
    const value = env[variable];
    if (!value) {
      if (devKeys) return devKey(purpose);
      throw new Error(`${variable} is required unless NODE_ENV is development or test`);
    }
    const key = parseKey(variable, value);
    if (!devKeys && key.equals(devKey(purpose)))
      throw new Error(`${variable} is the development key; set a key of your own`);
    return key;
  };
  return {
    encryption: read('GUESTS_ID_ENCRYPTION_KEY', 'id-encryption'),
    index: read('GUESTS_ID_INDEX_KEY', 'id-index'),
  };
}

const VERSION = 'v1';

export class IdVault {
  constructor(private readonly keys: IdVaultKeys) {}

  /**
   * `v1:<iv>:<tag>:<ciphertext>` in base64. The guest id is the associated data, so a ciphertext copied onto
   * another guest's row does not decrypt.
   */
  encrypt(number: string, guestId: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryption, iv);
    cipher.setAAD(Buffer.from(guestId));
    const ct = Buffer.concat([cipher.update(normaliseDocumentNumber(number), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
  }

  decrypt(sealed: string, guestId: string): string {
    const [version, iv, tag, ct] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || !ct) throw new Error('Unknown identity document cipher format');
    const decipher = createDecipheriv('aes-256-gcm', this.keys.encryption, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(guestId));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  }

  /** The blind index of a number, whatever its type: equal numbers give equal indexes, nothing else does. */
  blindIndex(number: string): string {
    return createHmac('sha256', this.keys.index).update(normaliseDocumentNumber(number)).digest('hex');
  }
}
