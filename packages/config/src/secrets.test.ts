import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEV_GATEWAY_PROOF_SECRET,
  DEV_JWT_SECRET,
  loadConfig,
  natsSpec,
  platformSpec,
  secret,
  secretProblem,
  serviceSettings,
  z,
} from './index.js';

// Contract README, "Production settings": in production a secret that is unset, a development default or
// shorter than 32 bytes stops the process, naming the variable.
const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db:5432/hotel', NATS_URL: 'nats://nats:4222' };
const strong = () => randomBytes(32).toString('hex');
// The gateway's token secret, declared as the gateway declares it.
const spec = { ...platformSpec, AUTH_JWT_SECRET: secret(DEV_JWT_SECRET, z.string().min(8)) };

/** The variables refused and why, or [] when the environment is accepted. */
function refused(env: Record<string, string>, s: Parameters<typeof loadConfig>[0] = spec) {
  try {
    loadConfig(s, env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.variable} ${p.message}`);
  }
}

describe('secrets in production', () => {
  it('accepts secrets of 32 random bytes', () => {
    const env = { ...production, AUTH_JWT_SECRET: strong(), GATEWAY_PROOF_SECRET: strong() };
    expect(refused(env)).toEqual([]);
  });

  it('refuses the development defaults, naming the variable', () => {
    expect(refused({ ...production, AUTH_JWT_SECRET: DEV_JWT_SECRET, GATEWAY_PROOF_SECRET: strong() })).toEqual([
      'AUTH_JWT_SECRET is a development default (published in the repository); set a secret of your own',
    ]);
    expect(
      refused({ ...production, AUTH_JWT_SECRET: strong(), GATEWAY_PROOF_SECRET: DEV_GATEWAY_PROOF_SECRET }),
    ).toEqual([
      'GATEWAY_PROOF_SECRET is a development default (published in the repository); set a secret of your own',
    ]);
  });

  it("refuses docker/compose.yaml's old placeholders and any change-me value", () => {
    expect(
      refused({
        ...production,
        AUTH_JWT_SECRET: 'change-me-jwt-secret',
        GATEWAY_PROOF_SECRET: 'change-me-gateway-proof-secret',
      })
        .map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['AUTH_JWT_SECRET', 'GATEWAY_PROOF_SECRET']);
    expect(
      refused({ ...production, AUTH_JWT_SECRET: `CHANGE_ME_${'x'.repeat(40)}`, GATEWAY_PROOF_SECRET: strong() }),
    ).toEqual(['AUTH_JWT_SECRET is a placeholder; set a secret of your own']);
  });

  it('refuses a secret shorter than 32 bytes, such as the 8 characters the gateway used to accept', () => {
    expect(refused({ ...production, AUTH_JWT_SECRET: 'k9#Lm2$q', GATEWAY_PROOF_SECRET: strong() })).toEqual([
      'AUTH_JWT_SECRET is shorter than 32 bytes',
    ]);
    // Bytes, not characters: 11 Chinese characters are 33 bytes.
    expect(secretProblem('前台夜班经理的密钥很长吧')).toBeUndefined();
  });

  it('refuses an unset or empty secret', () => {
    expect(refused({ ...production, GATEWAY_PROOF_SECRET: strong() })).toEqual(['AUTH_JWT_SECRET is required']);
    expect(refused({ ...production, AUTH_JWT_SECRET: '', GATEWAY_PROOF_SECRET: strong() })).toEqual([
      'AUTH_JWT_SECRET is required',
    ]);
  });

  it('keeps the development defaults outside production', () => {
    for (const NODE_ENV of ['development', 'test', undefined]) {
      const config = loadConfig(spec, NODE_ENV ? { NODE_ENV } : {});
      expect(config.AUTH_JWT_SECRET).toBe(DEV_JWT_SECRET);
      expect(config.GATEWAY_PROOF_SECRET).toBe(DEV_GATEWAY_PROOF_SECRET);
    }
  });

  it("requires the ID vault's keys and refuses the ones compose.yaml published", () => {
    const guests = serviceSettings.guests;
    expect(refused(production, guests)).toEqual([
      'GUESTS_ID_ENCRYPTION_KEY is required',
      'GUESTS_ID_INDEX_KEY is required',
    ]);
    expect(
      refused(
        {
          ...production,
          GUESTS_ID_ENCRYPTION_KEY: '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF',
          GUESTS_ID_INDEX_KEY: 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100',
        },
        guests,
      ).map((p) => p.split(' ')[0]),
    ).toEqual(['GUESTS_ID_ENCRYPTION_KEY', 'GUESTS_ID_INDEX_KEY']);
    expect(
      refused({ ...production, GUESTS_ID_ENCRYPTION_KEY: strong(), GUESTS_ID_INDEX_KEY: strong() }, guests),
    ).toEqual([]);
    expect(refused({}, guests)).toEqual([]);
  });
});

describe("a service's NATS password (issue 20)", () => {
  it('is required in production, strong and in a form nats-server reads back from its environment', () => {
    expect(refused(production, natsSpec)).toEqual(['NATS_PASSWORD is required']);
    expect(refused({ ...production, NATS_PASSWORD: 'n0tlong' }, natsSpec)).toEqual([
      'NATS_PASSWORD is shorter than 32 bytes',
    ]);
    expect(refused({ ...production, NATS_PASSWORD: `${'1234e5'.repeat(6)}` }, natsSpec)).toEqual([
      'NATS_PASSWORD is malformed (letters and digits, starting with a letter)',
    ]);
    const password = `n${strong()}`;
    expect(loadConfig(natsSpec, { ...production, NATS_PASSWORD: password })).toEqual({
      NATS_USER: undefined,
      NATS_PASSWORD: password,
    });
  });

  it('may stay unset outside production, for a NATS without users (the shared development one, CI)', () => {
    for (const NODE_ENV of ['development', 'test', undefined])
      expect(loadConfig(natsSpec, NODE_ENV ? { NODE_ENV } : {})).toEqual({
        NATS_USER: undefined,
        NATS_PASSWORD: undefined,
      });
  });
});

describe('the docker stack', () => {
  const file = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
  const compose = file('docker/compose.yaml');
  // `NAME: value` lines of the services' environments (no YAML parser needed for this flat file).
  const settings = [...compose.matchAll(/^\s+([A-Z][A-Z0-9_]*): (.*)$/gm)].map(([, name, value]) => ({ name, value }));

  it('publishes no secret: compose takes each from docker/.env and stops when one is missing', () => {
    const secrets = settings.filter((s) => /SECRET|KEY|PASSWORD/.test(s.name!));
    // A service's NATS_PASSWORD is its own user's (NATS_PASSWORD_GUESTS for guests).
    for (const { name, value } of secrets)
      expect(value, name).toMatch(
        new RegExp(`^\\$\\{${name}${name === 'NATS_PASSWORD' ? '_[A-Z_]+' : ''}:\\?[^}]+\\}$`),
      );
    expect([...new Set(secrets.map((s) => s.name))].sort()).toEqual([
      'AUTH_JWT_SECRET',
      'GATEWAY_PROOF_SECRET',
      'GUESTS_ID_ENCRYPTION_KEY',
      'GUESTS_ID_INDEX_KEY',
      'NATS_PASSWORD',
      'NATS_PASSWORD_ACCOUNTS',
      'NATS_PASSWORD_CREDIT',
      'NATS_PASSWORD_GUESTS',
      'NATS_PASSWORD_LOYALTY',
      'NATS_PASSWORD_OPERATOR',
      'NATS_PASSWORD_SERVICE_RECOVERY',
      'POSTGRES_PASSWORD',
    ]);
    // The database URL carries the password from the same place.
    expect(settings.find((s) => s.name === 'DATABASE_URL')?.value).toContain('${POSTGRES_PASSWORD:?');
  });

  it('commits an example env file whose values no production process accepts, and ignores the real one', () => {
    const example = Object.fromEntries(
      file('docker/.env.example')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    for (const name of [
      'AUTH_JWT_SECRET',
      'GATEWAY_PROOF_SECRET',
      'GUESTS_ID_ENCRYPTION_KEY',
      'GUESTS_ID_INDEX_KEY',
      'NATS_PASSWORD_GUESTS',
      'NATS_PASSWORD_OPERATOR',
    ])
      expect(secretProblem(example[name]), name).toBeDefined();
    expect(file('.gitignore').split('\n')).toContain('docker/.env');
  });
});
