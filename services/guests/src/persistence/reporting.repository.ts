import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

/**
 * Keeps the copy of a member's tier; an older event (a redelivery, or two consumers racing) never overwrites
 * a newer tier. The trigger of migration MemberTierCopy moves the guest's changed_at when the tier moves.
 */
export async function recordMemberTier(tx: EntityManager, guestId: string, tier: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO guests.guest_member_tier (guest_id, tier, changed_at) VALUES ($1, $2, $3)
     ON CONFLICT (guest_id) DO UPDATE SET tier = EXCLUDED.tier, changed_at = EXCLUDED.changed_at
      WHERE guests.guest_member_tier.changed_at <= EXCLUDED.changed_at`,
    [guestId, tier, at],
  );
}

export type TierRevenueRow = {
  valueTier: string | null;
  memberTier: string | null;
  stays: number;
  nights: number;
  revenue: string;
};

/**
 * Checked-out stays departing in [from, to] by the guest's value tier and member tier (both as they are now),
 * along stay_checked_out_departure_idx, each joined by its guest's key: one statement, whatever the range.
 */
export const revenueByTiers = (db: Db, from: string, to: string): Promise<TierRevenueRow[]> =>
  db.query(
    `SELECT v.value_tier AS "valueTier", t.tier AS "memberTier", count(*)::int AS stays,
            sum(s.nights)::int AS nights, coalesce(sum(s.total_spend), 0)::numeric(14,2)::text AS revenue
       FROM guests.stay s
       LEFT JOIN guests.guest_value v ON v.guest_id = s.guest_id
       LEFT JOIN guests.guest_member_tier t ON t.guest_id = s.guest_id
      WHERE s.status = 'CHECKED_OUT' AND s.departure_date BETWEEN $1::date AND $2::date
      GROUP BY 1, 2
      ORDER BY 1 NULLS LAST, 2 NULLS LAST`,
    [from, to],
  );
