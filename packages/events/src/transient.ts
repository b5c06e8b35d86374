// Which failures go away by themselves. A consumer retries these without a cap (the database coming back, a
// deadlock's loser running again); anything else is the message's own fault and counts towards dead letter.

/** SQLSTATE classes and codes that say "try again", not "this is wrong". */
const TRANSIENT_SQLSTATE_CLASSES = ['08', '53']; // connection exception; insufficient resources
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '57P05', // idle_session_timeout
  '25006', // read_only_sql_transaction (a failover's demoted primary)
]);
/** Node's socket errors and DNS failures while the server is restarting or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** NATS: a request or publish without an answer in time, or the connection going away. */
const NATS_CODES = new Set([
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'DISCONNECT',
  '503', // JetStream not (yet) answering: no responders
  'NO_ANSWER', // a question over request/reply nobody answered in time (NoAnswerError)
]);
/** What pg, the pool and TypeORM say when the connection is gone, none of which carries a code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /connection is not open|not connected/i,
  /query read timeout/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /\btimed? ?out\b/i,
  /no responders/i,
];

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/** The errors behind `e`: TypeORM's driverError, an Error's cause, an AggregateError's list (Node's happy eyeballs). */
function* chain(e: unknown, depth = 0): Generator<ErrorLike> {
  if (!e || typeof e !== 'object' || depth > 5) return;
  const err = e as ErrorLike;
  yield err;
  yield* chain(err.driverError, depth + 1);
  yield* chain(err.cause, depth + 1);
  if (Array.isArray(err.errors)) for (const inner of err.errors) yield* chain(inner, depth + 1);
}

/** True for a failure that waiting cures: the database or NATS away, busy, restarting, or a lost race. */
export function isTransient(e: unknown): boolean {
  for (const err of chain(e)) {
    // A refusal in the hotel's terms or a payload the schema refuses says the same thing every time.
    if (err.name === 'DomainError' || err.name === 'ZodError') return false;
    const code = typeof err.code === 'string' ? err.code : '';
    if (/^[0-9A-Z]{5}$/.test(code) && /\d/.test(code.slice(0, 2))) {
      if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2))) return true;
      // A SQLSTATE outside those is the statement's own fault (a constraint, a syntax error): not transient,
      // whatever its message says.
      return false;
    }
    if (SOCKET_CODES.has(code) || NATS_CODES.has(code)) return true;
    if (err.name === 'TimeoutError') return true;
    const message = typeof err.message === 'string' ? err.message : '';
    if (TRANSIENT_MESSAGES.some((re) => re.test(message))) return true;
  }
  return false;
}

/** Whether `e` says the database itself is out of reach (rather than one transaction losing a race). */
export function isConnectionLoss(e: unknown): boolean {
  for (const err of chain(e)) {
    const code = typeof err.code === 'string' ? err.code : '';
    if (code.startsWith('08') || code.startsWith('57P') || SOCKET_CODES.has(code)) return true;
    const message = typeof err.message === 'string' ? err.message : '';
    if (TRANSIENT_MESSAGES.slice(0, 8).some((re) => re.test(message))) return true;
  }
  return false;
}

/** A capped exponential schedule: `first`, doubling each attempt, never above `max`; attempt counts from 1. */
export function backoffDelay(attempt: number, first: number, max: number): number {
  return Math.min(max, first * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

/**
 * Waits for `work` at most `ms`; true when it settled (either way) in time. For the steps of a shutdown, which
 * must end: what a step leaves undone is safe by design (an unacknowledged delivery comes back, an unrelayed
 * row stays in the outbox).
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
