import { accounts as catalogue } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import {
  addLinkIfNone,
  lockedLinkOf,
  lockedOpenMerge,
  markUnmerged,
  recordMerge,
  unlinkGuest,
} from '../persistence/guest-link.repository.js';

/** When the guests service merges two profiles, the duplicate's account link follows; an unmerge gives it back. */
export function guestMerges(rt: Runtime) {
  return {
    /** Moves the duplicate's account link to the survivor (unless the survivor has one), and records it. */
    async applyGuestMerge(
      tx: EntityManager,
      m: { mergeId: string; survivorId: string; duplicateId: string },
      now: Date,
    ): Promise<void> {
      const dup = await lockedLinkOf(tx, m.duplicateId);
      let survivorLinkAdded = false;
      if (dup) {
        await unlinkGuest(tx, m.duplicateId);
        survivorLinkAdded = await addLinkIfNone(tx, {
          guestId: m.survivorId,
          accountId: dup.accountId,
          linkedAt: dup.linkedAt,
          linkedBy: 'guest-merge',
        });
        if (survivorLinkAdded)
          await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
            guestId: m.survivorId,
            accountId: dup.accountId,
            linkedAt: now.toISOString(),
          });
      }
      await recordMerge(
        tx,
        {
          ...m,
          duplicateAccountId: dup?.accountId ?? null,
          duplicateLinkedAt: dup?.linkedAt ?? null,
          survivorLinkAdded,
        },
        now,
      );
    },

    /** Gives the duplicate its link back and takes from the survivor what the merge gave it. */
    async undoGuestMerge(tx: EntityManager, mergeId: string, now: Date): Promise<void> {
      const merge = await lockedOpenMerge(tx, mergeId);
      if (!merge) return;
      if (merge.duplicateAccountId) {
        await addLinkIfNone(tx, {
          guestId: merge.duplicateId,
          accountId: merge.duplicateAccountId,
          linkedAt: merge.duplicateLinkedAt!,
          linkedBy: 'guest-unmerge',
        });
        // Only if nobody re-linked the survivor since the merge.
        if (
          merge.survivorLinkAdded &&
          (await unlinkGuest(tx, merge.survivorId, { accountId: merge.duplicateAccountId, linkedBy: 'guest-merge' }))
        )
          await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
            guestId: merge.survivorId,
            accountId: null,
            linkedAt: now.toISOString(),
          });
        await rt.bus.emit(tx, catalogue.guestLinkedToAccount, {
          guestId: merge.duplicateId,
          accountId: merge.duplicateAccountId,
          linkedAt: now.toISOString(),
        });
      }
      await markUnmerged(tx, mergeId, now);
    },
  };
}
