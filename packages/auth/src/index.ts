import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEV_JWT_SECRET } from '@guest-graph/config';

export const ROLES = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'FOOD_AND_BEVERAGE',
  'SALES',
  'GUEST_RELATIONS',
  'FINANCE',
  'LOYALTY',
  'MANAGER',
  'ANALYST',
] as const;
export type Role = (typeof ROLES)[number];
/** Everyone on the staff who serves guests: every role but ANALYST, who reads aggregates only. */
export const STAFF_BUT_ANALYST: readonly Role[] = ROLES.filter((r) => r !== 'ANALYST');

/** The caller as the gateway verified it. */
export interface Identity {
  sub: string;
  name: string;
  roles: Role[];
}

// Contract README: the secret that applies when NODE_ENV is not production and AUTH_JWT_SECRET is unset. It lives
// with the configuration, which refuses it in production.
export { DEV_JWT_SECRET };

export type JwtFailure = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'UNSUPPORTED_ALG';
export class JwtError extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`Invalid token: ${reason.toLowerCase().replace('_', ' ')}`);
  }
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const hmac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest();

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(hmac(secret, `${head}.${body}`))}`;
}

/** HS256 only: accepting the header's `alg` blindly is the classic `none`/RS-to-HS confusion. */
export function verifyJwt(token: string, secret: string, nowSeconds = Date.now() / 1000): Identity {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('MALFORMED');
  const [head, body, sig] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: { sub?: unknown; name?: unknown; roles?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('MALFORMED');
  }
  if (header.alg !== 'HS256') throw new JwtError('UNSUPPORTED_ALG');
  const expected = hmac(secret, `${head}.${body}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError('BAD_SIGNATURE');
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw new JwtError('EXPIRED');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new JwtError('MALFORMED');
  const roles = Array.isArray(claims.roles)
    ? claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
    : [];
  return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles };
}

/** A development or test token for a member of staff with the given roles. */
export function mintToken(
  roles: Role[],
  opts: { sub?: string; name?: string; secret?: string; expiresInSeconds?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub: opts.sub ?? `staff-${roles.join('-').toLowerCase() || 'none'}`,
      name: opts.name ?? `Test ${roles.join('/') || 'nobody'}`,
      roles,
      iat: now,
      exp: now + (opts.expiresInSeconds ?? 3600),
    },
    opts.secret ?? DEV_JWT_SECRET,
  );
}

// The gateway tells a subgraph who is calling with these two headers. The proof is an HMAC over the identity
// with a secret only the gateway and subgraphs hold, and it expires, so a captured pair is of little use.
export const IDENTITY_HEADER = 'x-guest-graph-identity';
export const PROOF_HEADER = 'x-guest-graph-proof';
export const REQUEST_ID_HEADER = 'x-request-id';

export function signIdentity(identity: Identity, secret: string, ttlSeconds = 300): Record<string, string> {
  const payload = b64url(JSON.stringify({ ...identity, exp: Math.floor(Date.now() / 1000) + ttlSeconds }));
  return { [IDENTITY_HEADER]: payload, [PROOF_HEADER]: b64url(hmac(secret, payload)) };
}

/** Returns the identity when the proof holds, otherwise null. */
export function verifyIdentity(
  identityHeader: string | undefined | null,
  proofHeader: string | undefined | null,
  secret: string,
): Identity | null {
  if (!identityHeader || !proofHeader) return null;
  const expected = hmac(secret, identityHeader);
  const given = Buffer.from(proofHeader, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(identityHeader, 'base64url').toString('utf8'));
    if (typeof parsed.exp !== 'number' || parsed.exp < Date.now() / 1000) return null;
    return { sub: parsed.sub, name: parsed.name, roles: parsed.roles };
  } catch {
    return null;
  }
}

export const hasAnyRole = (identity: Identity | null | undefined, roles: readonly Role[]) =>
  !!identity && identity.roles.some((r) => roles.includes(r));
