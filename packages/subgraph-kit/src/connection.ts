import { badInput } from './errors.js';

/**
 * One connection shape for every list that can outgrow a page (`edges { cursor node }`, `pageInfo`), paged by
 * keyset: a cursor is the sort key and id of the last row shown, so rows added meanwhile never shift a page.
 */

/** An opaque cursor for a keyset position: base64url of the JSON array of the sort key's values and the id. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values an `encodeCursor` cursor holds; anything else is BAD_USER_INPUT on `field`. */
export function decodeCursor(cursor: string, field = 'after'): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput(field, `${field} is not a cursor of this list`);
  }
  if (!Array.isArray(values) || values.length === 0) throw badInput(field, `${field} is not a cursor of this list`);
  return values;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A page from rows read with `LIMIT first + 1` (the extra row only says that another page follows). */
export function pageOf<T>(rows: T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const edges = rows.slice(0, first).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1]!.cursor : null },
  };
}

/** The page size asked for, `fallback` when absent; outside 0..max is BAD_USER_INPUT on `field`. */
export function pageSize(
  first: number | null | undefined,
  { max, fallback, field = 'first' }: { max: number; fallback: number; field?: string },
): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) throw badInput(field, `${field} must be between 0 and ${max}`);
  return n;
}
