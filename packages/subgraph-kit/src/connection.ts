import { badInput } from './errors.js';

// One connection shape for every list that can outgrow a page (issue 14): keyset cursors, `first`/`after`.

/** An opaque keyset cursor: the sort key and the id that breaks ties, as base64url JSON. */
export const encodeCursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/** The values a cursor carries; a cursor that is not one of ours is BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, field = 'after'): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values)) throw badInput(field, `${field} is not a cursor of this list`);
  return values;
}

/** A page of a connection, as every `…Connection` type in the schemas has it. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page from rows read with LIMIT first + 1: the extra row only says that another page follows. */
export function pageOf<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The page size asked for, or the fallback; outside 1..max is BAD_USER_INPUT on `field`. */
export function pageSize(
  first: number | null | undefined,
  { max, fallback, field = 'first' }: { max: number; fallback: number; field?: string },
): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(field, `${field} must be 1 to ${max}`);
  return n;
}

// BI's "changed since" connections (issue 17) all page on (changed_at, id): the cursor holds the instant as
// text to the microsecond (what Postgres keeps), so a page boundary inside one millisecond loses nothing.

/** SQL: to_char format of a timestamptz at UTC to the microsecond, the text a change cursor carries. */
export const MICROS_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

const MICRO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (changed at, id) key of a change cursor, null without one; another list's cursor is BAD_USER_INPUT. */
export function changeKeyOf(after: string | null | undefined): { changedKey: string; id: string } | null {
  if (after == null) return null;
  const values = decodeCursor(after, 'after');
  const [changedKey, id] = values;
  if (values.length !== 2 || typeof changedKey !== 'string' || !MICRO_INSTANT.test(changedKey))
    throw badInput('after', 'after is not a cursor of this list');
  if (typeof id !== 'string' || !UUID.test(id)) throw badInput('after', 'after is not a cursor of this list');
  return { changedKey, id };
}

/** A page of changes read with LIMIT first + 1 (rows carry `changedKey` and `id`), with change cursors. */
export const changePageOf = <T extends { changedKey: string; id: string }>(rows: T[], first: number): Page<T> =>
  pageOf(rows, first, (r) => encodeCursor([r.changedKey, r.id]));
