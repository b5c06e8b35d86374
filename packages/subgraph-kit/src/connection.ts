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
