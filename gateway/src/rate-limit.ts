import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** Refusal code of a caller over its allowance; HTTP 429 with `retryAfterSeconds`. */
export const RATE_LIMITED = 'RATE_LIMITED';
/** Generous: a busy terminal sends a few requests a second; this stops a script, not a desk. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 100_000;

/**
 * A token bucket per caller (`sub`): `perMinute` requests a minute, refilled continuously, with up to a
 * minute's worth in a burst. `perMinute` 0 turns it off. With several gateway workers the buckets live in the
 * primary process (`SharedRateLimiter`, `answerRateLimits`), so a caller's allowance is one whichever worker
 * takes each request.
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
  async check(caller: string): Promise<void> {
    refuseIfLimited(this.perMinute, this.take(caller));
  }
}

type Taken = ReturnType<RateLimiter['take']>;

function refuseIfLimited(perMinute: number, r: Taken) {
  if (!r.ok)
    throw new GraphQLError(`Too many requests: at most ${perMinute} a minute; retry in ${r.retryAfterSeconds} s`, {
      extensions: {
        code: RATE_LIMITED,
        retryAfterSeconds: r.retryAfterSeconds,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(r.retryAfterSeconds)]]) },
      },
    });
}
/** What a worker asks the primary, and what it answers. */
interface TakeRequest {
  rateLimit: { id: number; caller: string; perMinute: number };
}
interface TakeAnswer {
  rateLimitAnswer: { id: number; taken: Taken };
}
const isTake = (m: unknown): m is TakeRequest => typeof (m as TakeRequest)?.rateLimit?.caller === 'string';
const isAnswer = (m: unknown): m is TakeAnswer => typeof (m as TakeAnswer)?.rateLimitAnswer?.id === 'number';

/** The process channel a cluster worker has to its primary (`process` in a worker). */
export interface WorkerChannel {
  send(message: unknown): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * A gateway worker's limiter: each request takes its token from the primary's buckets over the cluster's IPC
 * channel (a few tens of microseconds), so the allowance is counted once across workers. Should the primary
 * not answer within `timeoutMs`, the request goes through: a limiter must never be what stops the graph.
 */
export class SharedRateLimiter {
  private next = 0;
  private readonly waiting = new Map<number, (taken: Taken) => void>();

  constructor(
    readonly perMinute: number,
    private readonly channel: WorkerChannel,
    private readonly timeoutMs = 1000,
  ) {
    channel.on('message', (m) => {
      if (!isAnswer(m)) return;
      this.waiting.get(m.rateLimitAnswer.id)?.(m.rateLimitAnswer.taken);
    });
  }

  take(caller: string): Promise<Taken> {
    if (this.perMinute <= 0) return Promise.resolve({ ok: true });
    const id = this.next++;
    return new Promise<Taken>((resolve) => {
      const timer = setTimeout(() => done({ ok: true }), this.timeoutMs);
      const done = (taken: Taken) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(taken);
      };
      this.waiting.set(id, done);
      this.channel.send({ rateLimit: { id, caller, perMinute: this.perMinute } } satisfies TakeRequest);
    });
  }

  async check(caller: string): Promise<void> {
    refuseIfLimited(this.perMinute, await this.take(caller));
  }
}

/**
 * The primary's side: answers its workers' requests for tokens from one set of buckets. `now` for tests.
 * Returns the listener to attach to each worker's `message` event.
 */
export function answerRateLimits(now: () => number = Date.now) {
  let limiter: RateLimiter | null = null;
  return (worker: { send(message: unknown): unknown }, message: unknown) => {
    if (!isTake(message)) return;
    const { id, caller, perMinute } = message.rateLimit;
    if (limiter?.perMinute !== perMinute) limiter = new RateLimiter(perMinute, now);
    worker.send({ rateLimitAnswer: { id, taken: limiter.take(caller) } } satisfies TakeAnswer);
  };
}
