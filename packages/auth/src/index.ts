import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DEV_JWT_SECRET } from '@guest-graph/config';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';

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

export type JwtFailure =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'EXPIRED'
  | 'UNSUPPORTED_ALG'
  | 'NOT_YET_VALID'
  | 'WRONG_ISSUER'
  | 'WRONG_AUDIENCE'
  | 'TOO_LONG_LIVED'
  | 'KEYS_UNAVAILABLE';
export class JwtError extends Error {
  constructor(readonly reason: JwtFailure) {
    super(`Invalid token: ${reason.toLowerCase().replace(/_/g, ' ')}`);
  }
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const hmac = (secret: string | Buffer, data: string) => createHmac('sha256', secret).update(data).digest();

/** Signs an HS256 token: development and test tokens (`mintToken`); verification goes through jose. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(hmac(secret, `${head}.${body}`))}`;
}

/** Clock skew allowed on `nbf` and `iat` between the issuer and us. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** A staff token lives a shift at most; a longer one is a stolen token's long life. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

export interface TokenSettings {
  /** HS256 with this secret: the contract's tokens and development's. */
  secret?: string;
  /** RS256 with the keys of this JWKS: a hotel's single sign-on. */
  jwksUrl?: string;
  /** Checked only when set (contract README: a development token has neither). */
  issuer?: string;
  audience?: string;
  /** `exp - iat` (or `exp - now` without `iat`) beyond this is refused. */
  maxLifetimeSeconds?: number;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
}

/**
 * A verifier for bearer tokens. jose checks the signature, `exp`, `nbf`, `iss` and `aud`; the key is chosen
 * by the header's `alg` among the two we allow, each with its own key type, so neither `none` nor the
 * RS-to-HS confusion can pass. `exp` is strict (an expired token fails at once); only `nbf`/`iat` get the
 * 60 s of clock skew.
 */
export function tokenVerifier(settings: TokenSettings): (token: string) => Promise<Identity> {
  const now = settings.now ?? Date.now;
  const hsKey = settings.secret ? new TextEncoder().encode(settings.secret) : undefined;
  const jwks = settings.jwksUrl
    ? createRemoteJWKSet(new URL(settings.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
    : undefined;
  const algorithms = [...(hsKey ? ['HS256'] : []), ...(jwks ? ['RS256'] : [])];
  const maxLifetime = settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return async (token) => {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(
        token,
        async (header, jws) => {
          if (header.alg === 'HS256' && hsKey) return hsKey;
          if (header.alg === 'RS256' && jwks) return jwks(header, jws);
          throw new JwtError('UNSUPPORTED_ALG');
        },
        {
          algorithms,
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp'],
          currentDate: new Date(now()),
        },
      ));
    } catch (e) {
      throw toJwtError(e);
    }
    const nowSeconds = now() / 1000;
    if ((claims.exp as number) <= nowSeconds) throw new JwtError('EXPIRED');
    if (claims.iat !== undefined && claims.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS)
      throw new JwtError('NOT_YET_VALID');
    if ((claims.exp as number) - (claims.iat ?? nowSeconds) > maxLifetime) throw new JwtError('TOO_LONG_LIVED');
    if (typeof claims.sub !== 'string' || !claims.sub) throw new JwtError('MALFORMED');
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string))
      : [];
    return { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : claims.sub, roles };
  };
}

function toJwtError(e: unknown): JwtError {
  if (e instanceof JwtError) return e;
  if (e instanceof errors.JWTExpired) return new JwtError('EXPIRED');
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'nbf' || e.claim === 'iat') return new JwtError('NOT_YET_VALID');
    if (e.claim === 'iss') return new JwtError('WRONG_ISSUER');
    if (e.claim === 'aud') return new JwtError('WRONG_AUDIENCE');
    return new JwtError('MALFORMED');
  }
  if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey)
    return new JwtError('BAD_SIGNATURE');
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported)
    return new JwtError('UNSUPPORTED_ALG');
  // The single sign-on's key set could not be fetched (timeout, network, not a JWKS): still no entry.
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid || !(e instanceof errors.JOSEError))
    return new JwtError('KEYS_UNAVAILABLE');
  return new JwtError('MALFORMED');
}

/**
 * The gateway's verifier from its settings (`authSpec`). In production the key set must come over https:
 * whoever can change it in transit can sign any token.
 */
