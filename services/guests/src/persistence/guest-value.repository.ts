import { toCents } from '@guest-graph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { guestValue, RFM_WINDOW_DAYS } from '../domain/guest-value.js';

type Db = DataSource | EntityManager;
const PAGE = 5000;

interface ValueInputs {
  id: string;
  recency: number | null;
  frequency: number;
  monetary: string;
  stays: number;
  nights: number;
  spend: string;
}

/** One page of guests' stay figures as of `asOf`, after `after` in id order (or just `guestIds`). */
const inputsOf = (db: Db, asOf: string, after: string, guestIds: readonly string[] | null): Promise<ValueInputs[]> =>
  db.query(
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
    [after, asOf, RFM_WINDOW_DAYS, guestIds],
  );

const classify = (asOf: string, r: ValueInputs): GuestValueRow => {
  const v = guestValue({
    recencyDays: r.stays ? r.recency : null,
    frequency: r.frequency,
    monetaryCents: toCents(r.monetary),
    lifetimeStays: r.stays,
    lifetimeNights: r.nights,
    lifetimeSpendCents: toCents(r.spend),
  });
  return {
    guestId: r.id,
    computedOn: asOf,
    recencyDays: r.stays ? r.recency : null,
    frequency: r.frequency,
    monetary: r.monetary,
    ...v,
  };
};

/**
 * Recomputes value and lifecycle as of `asOf` for the given guests, or for every live guest page by page.
 * Idempotent: running it twice for one date writes the same rows.
 */
export async function refreshGuestValues(db: Db, asOf: string, guestIds?: string[]): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await inputsOf(db, asOf, after, guestIds ?? null)).map((r) => classify(asOf, r));
    if (!rows.length) return done;
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
        rows.map((x) => x.guestId),
        rows.map(() => asOf),
        rows.map((x) => x.recencyDays),
        rows.map((x) => x.frequency),
        rows.map((x) => x.monetary),
        rows.map((x) => x.recencyScore),
        rows.map((x) => x.frequencyScore),
        rows.map((x) => x.monetaryScore),
        rows.map((x) => x.valueTier),
        rows.map((x) => x.consumptionLevel),
        rows.map((x) => x.lifecycleStage),
      ],
    );
    done += rows.length;
    after = rows[rows.length - 1]!.guestId;
    if (rows.length < PAGE) return done;
  }
}

/** Computed now without writing: for guests the job has not reached yet (a bulk import, say). */
export async function computeGuestValues(db: Db, asOf: string, guestIds: readonly string[]): Promise<GuestValueRow[]> {
  if (!guestIds.length) return [];
  return (await inputsOf(db, asOf, '00000000-0000-0000-0000-000000000000', guestIds)).map((r) => classify(asOf, r));
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

export interface GuestValueFilter {
  valueTiers: string[] | null;
  lifecycleStages: string[] | null;
  consumptionLevels: string[] | null;
  segment: string | null;
  vip: boolean | null;
  /** The campaign's channel: guests who withdrew MARKETING on it are left out (on any channel when null). */
  channel: string | null;
}

/**
 * Whether the guest's latest MARKETING answer on the channel ($8; on any channel when null) is a withdrawal,
 * answers given under profiles merged into it included (contract: such a guest is on no campaign list). One
 * probe of consent_guest_idx (guest_id, purpose, channel, recorded_at DESC, seq DESC) per profile.
 */
const WITHDREW_MARKETING = `EXISTS (
  SELECT 1 FROM (
    SELECT DISTINCT ON (c.channel) c.granted
      FROM (SELECT g.id UNION ALL SELECT d.id FROM guests.guest d WHERE d.merged_into = g.id) p(id)
      JOIN guests.consent c ON c.guest_id = p.id AND c.purpose = 'MARKETING' AND c.channel IS NOT NULL
                           AND ($8::text IS NULL OR c.channel = $8::text)
     ORDER BY c.channel, c.recorded_at DESC, c.seq DESC) latest
   WHERE NOT latest.granted)`;

/** Live guests whose stored value matches and who did not withdraw marketing, in id order after `after`. */
export async function guestIdsByValue(
  db: Db,
  f: GuestValueFilter,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT g.id FROM guests.guest_value v JOIN guests.guest g ON g.id = v.guest_id
      WHERE g.merged_into IS NULL
        AND ($1::text[] IS NULL OR v.value_tier = ANY($1::text[]))
        AND ($2::text[] IS NULL OR v.lifecycle_stage = ANY($2::text[]))
        AND ($3::text[] IS NULL OR v.consumption_level = ANY($3::text[]))
        AND ($4::text IS NULL OR g.segment = $4)
        AND ($5::boolean IS NULL OR g.vip = $5)
        AND ($6::uuid IS NULL OR g.id > $6::uuid)
        AND NOT ${WITHDREW_MARKETING}
      ORDER BY g.id LIMIT $7`,
    [f.valueTiers, f.lifecycleStages, f.consumptionLevels, f.segment, f.vip, after, limit, f.channel],
  );
  return rows.map((r) => r.id);
}
