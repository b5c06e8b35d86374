import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITED, RateLimiter } from './rate-limit.js';

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
  it('refuses with RATE_LIMITED, HTTP 429 and when to retry', () => {
    const limiter = new RateLimiter(1, () => 0);
    limiter.check('x');
    try {
      limiter.check('x');
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
});
