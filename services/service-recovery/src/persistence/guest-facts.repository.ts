import type { EventData, guests } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { KnownStay } from './stay.entity.js';

export type StayFacts = Pick<
  EventData<typeof guests.stayCheckedIn>,
  'stayId' | 'guestId' | 'propertyCode' | 'paymentMethod' | 'accountId' | 'arrivalDate' | 'departureDate'
>;

/**
 * The stays, upserted in one statement; each event knows one of the two times, and a time once known is kept.
 * A stay twice in one batch (the same check-out re-published) is written once: one statement may not update a
 * row twice.
 */
export async function upsertStays(
  tx: EntityManager,
  stays: { s: StayFacts; checkedInAt?: string; checkedOutAt?: string; segment?: string | null }[],
) {
  const seen = new Set<string>();
  const once = stays.filter(({ s }) => !seen.has(s.stayId) && seen.add(s.stayId));
  await tx.query(
    `INSERT INTO service_recovery.stay
       (stay_id, guest_id, property_code, payment_method, account_id, arrival_date, departure_date,
        checked_in_at, checked_out_at, segment)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::date[], $7::date[],
                          $8::timestamptz[], $9::timestamptz[], $10::text[])
     ON CONFLICT (stay_id) DO UPDATE SET
       payment_method = EXCLUDED.payment_method,
       account_id = EXCLUDED.account_id,
       departure_date = EXCLUDED.departure_date,
       checked_in_at = COALESCE(service_recovery.stay.checked_in_at, EXCLUDED.checked_in_at),
       checked_out_at = COALESCE(EXCLUDED.checked_out_at, service_recovery.stay.checked_out_at),
       segment = COALESCE(EXCLUDED.segment, service_recovery.stay.segment)`,
    [
      once.map(({ s }) => s.stayId),
      once.map(({ s }) => s.guestId),
      once.map(({ s }) => s.propertyCode),
      once.map(({ s }) => s.paymentMethod),
      once.map(({ s }) => s.accountId),
      once.map(({ s }) => s.arrivalDate),
      once.map(({ s }) => s.departureDate),
      once.map((x) => x.checkedInAt ?? null),
      once.map((x) => x.checkedOutAt ?? null),
      once.map((x) => x.segment ?? null),
    ],
  );
}

/** The tables whose rows follow a guest through a merge. */
const GUEST_TABLES = ['complaint_case', 'survey', 'stay'] as const;

/** Moves the duplicate's rows to the survivor, remembering where each came from. */
export async function moveToSurvivor(
  tx: EntityManager,
  m: { survivorId: string; mergeId: string; duplicateId: string },
) {
  for (const table of GUEST_TABLES)
    await tx.query(
      `UPDATE service_recovery.${table}
          SET guest_id = $1, merge_id = $2, merged_from_guest_id = $3
        WHERE guest_id = $3`,
      [m.survivorId, m.mergeId, m.duplicateId],
    );
}

/** Moves back exactly the rows a merge moved. */
export async function moveBackFromMerge(tx: EntityManager, mergeId: string) {
  for (const table of GUEST_TABLES)
    await tx.query(
      `UPDATE service_recovery.${table}
          SET guest_id = merged_from_guest_id, merge_id = NULL, merged_from_guest_id = NULL
        WHERE merge_id = $1`,
      [mergeId],
    );
}

/** The guest's value tier; an older announcement arriving late does not win. */
export async function recordTier(tx: EntityManager, guestId: string, tier: string, changedAt: string) {
  await tx.query(
    `INSERT INTO service_recovery.guest_tier (guest_id, tier, changed_at) VALUES ($1, $2, $3)
     ON CONFLICT (guest_id) DO UPDATE SET tier = EXCLUDED.tier, changed_at = EXCLUDED.changed_at
      WHERE service_recovery.guest_tier.changed_at <= EXCLUDED.changed_at`,
    [guestId, tier, changedAt],
  );
}

/** What the service knows of a stay (from the guests service's events), if anything. */
export function knownStay(db: Pick<EntityManager, 'getRepository'>, stayId: string): Promise<KnownStay | null> {
  return db.getRepository(KnownStay).findOne({ where: { stayId } });
}

/**
 * Serialises "is this stay known yet?" between a resolution and the stay's arrival from guests: whichever
 * commits second sees the other's work, so a bill credit held for an unknown stay is always released.
 * Locks are taken in one order (by hash) so two consumer batches cannot deadlock on them.
 */
export async function lockStayFacts(db: Pick<EntityManager, 'query'>, stayIds: readonly string[]) {
  if (!stayIds.length) return;
  await db.query(
    `SELECT pg_advisory_xact_lock(734023, h)
       FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest($1::text[]) s ORDER BY 1) locks`,
    [stayIds],
  );
}
