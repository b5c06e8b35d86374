import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEV_JWT_SECRET } from '@guest-graph/auth';
import { DEV_PROOF_SECRET, freePort } from '@guest-graph/testing';
import { describe, expect, it } from 'vitest';

// Contract README, "Production settings": with NODE_ENV=production the gateway and every subgraph refuse to
// start (exit code not 0, a message naming the variable) when a secret is unset, a development default or
// shorter than 32 bytes. Proved on the processes `npm start` and the image run, from their builds.
const root = new URL('../../../../', import.meta.url);
const main = (path: string) => fileURLToPath(new URL(path, root));
const strong = () => randomBytes(32).toString('hex');

/** Runs `node file` with exactly `env` (nothing inherited but PATH) until it exits; its code and output. */
function run(file: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env: { PATH: process.env.PATH ?? '', ...env } });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    // A process that started serving instead of refusing is the failure this test looks for.
    const started = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not refuse to start:\n${output}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(started);
      resolve({ code, output });
    });
  });
}

describe('a production process with a development secret', () => {
  const production = async () => ({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    NATS_URL: 'nats://127.0.0.1:4222',
    LOG_LEVEL: 'info',
    APOLLO_TELEMETRY_DISABLED: '1',
    GATEWAY_PORT: String(await freePort()),
    GUESTS_PORT: String(await freePort()),
  });

  it('the gateway (two workers) exits non-zero naming AUTH_JWT_SECRET', async () => {
    const env = { ...(await production()), GATEWAY_WORKERS: '2', GATEWAY_PROOF_SECRET: strong() };
    const { code, output } = await run(main('gateway/dist/main.js'), { ...env, AUTH_JWT_SECRET: DEV_JWT_SECRET });
    expect(code).not.toBe(0);
    expect(output).toMatch(/AUTH_JWT_SECRET: is a development default/);
    expect(output).not.toContain(DEV_JWT_SECRET); // the message names the variable, never its value
    // And the same for the 8-character secret it used to take.
    const short = await run(main('gateway/dist/main.js'), { ...env, AUTH_JWT_SECRET: 'k9#Lm2$q' });
    expect(short.code).not.toBe(0);
    expect(short.output).toMatch(/AUTH_JWT_SECRET: is shorter than 32 bytes/);
  });

  it('the guests subgraph exits non-zero naming GATEWAY_PROOF_SECRET and the unset vault keys', async () => {
    const { code, output } = await run(main('services/guests/dist/main.js'), {
      ...(await production()),
      GATEWAY_PROOF_SECRET: DEV_PROOF_SECRET,
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/GATEWAY_PROOF_SECRET: is a development default/);
    expect(output).toMatch(/GUESTS_ID_ENCRYPTION_KEY: is required/);
    expect(output).toMatch(/GUESTS_ID_INDEX_KEY: is required/);
  });
});
