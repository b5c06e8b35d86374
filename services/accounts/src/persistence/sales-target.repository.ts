import type { Production } from '../domain/production.js';
import { type Db } from './account.repository.js';

// Sales targets (销售目标) and the production that measures them.

export interface TargetRow {
  id: string;
  ownerId: string | null;
  accountId: string | null;
  clientGrade?: string | null;
  clientType?: string | null;
  periodKind: string;
  periodStart: string;
  periodEnd: string;
  revenueTarget: string | null;
  roomNightTarget: number | null;
}
const TARGET_COLUMNS = `id, owner_id AS "ownerId", account_id AS "accountId", client_grade AS "clientGrade",
  client_type AS "clientType", period_kind AS "periodKind",
  to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd",
  revenue_target::text AS "revenueTarget", room_night_target AS "roomNightTarget"`;

/** Targets by owner, account and year (each optional), in period order, annual before quarterly before monthly. */
export const targetsWhere = (
  db: Db,
  f: {
    ownerId: string | null;
    accountId: string | null;
    year: number | null;
    grade?: string | null;
    accountType?: string | null;
  },
): Promise<TargetRow[]> =>
  db.query(
    `SELECT ${TARGET_COLUMNS} FROM accounts.sales_target
      WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::uuid IS NULL OR account_id = $2)
        AND ($3::int IS NULL OR extract(year FROM period_start)::int = $3)
        AND ($4::text IS NULL OR client_grade = $4) AND ($5::text IS NULL OR client_type = $5)
      ORDER BY period_start, CASE period_kind WHEN 'ANNUAL' THEN 0 WHEN 'QUARTERLY' THEN 1 ELSE 2 END, id`,
    [f.ownerId, f.accountId, f.year, f.grade ?? null, f.accountType ?? null],
  );

/** Sets the target of a scope (owner or account) and period: a second setting replaces the first. */
export async function upsertTarget(db: Db, t: TargetRow, now: Date): Promise<TargetRow> {
  const [row] = await db.query(
    `INSERT INTO accounts.sales_target (id, owner_id, account_id, period_kind, period_start, period_end,
       revenue_target, room_night_target, updated_at, client_grade, client_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT ((coalesce(owner_id, '')), (coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid)),
       (coalesce(client_grade, '')), (coalesce(client_type, '')), period_kind, period_start)
     DO UPDATE SET revenue_target = EXCLUDED.revenue_target, room_night_target = EXCLUDED.room_night_target,
       updated_at = EXCLUDED.updated_at
     RETURNING ${TARGET_COLUMNS}`,
    [
      t.id,
      t.ownerId,
      t.accountId,
      t.periodKind,
      t.periodStart,
      t.periodEnd,
      t.revenueTarget,
      t.roomNightTarget,
      now,
      t.clientGrade ?? null,
      t.clientType ?? null,
    ],
  );
  return row;
}

/**
 * Actual production for each target's period: an account's own stays, those of every account the sales person
 * owns now (targets follow the portfolio, as the sales office reviews it), or of every account now of the
 * target's grade or type.
 */
export const targetProduction = (
  db: Db,
  targetIds: readonly string[],
): Promise<(Production & { targetId: string })[]> =>
  db.query(
    `SELECT t.id AS "targetId", count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
            coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue
       FROM accounts.sales_target t
       LEFT JOIN accounts.account a
         ON (t.account_id IS NOT NULL AND a.id = t.account_id) OR (t.owner_id IS NOT NULL AND a.owner_id = t.owner_id)
            OR (t.client_grade IS NOT NULL AND a.grade = t.client_grade)
            OR (t.client_type IS NOT NULL AND a.type = t.client_type)
       LEFT JOIN accounts.stay_production p
         ON p.account_id = a.id AND p.production_date BETWEEN t.period_start AND t.period_end
      WHERE t.id = ANY($1::uuid[])
      GROUP BY t.id`,
    [targetIds],
  );
