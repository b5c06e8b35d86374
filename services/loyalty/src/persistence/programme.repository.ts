import { changed } from '@guest-graph/db';
import { type EntityManager, In } from 'typeorm';
import { EarningRateRow, PromotionRow, Redemption, Reward } from './programme.entity.js';

type Db = Pick<EntityManager, 'query' | 'getRepository'>;

export function earningRates(db: Db): Promise<EarningRateRow[]> {
  return db.getRepository(EarningRateRow).find({ order: { outlet: 'ASC' } });
}

export function promotions(db: Db): Promise<PromotionRow[]> {
  return db.getRepository(PromotionRow).find({ order: { startsOn: 'DESC', id: 'ASC' } });
}

/** The catalogue a guest can redeem from, cheapest first. */
export function activeRewards(db: Db): Promise<Reward[]> {
  return db.getRepository(Reward).find({ where: { active: true }, order: { pointsPrice: 'ASC', code: 'ASC' } });
}

export function rewardsByCode(db: Db, codes: readonly string[]): Promise<Reward[]> {
  return db.getRepository(Reward).find({ where: { code: In([...codes]) } });
}

/**
 * The newest `limit` redemptions of each membership, newest first, after a keyset position (created_at, id):
 * two statements whatever the count, the window served by (membership_id, created_at DESC, id DESC). Each
 * comes with its `sortKey` as text (a timestamp keeps its microseconds in a cursor).
 */
export async function latestRedemptions(
  db: Db,
  membershipIds: readonly string[],
  limit: number,
  after: { createdAt: string; id: string } | null = null,
): Promise<(Redemption & { sortKey: [string, string] })[]> {
  const rows: { id: string; created_at: string }[] = await db.query(
    `SELECT id, created_at FROM (
       SELECT id, created_at::text AS created_at,
              row_number() OVER (PARTITION BY membership_id ORDER BY created_at DESC, id DESC) AS n
         FROM loyalty.redemption
        WHERE membership_id = ANY($1::uuid[]) AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))) ranked
      WHERE n <= $2`,
    [membershipIds, limit, after?.createdAt ?? null, after?.id ?? null],
  );
  if (!rows.length) return [];
  const createdAt = new Map(rows.map((r) => [r.id, r.created_at]));
  const found = await db.getRepository(Redemption).find({
    where: { id: In(rows.map((r) => r.id)) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
  return found.map((r) => Object.assign(r, { sortKey: [createdAt.get(r.id)!, r.id] as [string, string] }));
}

/** Sets an outlet's earning rate, from the next check-out on. */
export async function upsertEarningRate(db: Db, outlet: string, pointsPerUnit: string, at: Date, by: string) {
  await db.query(
    `INSERT INTO loyalty.earning_rate (outlet, points_per_unit, updated_at, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (outlet) DO UPDATE SET points_per_unit = $2, updated_at = $3, updated_by = $4`,
    [outlet, pointsPerUnit, at, by],
  );
}

export async function insertPromotion(
  db: Db,
  p: { id: string; name: string; startsOn: string; endsOn: string; multiplier: string; weekdays: number[] | null },
  at: Date,
  by: string,
) {
  await db.query(
    `INSERT INTO loyalty.promotion (id, name, starts_on, ends_on, multiplier, weekdays, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [p.id, p.name, p.startsOn, p.endsOn, p.multiplier, p.weekdays, at, by],
  );
}

/** The rates check-out earning applies, by outlet. */
export async function ratesForEarning(db: Db): Promise<{ outlet: string; pointsPerUnit: string }[]> {
  const rows: { outlet: string; points_per_unit: string }[] = await db.query(
    `SELECT outlet, points_per_unit FROM loyalty.earning_rate ORDER BY outlet`,
  );
  return rows.map((r) => ({ outlet: r.outlet, pointsPerUnit: r.points_per_unit }));
}

/** The promotions overlapping the dates `from`..`to`, their dates as YYYY-MM-DD. */
export async function promotionsCovering(
  db: Db,
  from: string,
  to: string,
): Promise<
  { id: string; name: string; startsOn: string; endsOn: string; multiplier: string; weekdays: number[] | null }[]
> {
  const rows: {
    id: string;
    name: string;
    starts_on: string;
    ends_on: string;
    multiplier: string;
    weekdays: number[] | null;
  }[] = await db.query(
    `SELECT id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
            multiplier, weekdays
       FROM loyalty.promotion WHERE starts_on <= $2 AND ends_on >= $1 ORDER BY starts_on, id`,
    [from, to],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    multiplier: r.multiplier,
    weekdays: r.weekdays,
  }));
}

export function rewardByCode(db: Db, code: string): Promise<Reward | null> {
  return db.getRepository(Reward).findOne({ where: { code } });
}

export function redemptionByRequestId(db: Db, requestId: string): Promise<Redemption | null> {
  return db.getRepository(Redemption).findOne({ where: { requestId } });
}

/** A redemption by id, its row locked until the transaction ends when `lock`. */
export function redemptionById(db: Db, id: string, { lock = false } = {}): Promise<Redemption | null> {
  return db
    .getRepository(Redemption)
    .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
}

export async function insertRedemption(db: Db, redemption: Redemption): Promise<void> {
  await db.getRepository(Redemption).insert(redemption);
}

/** Marks a confirmed redemption cancelled (a redemption cancelled already is left as it is). */
export async function markRedemptionCancelled(db: Db, id: string, at: Date, by: string, reason: string) {
  await changed(
    db as EntityManager,
    `UPDATE loyalty.redemption SET status = 'CANCELLED', cancelled_at = $2, cancelled_by = $3, cancel_reason = $4
      WHERE id = $1 AND status = 'CONFIRMED'`,
    [id, at, by, reason],
  );
}
