import { describe, expect, it } from 'vitest';
import { IdVault, idVaultKeysFrom, parseKey } from './id-vault.js';

const vault = new IdVault(idVaultKeysFrom({ NODE_ENV: 'test' }));
const guest = '7d3c0c36-8d1e-4b8e-9d59-0c7a4d3f0a11';

describe('identity document vault', () => {
  it('round-trips a number and never writes it in clear', () => {
    const sealed = vault.encrypt('11010519491231002x', guest);
    expect(sealed).not.toContain('110105');
    expect(Buffer.from(sealed.split(':')[3]!, 'base64').toString('latin1')).not.toContain('1101');
    expect(vault.decrypt(sealed, guest)).toBe('11010519491231002X');
  });
  it('uses a fresh IV each time and refuses a ciphertext moved to another guest or tampered with', () => {
    const a = vault.encrypt('E12345678', guest);
    expect(vault.encrypt('E12345678', guest)).not.toBe(a);
    expect(() => vault.decrypt(a, '00000000-0000-4000-8000-000000000000')).toThrow();
    const parts = a.split(':');
    parts[3] = Buffer.from('X'.repeat(9)).toString('base64');
    expect(() => vault.decrypt(parts.join(':'), guest)).toThrow();
  });
  it('indexes the same number the same way however typed, and depends on the key', () => {
    expect(vault.blindIndex('e123 456 78')).toBe(vault.blindIndex('E12345678'));
    expect(vault.blindIndex('E12345678')).not.toBe(vault.blindIndex('E12345679'));
    const other = new IdVault(idVaultKeysFrom({ NODE_ENV: 'test', GUESTS_ID_INDEX_KEY: 'ab'.repeat(32) }));
    expect(other.blindIndex('E12345678')).not.toBe(vault.blindIndex('E12345678'));
  });
  it('requires both keys in production and refuses a key of the wrong size', () => {
    expect(() => idVaultKeysFrom({ NODE_ENV: 'production' })).toThrow(/GUESTS_ID_ENCRYPTION_KEY is required/);
    expect(() => idVaultKeysFrom({ NODE_ENV: 'production', GUESTS_ID_ENCRYPTION_KEY: 'ab'.repeat(32) })).toThrow(
      /GUESTS_ID_INDEX_KEY is required/,
    );
    expect(() => parseKey('K', 'c2hvcnQ=')).toThrow(/32 bytes/);
    const keys = idVaultKeysFrom({
      NODE_ENV: 'production',
      GUESTS_ID_ENCRYPTION_KEY: 'ab'.repeat(32),
      GUESTS_ID_INDEX_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(keys.index).toEqual(Buffer.alloc(32, 7));
  });
  it('uses its development keys only when NODE_ENV is development or test', () => {
    const dev = idVaultKeysFrom({ NODE_ENV: 'development' });
    expect(idVaultKeysFrom({ NODE_ENV: 'test' })).toEqual(dev);
    // A forgotten NODE_ENV must not leave documents under a key anyone can derive from this file.
    expect(() => idVaultKeysFrom({})).toThrow(/GUESTS_ID_ENCRYPTION_KEY is required unless NODE_ENV is development/);
    expect(() => idVaultKeysFrom({ NODE_ENV: 'staging', GUESTS_ID_ENCRYPTION_KEY: 'ab'.repeat(32) })).toThrow(
      /GUESTS_ID_INDEX_KEY is required/,
    );
    // Nor may the development keys be given explicitly in production.
    expect(() =>
      idVaultKeysFrom({
        NODE_ENV: 'production',
        GUESTS_ID_ENCRYPTION_KEY: dev.encryption.toString('hex'),
        GUESTS_ID_INDEX_KEY: dev.index.toString('base64'),
      }),
    ).toThrow(/GUESTS_ID_ENCRYPTION_KEY is the development key/);
  });
});
