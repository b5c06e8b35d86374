import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { answerRateLimits, RATE_LIMITED, RateLimiter, SharedRateLimiter, type WorkerChannel } from './rate-limit.js';

/** A worker's channel to a primary in the same process, asynchronous like the real one. */
function workerOf(primary: ReturnType<typeof answerRateLimits>, opts: { silent?: boolean } = {}) {
  const listeners: ((m: unknown) => void)[] = [];
  const worker = {
    send: (m: unknown) =>
      setImmediate(() => {
        for (const l of listeners) l(m);
      }),
  };
  const channel: WorkerChannel = {
    send: (m) => (opts.silent ? undefined : setImmediate(() => primary(worker, m))),
    on: (_event, listener) => listeners.push(listener),
  };
  return channel;
}

describe('per-caller rate limit', () => {
  it('allows a minute’s allowance, then refuses that caller only until tokens refill', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('staff-a').ok).toBe(true);
    expect(limiter.take('staff-a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('staff-b').ok).toBe(true);
    now += 1000;
    expect(limiter.take('staff-a').ok).toBe(true);
    expect(limiter.take('staff-a').ok).toBe(false);
  });
  it('refuses with RATE_LIMITED, HTTP 429 and when to retry', async () => {
    const limiter = new RateLimiter(1, () => 0);
    await limiter.check('x');
    try {
      await limiter.check('x');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GraphQLError);
      expect((e as GraphQLError).extensions).toMatchObject({ code: RATE_LIMITED, retryAfterSeconds: 60 });
    }
  });
  it('is off at 0', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('x').ok).toBe(true);
  });

  it('counts one allowance across gateway workers, kept by the primary', async () => {
    let now = 5_000_000;
    const primary = answerRateLimits(() => now);
    const a = new SharedRateLimiter(10, workerOf(primary));
    const b = new SharedRateLimiter(10, workerOf(primary));
    const taken = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take('staff-a')));
    expect(taken.filter((t) => t.ok)).toHaveLength(10);
    expect((await a.take('staff-b')).ok).toBe(true);
    await expect(b.check('staff-a')).rejects.toMatchObject({ extensions: { code: RATE_LIMITED } });
    now += 60_000;
    expect((await a.take('staff-a')).ok).toBe(true);
  });
  it('lets requests through when the primary does not answer, and asks nothing when off', async () => {
    const silent = new SharedRateLimiter(1, workerOf(answerRateLimits(), { silent: true }), 20);
    expect(await Promise.all([silent.take('x'), silent.take('x')])).toEqual([{ ok: true }, { ok: true }]);
    let asked = 0;
    const off = new SharedRateLimiter(0, { send: () => asked++, on: () => {} });
    expect((await off.take('x')).ok).toBe(true);
    expect(asked).toBe(0);
  });
});