export function tokenVerifierFrom(config: {
  NODE_ENV?: string;
  AUTH_JWT_SECRET?: string;
  AUTH_JWKS_URL?: string;
  AUTH_ISSUER?: string;
  AUTH_AUDIENCE?: string;
  AUTH_MAX_TOKEN_LIFETIME_S?: number;
}) {
  if (config.NODE_ENV === 'production' && config.AUTH_JWKS_URL && !config.AUTH_JWKS_URL.startsWith('https://'))
    throw new Error('AUTH_JWKS_URL must be an https URL in production');
  return tokenVerifier({
    secret: config.AUTH_JWT_SECRET,
    jwksUrl: config.AUTH_JWKS_URL,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_S,
  });
}

/** Verifies an HS256 token with `secret` (tests and tools; the gateway keeps one `tokenVerifier`). */
export function verifyJwt(token: string, secret: string, nowSeconds?: number): Promise<Identity> {
  return tokenVerifier({ secret, now: nowSeconds === undefined ? undefined : () => nowSeconds * 1000 })(token);
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

// The gateway tells a subgraph who is calling with these two headers. The proof is an HMAC, with a key of the
// target subgraph's own (derived from the secret only the gateway and subgraphs hold), over the identity, the
// subgraph's name, a hash of the request (its query string and body) and an expiry 30 s away (clocks in step by
// NTP): a captured pair replays only the same request to the same subgraph, and only for seconds.
export const IDENTITY_HEADER = 'x-guest-graph-identity';
export const PROOF_HEADER = 'x-guest-graph-proof';
export const REQUEST_ID_HEADER = 'x-request-id';
export const PROOF_TTL_SECONDS = 30;

/** What a proof is bound to: the subgraph it is for and the request it comes with. */
export interface ProofTarget {
  /** The subgraph's name (`guests`, `service-recovery`…). */
  subgraph: string;
  /** The request's body as sent (empty for a GET). */
  body: string;
  /** The request's query string with its `?` (empty when none). */
  search?: string;
}

/** A subgraph's own proof key: one leaked subgraph key does not let anyone speak to the others. */
export const proofKey = (secret: string, subgraph: string) => hmac(secret, `guest-graph proof key:${subgraph}`);
const requestHash = (t: ProofTarget) =>
  createHash('sha256')
    .update(`${t.search ?? ''}\n${t.body}`)
    .digest('base64url');

export function signIdentity(
  identity: Identity,
  secret: string,
  target: ProofTarget,
  ttlSeconds = PROOF_TTL_SECONDS,
): Record<string, string> {
  const payload = b64url(
    JSON.stringify({
      ...identity,
      aud: target.subgraph,
      rh: requestHash(target),
      exp: Math.floor(Date.now() / 1000) + ttlSeconds,
    }),
  );
  return { [IDENTITY_HEADER]: payload, [PROOF_HEADER]: b64url(hmac(proofKey(secret, target.subgraph), payload)) };
}

/** Returns the identity when the proof holds for this subgraph and this request, otherwise null. */
export function verifyIdentity(
  identityHeader: string | undefined | null,
  proofHeader: string | undefined | null,
  secret: string,
  target: ProofTarget,
): Identity | null {
  if (!identityHeader || !proofHeader) return null;
  const expected = hmac(proofKey(secret, target.subgraph), identityHeader);
  const given = Buffer.from(proofHeader, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(identityHeader, 'base64url').toString('utf8'));
    if (typeof parsed.exp !== 'number' || parsed.exp < Date.now() / 1000) return null;
    if (parsed.exp > Date.now() / 1000 + PROOF_TTL_SECONDS + 5) return null;
    if (parsed.aud !== target.subgraph || parsed.rh !== requestHash(target)) return null;
    return { sub: parsed.sub, name: parsed.name, roles: parsed.roles };
  } catch {
    return null;
  }
}

/** The identity a proof carries, unverified: for the gateway's own fetcher, which signs what it sends. */
export function identityOfHeader(identityHeader: string): Identity {
  const parsed = JSON.parse(Buffer.from(identityHeader, 'base64url').toString('utf8'));
  return { sub: parsed.sub, name: parsed.name, roles: parsed.roles };
}

export const hasAnyRole = (identity: Identity | null | undefined, roles: readonly Role[]) =>
  !!identity && identity.roles.some((r) => roles.includes(r));
