import type { EntityManager } from 'typeorm';
import { followUpAfterComplaint } from '../domain/follow-up.js';
import { addFollowUp } from '../persistence/follow-up.repository.js';
import { liveGuestIdOf } from '../persistence/guest.repository.js';
import type { GuestsDeps } from './deps.js';

/**
 * A complaint opened for a guest leaves a follow-up call (回访) for guest relations, on the guest the
 * complaint's guest has since been merged into. Runs in the consumer's transaction (the inbox makes it once).
 */
export async function followUpComplaint(
  deps: GuestsDeps,
  tx: EntityManager,
  complaint: { caseId: string; guestId: string; openedAt: Date },
): Promise<void> {
  const guestId = await liveGuestIdOf(tx, complaint.guestId);
  if (!guestId) return;
  const plan = followUpAfterComplaint(deps.rt.clock.dateOf(complaint.openedAt));
  await addFollowUp(tx, plan, { guestId, caseId: complaint.caseId }, complaint.openedAt);
}
