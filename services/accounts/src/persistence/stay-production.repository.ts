import type { Production, ProductionWindow } from '../domain/production.js';
import type { Db } from './account.repository.js';

export interface ProductionEntry {
  stayId: string;
  accountId: string;
  guestId: string;
  attributedBy: string;
  checkedOutAt: string;
  /** The hotel's date of the check-out. */
  productionDate: string;
  nights: number;
  revenue: string;
}

/**
 * Writes every entry in one statement; a stay counts once (its id is the key), and a stay for an account we never
 * opened is skipped. Returns the entries written.
 */
export const insertProduction = (
  db: Db,
  entries: readonly ProductionEntry[],
  recordedAt: Date,
): Promise<{ stay_id: string; account_id: string }[]> =>
  db.query(
    `INSERT INTO accounts.stay_production (stay_id, account_id, guest_id, attributed_by, production_date, nights,
       revenue, checked_out_at, recorded_at)
     SELECT t.s, a.id, t.g, t.b, t.d, t.n, t.r, t.c, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::int[], $7::numeric[],
                   $9::date[]) AS t(s, a, g, b, c, n, r, d)
       JOIN accounts.account a ON a.id = t.a
     ON CONFLICT (stay_id) DO NOTHING
     RETURNING stay_id, account_id`,
    [
      entries.map((e) => e.stayId),
      entries.map((e) => e.accountId),
      entries.map((e) => e.guestId),
      entries.map((e) => e.attributedBy),
      entries.map((e) => e.checkedOutAt),
      entries.map((e) => e.nights),
      entries.map((e) => e.revenue),
      recordedAt,
      entries.map((e) => e.productionDate),
    ],
  );

/**
 * What counts in production: checked-out stays by their check-out date, and the revenue of confirmed or held hotel
 * events by their last day (an event is no stay: it adds revenue, not stays or nights). Predicates on the account and
 * the date reach both branches, so each keeps its index.
 */
const PRODUCTION_SOURCE = `(SELECT account_id, production_date, stay_id, nights, revenue, NULL::numeric AS event_revenue
     FROM accounts.stay_production
   UNION ALL
   SELECT account_id, ends_on, NULL::uuid, 0, revenue, revenue FROM accounts.hotel_event
    WHERE status IN ('CONFIRMED','HELD') AND revenue IS NOT NULL)`;
const TOTALS = `count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
  coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue, count(p.event_revenue)::int AS events,
  coalesce(sum(p.event_revenue), 0)::numeric(14,2)::text AS "eventRevenue"`;

/** Production with the part hotel events brought. */
export type ProductionWithEvents = Production & { events: number; eventRevenue: string };

/**
 * Production of many accounts over one window in one statement. With branches, each requested account's whole
 * tree is summed (a group's roll-up); each stay belongs to one account, so nothing is counted twice.
 */
export async function productionOf(
  db: Db,
  accountIds: readonly string[],
  window: ProductionWindow,
  includeBranches: boolean,
): Promise<(ProductionWithEvents & { accountId: string })[]> {
  if (!includeBranches)
    return db.query(
      `SELECT p.account_id AS "accountId", ${TOTALS}
         FROM ${PRODUCTION_SOURCE} p
        WHERE p.account_id = ANY($1::uuid[]) AND p.production_date BETWEEN $2::date AND $3::date
        GROUP BY p.account_id`,
      [accountIds, window.from, window.to],
    );
  return db.query(
    `WITH RECURSIVE tree(root, id) AS (
       SELECT id, id FROM accounts.account WHERE id = ANY($1::uuid[])
       UNION ALL
       SELECT tree.root, a.id FROM accounts.account a JOIN tree ON a.parent_id = tree.id
     )
     SELECT tree.root AS "accountId", ${TOTALS}
       FROM tree JOIN ${PRODUCTION_SOURCE} p
         ON p.account_id = tree.id AND p.production_date BETWEEN $2::date AND $3::date
      GROUP BY tree.root`,
    [accountIds, window.from, window.to],
  );
}

export async function monthlyProductionOf(
  db: Db,
  accountIds: readonly string[],
  window: ProductionWindow,
  includeBranches: boolean,
): Promise<(ProductionWithEvents & { accountId: string; month: string })[]> {
  const tree = includeBranches
    ? `WITH RECURSIVE tree(root, id) AS (
         SELECT id, id FROM accounts.account WHERE id = ANY($1::uuid[])
         UNION ALL
         SELECT tree.root, a.id FROM accounts.account a JOIN tree ON a.parent_id = tree.id
       )`
    : 'WITH tree(root, id) AS (SELECT x, x FROM unnest($1::uuid[]) AS x)';
  return db.query(
    `${tree}
     SELECT tree.root AS "accountId", to_char(p.production_date, 'YYYY-MM') AS month, ${TOTALS}
       FROM tree JOIN ${PRODUCTION_SOURCE} p
         ON p.account_id = tree.id AND p.production_date BETWEEN $2::date AND $3::date
      GROUP BY tree.root, month
      ORDER BY month`,
    [accountIds, window.from, window.to],
  );
}
