import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedLabel, counter, metricsRoute, processRegistry } from './metrics.js';

describe('boundedLabel', () => {
  it('keeps plain names, refuses odd ones and stops growing past its bound', () => {
    const label = boundedLabel(2);
    expect(label(undefined)).toBe('unknown');
    expect(label('', 'anonymous')).toBe('anonymous');
    expect(label('ArrivalBrief')).toBe('ArrivalBrief');
    expect(label('front desk\n{}')).toBe('invalid');
    expect(label('x'.repeat(81))).toBe('invalid');
    expect(label('CheckOut')).toBe('CheckOut');
    expect(label('ThirdName')).toBe('other');
    expect(label('ArrivalBrief')).toBe('ArrivalBrief');
  });
});

describe('GET /metrics', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });
  const serve = async (opts: { production: boolean; token?: string }) => {
    const registry = processRegistry();
    counter(registry, 'hotel_checks_total', 'test counter').inc(3);
    const route = metricsRoute(registry, opts);
    const server = createServer((req, res) => void route(req, res));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    return (authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });
  };

  it('is open outside production, with Node runtime series', async () => {
    const res = await (await serve({ production: false }))();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('hotel_checks_total 3');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('is not served in production without METRICS_TOKEN, and asks for it when set', async () => {
    expect((await (await serve({ production: true }))()).status).toBe(404);
    const get = await serve({ production: true, token: 'a-long-enough-metrics-token' });
    expect((await get()).status).toBe(401);
    expect((await get('Bearer a-long-enough-metrics-tokeX')).status).toBe(401);
    expect((await get('Bearer a-long-enough-metrics-token')).status).toBe(200);
  });
});
