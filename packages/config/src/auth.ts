import { z } from 'zod';
import { DEV_JWT_SECRET, secret } from './secrets.js';
import { wholeNumber } from './services.js';

/** How the gateway verifies bearer tokens (contract README, "Who"). */
export const authSpec = {
  /** HS256 tokens: the contract's and development's; in production 32 bytes at least and not the default. */
  AUTH_JWT_SECRET: secret(DEV_JWT_SECRET, z.string().min(8)),
  /** A hotel's single sign-on: RS256 tokens verified against this key set (fetched, cached, re-fetched on an unknown `kid`). */
  AUTH_JWKS_URL: z.string().url().optional(),
  /** `iss` and `aud` are checked only when these are set; a development token has neither. */
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** Longest `exp - iat` accepted: a shift, by default 12 hours. */
  AUTH_MAX_TOKEN_LIFETIME_S: wholeNumber(60, 30 * 86_400, 12 * 3600),
} as const;
