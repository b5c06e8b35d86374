import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Requests a minute an address may send that do not authenticate. Counted before the body is read, so a
 * flood of anonymous 1 MB bodies is refused without parsing any; a request that then authenticates gives its
 * token back (`refund`), so the desks of a hotel behind one NAT address are never throttled by it (the
 * per-caller limit is theirs). 600 a minute is ten failures a second from one address, far beyond a
 * mistyped password or an expired token on a few terminals.
 */
export const DEFAULT_ADDRESS_LIMIT_PER_MINUTE = 600;

/**
 * A token bucket per remote address: `perMinute` requests, refilled continuously, up to a minute's worth in
 * a burst; 0 turns it off. Each process keeps its own buckets (with several gateway workers an address may
 * send up to `perMinute` to each), which keeps the check in memory and out of the request's way.
 */
export class AddressLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep = 0;

  constructor(
    readonly perMinute = DEFAULT_ADDRESS_LIMIT_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request from `address`'s allowance; the seconds to wait when there is none left. */
  take(address: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.perMinute <= 0) return { ok: true };
    const b = this.refill(address);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - b.tokens) * 60) / this.perMinute)) };
  }

  /** Gives back the request `take` counted, once it proved who sent it. */
  refund(address: string) {
    if (this.perMinute <= 0) return;
    const b = this.refill(address);
    b.tokens = Math.min(this.perMinute, b.tokens + 1);
  }

  private refill(address: string) {
    const now = this.now();
    const b = this.buckets.get(address) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + ((now - b.at) * this.perMinute) / 60_000);
    b.at = now;
    this.buckets.set(address, b);
    // Forget addresses whose bucket is full again, so the map does not grow with every address ever seen.
    if (now - this.lastSweep >= 60_000) {
      this.lastSweep = now;
      for (const [k, v] of this.buckets) if (now - v.at >= 60_000) this.buckets.delete(k);
    }
    return b;
  }
}

/** The peer's address, IPv4-mapped IPv6 written as IPv4 (`::ffff:10.0.0.7` is `10.0.0.7`). */
export const addressOf = (req: IncomingMessage) => (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');

/**
 * Counts `req` against its address; when over, answers 429 `RATE_LIMITED` (the gateway's code, with
 * `Retry-After`) without reading the body, and returns false.
 */
export function admitAddress(limiter: AddressLimiter, req: IncomingMessage, res: ServerResponse): boolean {
  const r = limiter.take(addressOf(req));
  if (r.ok) return true;
  // Let the body drain unread, so the sender gets the 429 rather than a reset socket.
  req.resume();
  res.statusCode = 429;
  res.setHeader('retry-after', String(r.retryAfterSeconds));
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      errors: [
        {
          message: `Too many requests from this address; retry in ${r.retryAfterSeconds} s`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: r.retryAfterSeconds },
        },
      ],
    }),
  );
  return false;
}
