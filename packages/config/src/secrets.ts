import { z } from 'zod';

// Contract README, "Production settings": with NODE_ENV=production a process refuses to start when a secret
// is unset, equal to a development default, or shorter than 32 bytes. Outside production the development
// default applies, so `npm start` and the tests need no setup.

/** Contract README: the secret that applies when NODE_ENV is not production and AUTH_JWT_SECRET is unset. */
export const DEV_JWT_SECRET = 'hotel-crm-dev-secret';
/** Outside production, the gateway and the subgraphs share this proof secret unless told otherwise. */
export const DEV_GATEWAY_PROOF_SECRET = 'hotel-crm-dev-gateway-proof';

export const MIN_SECRET_BYTES = 32;

// Every value this repository has ever published as a secret: whoever read the repository knows them. The
// last four were docker/compose.yaml's own before it read its secrets from an env file.
const published = new Set(
  [
    DEV_JWT_SECRET,
    DEV_GATEWAY_PROOF_SECRET,
    'change-me-jwt-secret',
    'change-me-gateway-proof-secret',
    '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
    'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
  ].map((v) => v.toLowerCase()),
);

// What people write in an example file for "put the real one here".
const PLACEHOLDER = /change[-_ ]?me|replace[-_ ]?me|placeholder|your[-_ ]?secret|^(x+|0+|secret|password)$/i;

/** Why `value` cannot be a production secret, or undefined when it can. */
export function secretProblem(value: unknown): string | undefined {
  if (value === undefined || value === '') return 'is required';
  if (typeof value !== 'string') return 'is malformed (not a string)';
  const v = value.trim();
  if (published.has(v.toLowerCase()))
    return 'is a development default (published in the repository); set a secret of your own';
  if (PLACEHOLDER.test(v)) return 'is a placeholder; set a secret of your own';
  if (Buffer.byteLength(v, 'utf8') < MIN_SECRET_BYTES) return `is shorter than ${MIN_SECRET_BYTES} bytes`;
  return undefined;
}

/**
 * A secret: `devValue` outside production (none: unset stays unset), and in production it must be set, not
 * published and at least 32 bytes (`loadConfig` checks it, naming the variable).
 */
export function secret<T extends z.ZodType = z.ZodString>(devValue?: string, schema?: T) {
  if (devValue) published.add(devValue.toLowerCase());
  return { schema: (schema ?? z.string()) as T, devDefault: devValue, secret: true } as const;
}
