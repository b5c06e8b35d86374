import { type EventData, guests, loyalty } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { Surveys } from '../application/surveys.js';

// What service-recovery learns from guests. Every handler is idempotent twice over: the inbox drops a
// redelivered event, and each write is an upsert or keyed so a replayed one changes nothing.

type StayFacts = Pick<
  EventData<typeof guests.stayCheckedIn>,
  'stayId' | 'guestId' | 'propertyCode' | 'paymentMethod' | 'accountId' | 'arrivalDate' | 'departureDate'
>;

/**
 * The stays named by stay events, upserted in one statement; each event knows one of the two times, and a time
 * once known is kept. A stay twice in one batch (the same check-out re-published) is written once: one
 * statement may not update a row twice.
 */
async function upsertStays(tx: EntityManager, stays: { s: StayFacts; checkedInAt?: string; checkedOutAt?: string }[]) {
  const seen = new Set<string>();
  const once = stays.filter(({ s }) => !seen.has(s.stayId) && seen.add(s.stayId));
  await tx.query(
    `INSERT INTO service_recovery.stay
       (stay_id, guest_id, property_code, payment_method, account_id, arrival_date, departure_date,
        checked_in_at, checked_out_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::date[], $7::date[],
                          $8::timestamptz[], $9::timestamptz[])
     ON CONFLICT (stay_id) DO UPDATE SET
       payment_method = EXCLUDED.payment_method,
       account_id = EXCLUDED.account_id,
       departure_date = EXCLUDED.departure_date,
       checked_in_at = COALESCE(service_recovery.stay.checked_in_at, EXCLUDED.checked_in_at),
       checked_out_at = COALESCE(EXCLUDED.checked_out_at, service_recovery.stay.checked_out_at)`,
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
    ],
  );
}

export async function startConsumers(rt: Runtime, surveys: Surveys) {
  // Stay events one at a time or a backlog up to 100 to a transaction, in a statement or two either way.
  await rt.bus.consume(guests.stayCheckedIn, {
    name: 'stay-checked-in',
    batch: 100,
    handleMany: (tx, events) =>
      upsertStays(
        tx,
        events.map(({ data: s }) => ({ s, checkedInAt: s.checkedInAt })),
      ),
  });

  // A stay's row and survey depend on no other stay's: a backlog goes three lanes at once.
  await rt.bus.consume(guests.stayCheckedOut, {
    name: 'stay-checked-out',
    concurrency: 3,
    batch: 100,
    handleMany: async (tx, events) => {
      await upsertStays(
        tx,
        events.map(({ data: s }) => ({ s, checkedOutAt: s.checkedOutAt })),
      );
      await surveys.issue(
        tx,
        events.map((e) => e.data),
      );
    },
  });

  // A merge moves the duplicate's cases, surveys and stays to the survivor, remembering where each came
  // from so an unmerge can move exactly those back.
  await rt.bus.consume(guests.guestMerged, {
    name: 'guest-merged',
    handler: async (tx, { data: m }) => {
      for (const table of ['complaint_case', 'survey', 'stay'])
        await tx.query(
          `UPDATE service_recovery.${table}
              SET guest_id = $1, merge_id = $2, merged_from_guest_id = $3
            WHERE guest_id = $3`,
          [m.survivorId, m.mergeId, m.duplicateId],
        );
    },
  });

  await rt.bus.consume(guests.guestUnmerged, {
    name: 'guest-unmerged',
    handler: async (tx, { data: m }) => {
      for (const table of ['complaint_case', 'survey', 'stay'])
        await tx.query(
          `UPDATE service_recovery.${table}
              SET guest_id = merged_from_guest_id, merge_id = NULL, merged_from_guest_id = NULL
            WHERE merge_id = $1`,
          [m.mergeId],
        );
    },
  });

  // The guest's value tier for the analysis; an older announcement arriving late does not win.
  const recordTier = `
    INSERT INTO service_recovery.guest_tier (guest_id, tier, changed_at) VALUES ($1, $2, $3)
    ON CONFLICT (guest_id) DO UPDATE SET tier = EXCLUDED.tier, changed_at = EXCLUDED.changed_at
     WHERE service_recovery.guest_tier.changed_at <= EXCLUDED.changed_at`;
  await rt.bus.consume(loyalty.memberEnrolled, {
    name: 'member-enrolled',
    handler: async (tx, { data: m }) => {
      await tx.query(recordTier, [m.guestId, 'MEMBER', m.enrolledAt]);
    },
  });
  await rt.bus.consume(loyalty.tierChanged, {
    name: 'tier-changed',
    handler: async (tx, { data: t }) => {
      await tx.query(recordTier, [t.guestId, t.to, t.changedAt]);
    },
  });
}
