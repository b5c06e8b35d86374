import { randomUUID } from 'node:crypto';
import { guests as events } from '@guest-graph/events';
import { badInput, invalidState, isUuid, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { DUPLICATE_THRESHOLD, scoreDuplicate } from '../domain/duplicates.js';
import { canUnmerge, planMerge, unmergedSurvivor } from '../domain/merge.js';
import { guestLine } from '../domain/timeline.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { addEmails, addPhones, guestById, updateGuest } from '../persistence/guest.repository.js';
import { refreshGuestValues } from '../persistence/guest-value.repository.js';
import {
  duplicateCandidates,
  emailsOfGuest,
  giveBack,
  lockGuests,
  lockMerge,
  markUnmerged,
  mergeFootprint,
  moveGuestRecords,
  phonesOfGuest,
  purgeMergeSnapshots as purgeSnapshots,
  recordMerge,
  removeContacts,
  replaceContacts,
} from '../persistence/merge.repository.js';
import type { GuestsDeps } from './deps.js';
import { recordTimelineEntry } from './timeline.js';

/**
 * Duplicates and merge. A merge moves the duplicate's stays, preferences, observations, consent and
 * follow-ups to the survivor, fills the survivor's blanks, and keeps a snapshot so `unmergeGuests` can put
 * both profiles back within the window. Other services re-point their records on `guest.merged`.
 */

/** Likely duplicates of a guest, best first, at most `first` (1 to 50). */
export async function likelyDuplicates(deps: GuestsDeps, guestId: string, first: number | null | undefined) {
  if (!isUuid(guestId)) return [];
  const candidates = await duplicateCandidates(deps.rt.dataSource, guestId);
  return candidates
    .map((c) => ({ guestId: c.id, ...scoreDuplicate(c) }))
    .filter((c) => c.score >= DUPLICATE_THRESHOLD)
    .sort((a, b) => b.score - a.score || a.guestId.localeCompare(b.guestId))
    .slice(0, Math.min(50, Math.max(1, first ?? 10)));
}

async function lockLivePair(tx: EntityManager, survivorId: string, duplicateId: string) {
  const rows = await lockGuests(tx, [survivorId, duplicateId]);
  for (const id of [survivorId, duplicateId]) {
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound('Guest', id);
    if (row.merged_into) throw invalidState('This profile is already merged into another', { guestId: id });
  }
  // One transaction is one connection: its statements go one after another.
  const survivor = await guestById(tx, survivorId);
  const duplicate = await guestById(tx, duplicateId);
  return { survivor, duplicate };
}

async function planFor(tx: EntityManager, survivorId: string, duplicateId: string) {
  const { survivor, duplicate } = await lockLivePair(tx, survivorId, duplicateId);
  return planMerge<GuestEntity>({
    survivor,
    duplicate,
    survivorPhones: await phonesOfGuest(tx, survivorId),
    duplicatePhones: await phonesOfGuest(tx, duplicateId),
    survivorEmails: await emailsOfGuest(tx, survivorId),
    duplicateEmails: await emailsOfGuest(tx, duplicateId),
    footprint: await mergeFootprint(tx, duplicateId, survivorId),
  });
}

/** Merges `duplicateId` into `survivorId`, or (dryRun) shows what the merge would do and changes nothing. */
export async function mergeGuests(
  deps: GuestsDeps,
  ctx: RequestContext,
  survivorId: string,
  duplicateId: string,
  dryRun: boolean,
) {
  const { rt, vault } = deps;
  if (!isUuid(survivorId)) throw notFound('Guest', survivorId);
  if (!isUuid(duplicateId)) throw notFound('Guest', duplicateId);
  if (survivorId === duplicateId) throw badInput('duplicateId', 'duplicateId: a guest cannot be merged into itself');
  const summary = (plan: Awaited<ReturnType<typeof planFor>>, mergeId: string | null) => ({
    mergeId,
    dryRun,
    survivorId,
    duplicateId,
    profile: plan.preview,
    ...plan.counts,
  });
  // A dry run still locks the pair, so its preview is the merge that would happen now.
  if (dryRun) return rt.dataSource.transaction(async (tx) => summary(await planFor(tx, survivorId, duplicateId), null));
  return rt.bus.transact(async (tx) => {
    const plan = await planFor(tx, survivorId, duplicateId);
    const now = rt.clock.now();
    const mergeId = randomUUID();
    // The duplicate leaves the live set first, so its document may move to the survivor.
    await updateGuest(tx, duplicateId, { mergedInto: survivorId, updatedAt: now });
    const patch = { ...plan.survivorPatch, updatedAt: now } as Partial<GuestEntity>;
    const d = plan.movingDocument;
    if (d)
      Object.assign(patch, {
        idDocType: d.idDocType,
        idDocIndex: d.idDocIndex,
        idDocCipher: vault.encrypt(vault.decrypt(d.idDocCipher!, d.ownerId), survivorId),
        idDocLast4: d.idDocLast4,
        idDocLength: d.idDocLength,
      });
    await updateGuest(tx, survivorId, patch);
    await addPhones(tx, survivorId, plan.addedPhones, now);
    await addEmails(tx, survivorId, plan.addedEmails, now);
    await moveGuestRecords(tx, duplicateId, survivorId, plan.yieldingPreferences, now);
    await recordMerge(tx, {
      id: mergeId,
      survivorId,
      duplicateId,
      snapshot: plan.snapshot,
      by: ctx.identity.sub,
      at: now,
    });
    await refreshGuestValues(tx, rt.clock.dateOf(now), [survivorId]);
    await recordTimelineEntry(tx, {
      guestId: survivorId,
      at: now,
      key: `guests:merged:${mergeId}`,
      ...guestLine.merged(),
    });
    await rt.bus.emit(
      tx,
      events.guestMerged,
      { mergeId, survivorId, duplicateId, mergedAt: now.toISOString() },
      { requestId: ctx.requestId },
    );
    return summary(plan, mergeId);
  });
}

/** Puts both profiles of a merge back, within the window, keeping what staff changed since. */
export async function unmergeGuests(deps: GuestsDeps, ctx: RequestContext, mergeId: string) {
  const { rt } = deps;
  if (!isUuid(mergeId)) throw notFound('Merge', mergeId);
  return rt.bus.transact(async (tx) => {
    const now = rt.clock.now();
    const merge = await lockMerge(tx, mergeId);
    if (!merge) throw notFound('Merge', mergeId);
    if (merge.unmerged_at) throw invalidState('This merge has already been undone', { mergeId });
    if (!canUnmerge(new Date(merge.merged_at), now, deps.settings.unmergeWindowDays))
      throw invalidState(`A merge can be undone within ${deps.settings.unmergeWindowDays} days only`, { mergeId });
    const { survivor_id: survivorId, duplicate_id: duplicateId, snapshot } = merge;
    if (!snapshot) throw invalidState('This merge can no longer be undone', { mergeId });
    const locked = await lockGuests(tx, [survivorId, duplicateId]);
    if (locked.find((r) => r.id === survivorId)?.merged_into)
      throw invalidState('The survivor was merged again since; undo that merge first', { mergeId });
    if (snapshot.after) {
      const current = await guestById(tx, survivorId);
      await updateGuest(tx, survivorId, { ...unmergedSurvivor(snapshot, current), updatedAt: now });
      await removeContacts(tx, survivorId, {
        digits: snapshot.after.addedPhones,
        addressesLower: snapshot.after.addedEmails,
      });
    } else {
      await updateGuest(tx, survivorId, { ...unmergedSurvivor(snapshot, snapshot.survivor), updatedAt: now });
      await replaceContacts(tx, survivorId, snapshot.survivorPhones, snapshot.survivorEmails);
    }
    await updateGuest(tx, duplicateId, { mergedInto: null, updatedAt: now });
    await giveBack(tx, snapshot, duplicateId, survivorId);
    await markUnmerged(tx, mergeId, ctx.identity.sub, now);
    await refreshGuestValues(tx, rt.clock.dateOf(now), [survivorId, duplicateId]);
    for (const guestId of [survivorId, duplicateId])
      await recordTimelineEntry(tx, {
        guestId,
        at: now,
        key: `guests:unmerged:${mergeId}:${guestId}`,
        ...guestLine.unmerged(),
      });
    await rt.bus.emit(
      tx,
      events.guestUnmerged,
      { mergeId, survivorId, duplicateId, unmergedAt: now.toISOString() },
      { requestId: ctx.requestId },
    );
    return { mergeId, survivorId, duplicateId };
  });
}

/**
 * Retention (PIPL Art. 19, GDPR Art. 5(1)(e)): a merge's snapshot holds the duplicate's overwritten contacts
 * and fields only so that the merge can be undone; past the unmerge window it goes (a daily job).
 */
export async function purgeMergeSnapshots(deps: GuestsDeps): Promise<number> {
  const before = new Date(deps.rt.clock.now().getTime() - deps.settings.unmergeWindowDays * 86_400_000);
  return deps.rt.dataSource.transaction((tx) => purgeSnapshots(tx, before));
}
