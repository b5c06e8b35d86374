import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_JWT_SECRET,
  JwtError,
  mintToken,
  proofKey,
  signIdentity,
  signJwt,
  tokenVerifier,
  tokenVerifierFrom,
  verifyIdentity,
  verifyJwt,
} from './index.js';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** The refusal's reason, or 'ACCEPTED'. */
const reason = (p: Promise<unknown>) =>
  p.then(
    () => 'ACCEPTED',
    (e) => {
      expect(e).toBeInstanceOf(JwtError);
      return (e as JwtError).reason;
    },
  );
// A pinned clock: every token below is dated from it, so the test holds on any date.
const NOW = Date.UTC(2027, 0, 1, 0, 20);
const now = NOW / 1000;
const hs = (claims: Record<string, unknown>, secret = DEV_JWT_SECRET) =>
  signJwt({ sub: 'staff-1', roles: ['FRONT_OFFICE'], iat: now, exp: now + 3600, ...claims }, secret);
const dev = tokenVerifier({ secret: DEV_JWT_SECRET, now: () => NOW });

describe('JWT (HS256, development and the contract)', () => {
  it('accepts a token signed with the secret and keeps known roles only', async () => {
    const token = signJwt({ sub: 's1', name: 'Li', roles: ['FRONT_OFFICE', 'ROOT'], exp: Date.now() / 1000 + 60 }, 'k');
    expect(await verifyJwt(token, 'k')).toEqual({ sub: 's1', name: 'Li', roles: ['FRONT_OFFICE'] });
    expect(await verifyJwt(mintToken(['MANAGER']), DEV_JWT_SECRET)).toMatchObject({ roles: ['MANAGER'] });
  });

  it('refuses a bad signature, an expired token, another algorithm and garbage', async () => {
    expect(await reason(verifyJwt(mintToken(['MANAGER']), 'other'))).toBe('BAD_SIGNATURE');
    expect(await reason(verifyJwt(mintToken(['MANAGER'], { expiresInSeconds: -1 }), DEV_JWT_SECRET))).toBe('EXPIRED');
    const [, body, sig] = mintToken(['MANAGER']).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.${sig}`;
    expect(await reason(verifyJwt(none, DEV_JWT_SECRET))).toBe('UNSUPPORTED_ALG');
    expect(await reason(verifyJwt('abc', DEV_JWT_SECRET))).toBe('MALFORMED');
    expect(await reason(dev(hs({ exp: undefined })))).toBe('MALFORMED');
    expect(await reason(dev(hs({ sub: undefined })))).toBe('MALFORMED');
  });

  it('gives nbf and iat 60 s of clock skew, but not exp', async () => {
    expect(await reason(dev(hs({ nbf: now + 50 })))).toBe('ACCEPTED');
    expect(await reason(dev(hs({ nbf: now + 90 })))).toBe('NOT_YET_VALID');
    expect(await reason(dev(hs({ iat: now + 50 })))).toBe('ACCEPTED');
    expect(await reason(dev(hs({ iat: now + 90 })))).toBe('NOT_YET_VALID');
    expect(await reason(dev(hs({ iat: now - 600, exp: now - 1 })))).toBe('EXPIRED');
    expect(await reason(dev(hs({ iat: now - 600, exp: now })))).toBe('EXPIRED');
  });

  it('refuses a token that lives longer than a shift (12 h by default, or as configured)', async () => {
    expect(await reason(dev(hs({ exp: now + 12 * 3600 })))).toBe('ACCEPTED');
    expect(await reason(dev(hs({ exp: now + 12 * 3600 + 1 })))).toBe('TOO_LONG_LIVED');
    // Issued long ago, still valid for a minute: its lifetime counts, not what is left of it.
    expect(await reason(dev(hs({ iat: now - 24 * 3600, exp: now + 60 })))).toBe('TOO_LONG_LIVED');
    // Without iat, what is left of it must fit.
    expect(await reason(dev(hs({ iat: undefined, exp: now + 30 * 86_400 })))).toBe('TOO_LONG_LIVED');
    const short = tokenVerifier({ secret: DEV_JWT_SECRET, maxLifetimeSeconds: 900, now: () => NOW });
    expect(await reason(short(hs({ exp: now + 3600 })))).toBe('TOO_LONG_LIVED');
    expect(await reason(short(hs({ exp: now + 900 })))).toBe('ACCEPTED');
  });

  it('checks iss and aud only when configured', async () => {
    expect(await reason(dev(hs({ iss: 'anyone', aud: 'anything' })))).toBe('ACCEPTED');
    const sso = tokenVerifier({
      secret: DEV_JWT_SECRET,
      issuer: 'https://sso.hotel',
      audience: 'guest-graph',
      now: () => NOW,
    });
    expect(await reason(sso(hs({ iss: 'https://sso.hotel', aud: 'guest-graph' })))).toBe('ACCEPTED');
    expect(await reason(sso(hs({ iss: 'https://sso.hotel', aud: ['pms', 'guest-graph'] })))).toBe('ACCEPTED');
    expect(await reason(sso(hs({})))).toBe('WRONG_ISSUER');
    expect(await reason(sso(hs({ iss: 'https://evil.example', aud: 'guest-graph' })))).toBe('WRONG_ISSUER');
    expect(await reason(sso(hs({ iss: 'https://sso.hotel', aud: 'pms' })))).toBe('WRONG_AUDIENCE');
  });
});

describe("RS256 from a hotel's single sign-on (JWKS)", () => {
  let server: Server;
  let jwksUrl: string;
  let served = 0;
  let sso: KeyPair;
  let intruder: KeyPair;
  const rs = (key: KeyPair['privateKey'], claims: Record<string, unknown> = {}, kid = 'sso-2027') =>
    new SignJWT({
      sub: 'zhou.min',
      name: 'Zhou Min',
      roles: ['GUEST_RELATIONS'],
      iss: 'https://sso.hotel',
      aud: 'guest-graph',
      iat: now,
      exp: now + 3600,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(key);

  beforeAll(async () => {
    sso = await generateKeyPair('RS256');
    intruder = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(sso.publicKey)), kid: 'sso-2027', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      served++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const verifier = (extra: Parameters<typeof tokenVerifier>[0] = {}) =>
    tokenVerifier({
      secret: DEV_JWT_SECRET,
      jwksUrl,
      issuer: 'https://sso.hotel',
      audience: 'guest-graph',
      now: () => NOW,
      ...extra,
    });

  it('accepts a token the single sign-on signed, fetching its keys once', async () => {
    const verify = verifier();
    expect(await verify(await rs(sso.privateKey))).toEqual({
      sub: 'zhou.min',
      name: 'Zhou Min',
      roles: ['GUEST_RELATIONS'],
    });
    await verify(await rs(sso.privateKey));
    expect(served).toBe(1);
  });

  it('refuses a key it does not publish, an unknown kid, the wrong audience and RS256 without a JWKS', async () => {
    const verify = verifier();
    expect(await reason(verify(await rs(intruder.privateKey)))).toBe('BAD_SIGNATURE');
    expect(await reason(verify(await rs(intruder.privateKey, {}, 'intruder-1')))).toBe('BAD_SIGNATURE');
    expect(await reason(verify(await rs(sso.privateKey, { aud: 'pms' })))).toBe('WRONG_AUDIENCE');
    expect(await reason(dev(await rs(sso.privateKey)))).toBe('UNSUPPORTED_ALG');
  });

  it('refuses the RS-to-HS confusion: an HS256 token keyed with the public key', async () => {
    const pem = await exportSPKI(sso.publicKey);
    const forged = signJwt(
      { sub: 'intruder', roles: ['MANAGER'], iss: 'https://sso.hotel', aud: 'guest-graph', iat: now, exp: now + 60 },
      pem,
    );
    expect(await reason(verifier()(forged))).toBe('BAD_SIGNATURE');
  });

  it('takes the key set over https only in production', () => {
    const settings = { AUTH_JWT_SECRET: 'x'.repeat(32), AUTH_JWKS_URL: jwksUrl };
    expect(() => tokenVerifierFrom({ ...settings, NODE_ENV: 'production' })).toThrow(
      /AUTH_JWKS_URL must be an https URL/,
    );
    expect(() => tokenVerifierFrom({ ...settings, NODE_ENV: 'development' })).not.toThrow();
    expect(() =>
      tokenVerifierFrom({ ...settings, NODE_ENV: 'production', AUTH_JWKS_URL: 'https://sso.hotel/jwks.json' }),
    ).not.toThrow();
  });

  it('refuses every token when the key set cannot be fetched', async () => {
    const down = verifier({ jwksUrl: 'http://127.0.0.1:9/jwks.json' });
    expect(await reason(down(await rs(sso.privateKey)))).toBe('KEYS_UNAVAILABLE');
  });
});

describe('gateway proof', () => {
  const target = { subgraph: 'credit', body: '{"query":"{ a }"}' };
  it('round-trips and refuses tampering', () => {
    const h = signIdentity({ sub: 's', name: 'n', roles: ['SALES'] }, 'secret-secret-secret', target);
    const [idh, proof] = Object.values(h);
    expect(verifyIdentity(idh, proof, 'secret-secret-secret', target)?.roles).toEqual(['SALES']);
    const forged = Buffer.from(JSON.stringify({ sub: 's', roles: ['MANAGER'], exp: 9e9 })).toString('base64url');
    expect(verifyIdentity(forged, proof, 'secret-secret-secret', target)).toBeNull();
    expect(verifyIdentity(idh, proof, 'another-secret-xx', target)).toBeNull();
    expect(verifyIdentity(undefined, undefined, 'x', target)).toBeNull();
  });

  it('is bound to its subgraph and its request: another subgraph, body or query string refuses it', () => {
    const [idh, proof] = Object.values(
      signIdentity({ sub: 's', name: 'n', roles: ['MANAGER'] }, 'secret-secret-secret', target),
    );
    expect(verifyIdentity(idh, proof, 'secret-secret-secret', { ...target, subgraph: 'guests' })).toBeNull();
    expect(verifyIdentity(idh, proof, 'secret-secret-secret', { ...target, body: '{"query":"{ b }"}' })).toBeNull();
    expect(verifyIdentity(idh, proof, 'secret-secret-secret', { ...target, search: '?query=%7Bb%7D' })).toBeNull();
    // Each subgraph has a key of its own, derived from the one secret.
    expect(proofKey('secret-secret-secret', 'credit').equals(proofKey('secret-secret-secret', 'guests'))).toBe(false);
  });

  it('expires within 30 seconds, and one signed for longer is refused', () => {
    const [idh, proof] = Object.values(
      signIdentity({ sub: 's', name: 'n', roles: ['SALES'] }, 'secret-secret-secret', target),
    );
    const { exp } = JSON.parse(Buffer.from(idh!, 'base64url').toString('utf8')) as { exp: number };
    expect(exp - Date.now() / 1000).toBeLessThanOrEqual(30);
    expect(verifyIdentity(idh, proof, 'secret-secret-secret', target)).not.toBeNull();
    const long = Object.values(
      signIdentity({ sub: 's', name: 'n', roles: ['SALES'] }, 'secret-secret-secret', target, 300),
    );
    expect(verifyIdentity(long[0], long[1], 'secret-secret-secret', target)).toBeNull();
    const expired = Object.values(
      signIdentity({ sub: 's', name: 'n', roles: ['SALES'] }, 'secret-secret-secret', target, -1),
    );
    expect(verifyIdentity(expired[0], expired[1], 'secret-secret-secret', target)).toBeNull();
  });
});
