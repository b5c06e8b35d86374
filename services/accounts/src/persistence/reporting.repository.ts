import { MICROS_UTC as MICROS } from '@guest-graph/subgraph-kit';
import { ACCOUNT_COLUMNS, type AccountRow, type Db } from './account.repository.js';

export type AccountChangeRow = AccountRow & { changedAt: Date; changedKey: string };

/**
 * Accounts changed at or after `since` (all when null), in the order of account_changed_idx (changed_at, id),
 * strictly after the key; the whole row, so the page's `account` references cost nothing more.
 */
export const changedAccountPage = (
  db: Db,
  since: string | null,
  after: { changedKey: string; id: string } | null,
  limit: number,
): Promise<AccountChangeRow[]> =>
  db.query(
    `SELECT ${ACCOUNT_COLUMNS}, a.changed_at AS "changedAt",
            to_char(a.changed_at AT TIME ZONE 'UTC', ${MICROS}) AS "changedKey"
       FROM accounts.account a
      WHERE ($1::timestamptz IS NULL OR a.changed_at >= $1::timestamptz)
        AND ($2::timestamptz IS NULL OR (a.changed_at, a.id) > ($2::timestamptz, $3::uuid))
      ORDER BY a.changed_at, a.id LIMIT $4`,
    [since, after?.changedKey ?? null, after?.id ?? null, limit],
  );

/**
 * Every account's grade and type as of its last change, in id order after `after` (the primary key's range): the
 * stay report backfill's pages (guests).
 */
export const accountReportPage = (
  db: Db,
  after: string | null,
  limit: number,
): Promise<{ accountId: string; grade: string | null; type: string; updatedAt: Date }[]> =>
  db.query(
    `SELECT id AS "accountId", grade, type, updated_at AS "updatedAt" FROM accounts.account
      WHERE $1::uuid IS NULL OR id > $1::uuid ORDER BY id LIMIT $2`,
    [after, limit],
  );

export type GradeMonthRow = { grade: string | null; month: string; stays: number; roomNights: number; revenue: string };

/**
 * Production of every account in [from, to] by the account's grade (as graded now) and check-out month: one
 * statement over stay_production_date_idx joined to the accounts by their key.
 */
export const productionByGradeMonth = (db: Db, from: string, to: string): Promise<GradeMonthRow[]> =>
  db.query(
    `SELECT a.grade, to_char(p.production_date, 'YYYY-MM') AS month, count(*)::int AS stays,
            sum(p.nights)::int AS "roomNights", sum(p.revenue)::numeric(14,2)::text AS revenue
       FROM accounts.stay_production p JOIN accounts.account a ON a.id = p.account_id
      WHERE p.production_date BETWEEN $1::date AND $2::date
      GROUP BY month, a.grade
      ORDER BY month, a.grade NULLS LAST`,
    [from, to],
  );
