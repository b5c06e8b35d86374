import type { EventData, guests, loyalty } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import {
  lockStayFacts,
  moveBackFromMerge,
  moveToSurvivor,
  recordTier,
  upsertStays,
} from '../persistence/guest-facts.repository.js';
import type { App } from './index.js';

// What service-recovery learns from guests and loyalty. Every step is idempotent twice over: the inbox drops a
// redelivered event, and each write is an upsert or keyed so a replayed one changes nothing.

/** Check-ins: the stays' rows, then any resolution that waited to learn how one of them is paid. */
export async function recordCheckIns(app: App, tx: EntityManager, stays: EventData<typeof guests.stayCheckedIn>[]) {
  const ids = stays.map((s) => s.stayId);
  await lockStayFacts(tx, ids);
  await upsertStays(
    tx,
    stays.map((s) => ({ s, checkedInAt: s.checkedInAt })),
  );
  await app.cases.staysKnown(tx, ids);
}

/** Check-outs: the stays' rows, resolutions that waited for them, then a survey for each stay. */
export async function recordCheckOuts(app: App, tx: EntityManager, stays: EventData<typeof guests.stayCheckedOut>[]) {
  const ids = stays.map((s) => s.stayId);
  await lockStayFacts(tx, ids);
  await upsertStays(
    tx,
    stays.map((s) => ({ s, checkedOutAt: s.checkedOutAt, segment: s.segment ?? null })),
  );
  await app.cases.staysKnown(tx, ids);
  await app.surveys.issue(tx, stays);
}

/** A merge moves the duplicate's cases, surveys and stays to the survivor; an unmerge moves exactly those back. */
export const foldOnMerge = (tx: EntityManager, m: EventData<typeof guests.guestMerged>) => moveToSurvivor(tx, m);
export const restoreOnUnmerge = (tx: EntityManager, m: EventData<typeof guests.guestUnmerged>) =>
  moveBackFromMerge(tx, m.mergeId);

/** The guest's value tier for the analysis. */
export const tierOnEnrolment = (tx: EntityManager, m: EventData<typeof loyalty.memberEnrolled>) =>
  recordTier(tx, m.guestId, 'MEMBER', m.enrolledAt);
export const tierOnChange = (tx: EntityManager, t: EventData<typeof loyalty.tierChanged>) =>
  recordTier(tx, t.guestId, t.to, t.changedAt);
