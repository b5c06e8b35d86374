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

/** The newest `first` redemptions of each membership, newest first (two statements whatever the count). */
export async function latestRedemptions(
  db: Db,
  membershipIds: readonly string[],
  first: number,
): Promise<Redemption[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id FROM (
       SELECT id, row_number() OVER (PARTITION BY membership_id ORDER BY created_at DESC, id) AS n
         FROM loyalty.redemption WHERE membership_id = ANY($1::uuid[])) ranked
      WHERE n <= $2`,
    [membershipIds, first],
  );
  if (!rows.length) return [];
  return db.getRepository(Redemption).find({
    where: { id: In(rows.map((r) => r.id)) },
    order: { createdAt: 'DESC', id: 'ASC' },
  });
}
