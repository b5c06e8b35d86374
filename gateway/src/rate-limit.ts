import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Refusal code of a caller over its allowance; HTTP 429 with `retryAfterSeconds`. */
export const RATE_LIMITED = 'RATE_LIMITED';
/** Generous: a busy terminal sends a few requests a second; this stops a script, not a desk. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100_000;

/**
 * A token bucket per caller (`sub`): `perMinute` requests a minute, refilled continuously, with up to a
 * minute's worth in a burst. `perMinute` 0 turns it off. The buckets live in the process: with several
 * gateway workers (GATEWAY_WORKERS) each keeps its own, so a caller spread over them may reach up to
 * workers x the limit; a shared store would be needed to make it exact.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from `caller`'s allowance; returns the seconds to wait when there is none left. */
  take(caller: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { ok: true };
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const b = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(caller, b);
    this.sweep(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)) };
  }

  /** Forgets callers whose bucket is full again, so the map does not grow with every token ever seen. */
  private sweep(now: number) {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, b] of this.buckets) if (now - b.at >= 60_000) this.buckets.delete(k);
  }

  /** Throws the gateway's refusal when `caller` is over its allowance. */
  check(caller: string) {
    const r = this.take(caller);
    if (!r.ok)
      throw new GraphQLError(
        `Too many requests: at most ${this.perMinute} a minute; retry in ${r.retryAfterSeconds} s`,
        {
          extensions: {
            code: RATE_LIMITED,
            retryAfterSeconds: r.retryAfterSeconds,
            http: { status: 429, headers: new HeaderMap([['retry-after', String(r.retryAfterSeconds)]]) },
          },
        },
      );
  }
}
