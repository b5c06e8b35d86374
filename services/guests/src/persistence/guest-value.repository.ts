import { toCents } from '@guest-graph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { guestValue, RFM_WINDOW_DAYS } from '../domain/guest-value.js';

type Db = DataSource | EntityManager;
const PAGE = 5000;

/**
 * Recomputes value and lifecycle as of `asOf` for the given guests, or for every live guest page by page.
 * Idempotent: running it twice for one date writes the same rows.
 */
export async function refreshGuestValues(db: Db, asOf: string, guestIds?: string[]): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: {
      id: string;
      recency: number | null;
      frequency: number;
      monetary: string;
      stays: number;
      nights: number;
      spend: string;
    }[] = await db.query(
      `SELECT g.id,
              ($2::date - max(s.departure_date))::int AS recency,
              count(s.id) FILTER (WHERE s.departure_date > $2::date - $3::int)::int AS frequency,
              coalesce(sum(s.total_spend) FILTER (WHERE s.departure_date > $2::date - $3::int), 0)::text AS monetary,
              count(s.id)::int AS stays, coalesce(sum(s.nights), 0)::int AS nights,
              coalesce(sum(s.total_spend), 0)::text AS spend
         FROM guests.guest g
         LEFT JOIN guests.stay s ON s.guest_id = g.id AND s.status = 'CHECKED_OUT' AND s.departure_date <= $2::date
        WHERE g.merged_into IS NULL AND g.id > $1 AND ($4::uuid[] IS NULL OR g.id = ANY($4::uuid[]))
        GROUP BY g.id ORDER BY g.id LIMIT ${PAGE}`,
      [after, asOf, RFM_WINDOW_DAYS, guestIds ?? null],
    );
    if (!rows.length) return done;
    const values = rows.map((r) => ({
      r,
      v: guestValue({
        recencyDays: r.stays ? r.recency : null,
        frequency: r.frequency,
        monetaryCents: toCents(r.monetary),
        lifetimeStays: r.stays,
        lifetimeNights: r.nights,
        lifetimeSpendCents: toCents(r.spend),
      }),
    }));
    await db.query(
      `INSERT INTO guests.guest_value (guest_id, computed_on, recency_days, frequency, monetary, recency_score,
                                       frequency_score, monetary_score, value_tier, consumption_level, lifecycle_stage)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[], $5::numeric[], $6::smallint[], $7::smallint[],
                            $8::smallint[], $9::text[], $10::text[], $11::text[])
       ON CONFLICT (guest_id) DO UPDATE SET computed_on = EXCLUDED.computed_on, recency_days = EXCLUDED.recency_days,
         frequency = EXCLUDED.frequency, monetary = EXCLUDED.monetary, recency_score = EXCLUDED.recency_score,
         frequency_score = EXCLUDED.frequency_score, monetary_score = EXCLUDED.monetary_score,
         value_tier = EXCLUDED.value_tier, consumption_level = EXCLUDED.consumption_level,
         lifecycle_stage = EXCLUDED.lifecycle_stage`,
      [
        values.map((x) => x.r.id),
        values.map(() => asOf),
        values.map((x) => (x.r.stays ? x.r.recency : null)),
        values.map((x) => x.r.frequency),
        values.map((x) => x.r.monetary),
        values.map((x) => x.v.recencyScore),
        values.map((x) => x.v.frequencyScore),
        values.map((x) => x.v.monetaryScore),
        values.map((x) => x.v.valueTier),
        values.map((x) => x.v.consumptionLevel),
        values.map((x) => x.v.lifecycleStage),
      ],
    );
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    if (rows.length < PAGE) return done;
  }
}

export interface GuestValueRow {
  guestId: string;
  computedOn: string;
  recencyDays: number | null;
  frequency: number;
  monetary: string;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  valueTier: string | null;
  consumptionLevel: string | null;
  lifecycleStage: string;
}

export const guestValuesOf = (db: Db, guestIds: readonly string[]): Promise<GuestValueRow[]> =>
  db.query(
    `SELECT guest_id AS "guestId", to_char(computed_on, 'YYYY-MM-DD') AS "computedOn", recency_days AS "recencyDays",
            frequency, monetary::text AS monetary, recency_score AS "recencyScore", frequency_score AS "frequencyScore",
            monetary_score AS "monetaryScore", value_tier AS "valueTier", consumption_level AS "consumptionLevel",
            lifecycle_stage AS "lifecycleStage"
       FROM guests.guest_value WHERE guest_id = ANY($1::uuid[])`,
    [guestIds],
  );
