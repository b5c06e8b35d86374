import { decodeCursor as decodeValues, encodeCursor as encodeValues, isUuid } from '@guest-graph/subgraph-kit';
import { ACCOUNT_COLUMNS, type AccountRow, type Db } from './account.repository.js';

export type OrderField = 'NAME' | 'REVENUE' | 'LAST_CONTACT';
export type Direction = 'ASC' | 'DESC';

export interface AccountsFilter {
  grade?: string | null;
  type?: string | null;
  ownerId?: string | null;
  industry?: string | null;
  status?: string | null;
  parentId?: string | null;
  channel?: string | null;
  nameContains?: string | null;
}

/** Where the previous page ended: the sort value and the id that breaks ties. */
export interface Cursor {
  key: string;
  id: string;
}

export interface PageRequest {
  first: number;
  after: Cursor | null;
  filter: AccountsFilter;
  field: OrderField;
  direction: Direction;
  /** The window REVENUE orders by (the last 12 months). */
  revenueWindow: { from: string; to: string };
}

// Sort keys with their SQL type, so the cursor's text compares as the column does.
const SORT: Record<OrderField, { expr: string; type: string }> = {
  NAME: { expr: 'a.name', type: 'text' },
  REVENUE: { expr: 'coalesce(r.revenue, 0)', type: 'numeric' },
  LAST_CONTACT: { expr: `coalesce(a.last_contact_at, '-infinity'::timestamptz)`, type: 'timestamptz' },
};

/**
 * One page of accounts by keyset (never OFFSET: a page costs the same at the start and the end of the list, and
 * rows added meanwhile do not shift it). Reads `first + 1` rows to know whether there is a next page.
 */
export async function accountPage(
  db: Db,
  req: PageRequest,
): Promise<{ rows: (AccountRow & { sortKey: string })[]; hasNextPage: boolean }> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  const f = req.filter;
  if (f.grade) where.push(`a.grade = ${p(f.grade)}`);
  if (f.type) where.push(`a.type = ${p(f.type)}`);
  if (f.ownerId) where.push(`a.owner_id = ${p(f.ownerId)}`);
  if (f.industry) where.push(`a.industry = ${p(f.industry)}`);
  if (f.status) where.push(`a.status = ${p(f.status)}`);
  if (f.channel) where.push(`a.acquisition_channel = ${p(f.channel)}`);
  if (f.parentId) where.push(`a.parent_id = ${p(f.parentId)}::uuid`);
  if (f.nameContains) where.push(`a.name ILIKE ${p(`%${f.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);

  const sort = SORT[req.field];
  const join =
    req.field === 'REVENUE'
      ? `LEFT JOIN LATERAL (
           SELECT sum(sp.revenue) AS revenue FROM accounts.stay_production sp
            WHERE sp.account_id = a.id AND sp.production_date BETWEEN ${p(req.revenueWindow.from)}::date AND ${p(req.revenueWindow.to)}::date
         ) r ON true`
      : '';
  const cmp = req.direction === 'ASC' ? '>' : '<';
  if (req.after)
    where.push(`(${sort.expr}, a.id) ${cmp} (${p(req.after.key)}::${sort.type}, ${p(req.after.id)}::uuid)`);
  const limit = p(req.first + 1);
  const rows: (AccountRow & { sortKey: string })[] = await db.query(
    `SELECT ${ACCOUNT_COLUMNS}, (${sort.expr})::text AS "sortKey"
       FROM accounts.account a ${join}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${sort.expr} ${req.direction}, a.id ${req.direction}
      LIMIT ${limit}`,
    params,
  );
  const hasNextPage = rows.length > req.first;
  return { rows: rows.slice(0, req.first), hasNextPage };
}

/** The cursor names its ordering, so a cursor from one ordering is refused by another rather than misread. */
export const encodeCursor = (order: string, c: Cursor) => encodeValues([order, c.key, c.id]);

/** Null when the text is not one of our cursors for this ordering (the caller answers BAD_USER_INPUT on `after`). */
export function decodeCursor(order: string, text: string): Cursor | null {
  let v: unknown[];
  try {
    v = decodeValues(text);
  } catch {
    return null;
  }
  if (v.length !== 3 || v[0] !== order) return null;
  const [, key, id] = v;
  if (typeof key !== 'string' || !isUuid(id)) return null;
  if (order.startsWith('REVENUE') && !/^-?\d+(\.\d+)?$/.test(key)) return null;
  if (order.startsWith('LAST_CONTACT') && key !== '-infinity' && Number.isNaN(Date.parse(key))) return null;
  return { key, id: id as string };
}
