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
