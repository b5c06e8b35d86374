import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mintToken } from '@guest-graph/auth';
import { freePort, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The gateway as `npm start` runs it, from its build, with two worker processes: a caller's allowance is one,
// whichever worker each of its requests lands on (the primary keeps the buckets).
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let gateway: ChildProcess;
let port: number;

beforeAll(async () => {
  port = await freePort();
  gateway = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      GATEWAY_PORT: String(port),
      GATEWAY_WORKERS: '2',
      GATEWAY_RATE_LIMIT: '10',
      LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
  await waitFor(
    () =>
      fetch(`http://127.0.0.1:${port}/health`)
        .then((r) => r.ok)
        .catch(() => false),
    (ok) => ok,
    { timeoutMs: 20_000 },
  );
}, 30_000);
afterAll(async () => {
  if (!gateway || gateway.exitCode !== null) return;
  const exited = new Promise((r) => gateway.once('exit', r));
  gateway.kill('SIGTERM');
  await exited;
});

describe('gateway worker processes', () => {
  it('count one rate-limit allowance per caller across workers', async () => {
    const token = mintToken(['FRONT_OFFICE'], { sub: `staff:${port}` });
    const answers: string[] = [];
    // A new connection each time: the primary hands connections to the workers in turn.
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, connection: 'close' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      const body = (await r.json()) as { errors?: { extensions?: { code?: string } }[] };
      answers.push(`${r.status} ${body.errors?.[0]?.extensions?.code ?? 'OK'}`);
    }
    expect(answers.filter((a) => a === '200 OK')).toHaveLength(10);
    expect(answers.filter((a) => a === '429 RATE_LIMITED')).toHaveLength(10);
    // Another caller still has its own allowance.
    const other = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${mintToken(['SALES'], { sub: `other:${port}` })}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(other.status).toBe(200);
  });
});
