import { badInput } from './errors.js';

/**
 * Connections (`edges { cursor node }`, `pageInfo { hasNextPage endCursor }`, `first`/`after`): the cursor is
 * the base64url of the row's sort key and id, so a page starts right after the last row seen (keyset, never
 * OFFSET) and stays put while rows are added before or after it.
 */

/** An opaque cursor for a row's sort key (its values in order, the id last). */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The sort key a cursor was made from; a malformed or foreign cursor is BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, field = 'after'): unknown[] {
  const refuse = () => badInput(field, `${field}: not a cursor of this list`);
  if (typeof cursor !== 'string' || !cursor || cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(values) || !values.length) throw refuse();
  return values;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page from rows fetched with `LIMIT first + 1` (the extra row only says that another page follows). */
export function pageOf<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The page size asked for: `fallback` when omitted, BAD_USER_INPUT on `field` below 1 or above `max`. */
export function pageSize(
  first: number | null | undefined,
  { max, fallback, field = 'first' }: { max: number; fallback: number; field?: string },
): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max)
    throw badInput(field, `${field}: a page holds 1 to ${max} items`);
  return first;
}
