import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressLimiter, admitAddress } from './address-limit.js';

describe('per-address allowance', () => {
  it("gives each address a minute's worth, refilled continuously, and refunds what authenticated", () => {
    let t = 0;
    const limit = new AddressLimiter(60, () => t);
    for (let i = 0; i < 60; i++) expect(limit.take('10.0.0.7').ok).toBe(true);
    expect(limit.take('10.0.0.7')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limit.take('10.0.0.8').ok).toBe(true); // another address has its own
    t += 1000; // one a second comes back
    expect(limit.take('10.0.0.7').ok).toBe(true);
    expect(limit.take('10.0.0.7').ok).toBe(false);
    limit.refund('10.0.0.7');
    expect(limit.take('10.0.0.7').ok).toBe(true);
    const off = new AddressLimiter(0);
    for (let i = 0; i < 1000; i++) expect(off.take('10.0.0.7').ok).toBe(true);
  });
});

describe('admitAddress before the body is read', () => {
  let server: Server;
  let url: string;
  let bodiesRead = 0;
  const limit = new AddressLimiter(3);
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (!admitAddress(limit, req, res)) return;
      req.on('data', () => {});
      req.on('end', () => {
        bodiesRead++;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('refuses an address over its allowance with 429 RATE_LIMITED, leaving its 1 MB bodies unread', async () => {
    const body = 'x'.repeat(1_000_000);
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      answers.push({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() });
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(bodiesRead).toBe(3);
    expect(Number(answers[3]!.retryAfter)).toBeGreaterThan(0);
    expect(answers[3]!.body).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
  });
});
