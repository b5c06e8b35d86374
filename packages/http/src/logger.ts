import { currentTraceId } from '@guest-graph/telemetry';
import { type DestinationStream, type Logger, pino } from 'pino';

// No personal data in logs (contract README; GB/T 35273 and PIPL treat a phone, an email, a birth date or a
// document number as personal information). Whatever a developer passes to a log call, these keys are
// censored at any depth, and an error keeps its type, message, code and stack but never the SQL parameters or
// the driver's details (Postgres puts the failing row in `detail`: "Key (email)=(li@example.com) exists").
// pino's own `redact` takes paths of fixed depth; a walk is what "any depth" needs, and log calls are few.

const CENSOR = '[redacted]';

/** Key names (compared lower-case, without `_` or `-`) whose values are a person's. */
const PERSONAL = new Set(
  [
    'name',
    'fullName',
    'latinName',
    'firstName',
    'lastName',
    'surname',
    'givenName',
    'searchName',
    'phone',
    'phones',
    'otherPhones',
    'mobile',
    'telephone',
    'email',
    'emails',
    'otherEmails',
    'birthDate',
    'dateOfBirth',
    'dob',
    'birthday',
    'anniversaryDate',
    'address',
    'postalAddress',
    'street',
    'idNumber',
    'idDocument',
    'documentNumber',
    'number',
    'passport',
    'passportNumber',
    'notes',
    // Search text is whatever was typed to find someone: a name, a phone, a document number.
    'text',
  ].map((k) => normalise(k)),
);

/** What an error may never carry into a log line: SQL parameters and text, and the driver's copy of the row. */
const ERROR_DROPS = new Set(['parameters', 'query', 'driverError', 'detail', 'where', 'internalQuery', 'cause']);

function normalise(key: string) {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export const isPersonalKey = (key: string) => PERSONAL.has(normalise(key));

// Postgres quotes the offending value at the end of some messages: `invalid input syntax for type date: "…"`.
const scrubMessage = (message: string) => message.replace(/: "[^"]*"$/, `: "${CENSOR}"`);

/** An error as a log line may hold it: type, message, code, stack, its cause, and safe own fields. */
export function safeError(err: Error, seen = new WeakSet<object>()): Record<string, unknown> {
  seen.add(err);
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? 'Error',
    message: scrubMessage(String(err.message ?? '')),
  };
  if (err.stack) out.stack = err.stack.replace(err.message, out.message as string);
  for (const [key, value] of Object.entries(err)) {
    if (ERROR_DROPS.has(key) || key === 'name' || key === 'message' || key === 'stack') continue;
    out[key] = isPersonalKey(key) ? CENSOR : scrub(value, seen);
  }
  if (err.cause instanceof Error && !seen.has(err.cause)) out.cause = safeError(err.cause, seen);
  return out;
}

/** A copy of `value` with every personal key censored, at any depth; errors become `safeError`s. */
export function scrub(value: unknown, seen = new WeakSet<object>(), depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 12) return '[too deep]';
  if (value instanceof Error) return safeError(value, seen);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, seen, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isPersonalKey(key) ? CENSOR : scrub(v, seen, depth + 1);
  return out;
}

/** `destination`: where the lines go (stdout by default); tests pass a stream to read what was logged. */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  const options = {
    name,
    level,
    formatters: { log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown> },
    // Beside the request id: the trace a line belongs to, to open it in Jaeger (nothing while tracing is off).
    mixin: () => {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
    // Some callers log only `err: e.message`: the quoted value goes all the same.
    serializers: {
      err: (e: unknown) => (e instanceof Error ? safeError(e) : typeof e === 'string' ? scrubMessage(e) : scrub(e)),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
