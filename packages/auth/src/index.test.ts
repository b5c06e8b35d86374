import { describe, expect, it } from 'vitest';
import { DEV_JWT_SECRET, JwtError, mintToken, signIdentity, signJwt, verifyIdentity, verifyJwt } from './index.js';

describe('JWT', () => {
  it('accepts a token signed with the secret and keeps known roles only', () => {
    const token = signJwt({ sub: 's1', name: 'Li', roles: ['FRONT_OFFICE', 'ROOT'], exp: Date.now() / 1000 + 60 }, 'k');
    expect(verifyJwt(token, 'k')).toEqual({ sub: 's1', name: 'Li', roles: ['FRONT_OFFICE'] });
  });
  it('refuses a bad signature, an expired token, another algorithm and garbage', () => {
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as JwtError).reason;
      }
    };
    expect(reason(() => verifyJwt(mintToken(['MANAGER']), 'other'))).toBe('BAD_SIGNATURE');
    expect(reason(() => verifyJwt(mintToken(['MANAGER'], { expiresInSeconds: -1 }), DEV_JWT_SECRET))).toBe('EXPIRED');
    const [, body, sig] = mintToken(['MANAGER']).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.${sig}`;
    expect(reason(() => verifyJwt(none, DEV_JWT_SECRET))).toBe('UNSUPPORTED_ALG');
    expect(reason(() => verifyJwt('abc', DEV_JWT_SECRET))).toBe('MALFORMED');
  });
});

describe('gateway proof', () => {
  it('round-trips and refuses tampering', () => {
    const h = signIdentity({ sub: 's', name: 'n', roles: ['SALES'] }, 'secret-secret-secret');
    const [idh, proof] = Object.values(h);
    expect(verifyIdentity(idh, proof, 'secret-secret-secret')?.roles).toEqual(['SALES']);
    const forged = Buffer.from(JSON.stringify({ sub: 's', roles: ['MANAGER'], exp: 9e9 })).toString('base64url');
    expect(verifyIdentity(forged, proof, 'secret-secret-secret')).toBeNull();
    expect(verifyIdentity(idh, proof, 'another-secret-xx')).toBeNull();
    expect(verifyIdentity(undefined, undefined, 'x')).toBeNull();
  });
});
