import { addDays } from '@guest-graph/subgraph-kit';

/**
 * Follow-up calls (回访, seed 000 section 3.1: regular follow-up with VIP and returning guests). Guest
 * relations owns every call; the cause decides whether there is one and when it is due.
 */
export type FollowUpReason = 'VIP_STAY' | 'COMPLAINT';

export interface FollowUpPlan {
  reason: FollowUpReason;
  ownerDepartment: 'GUEST_RELATIONS';
  /** A hotel-calendar date (YYYY-MM-DD). */
  dueDate: string;
}

/** A VIP gets a call two days after checking out (time to get home, soon enough to remember the stay). */
export function followUpAfterCheckOut(guest: { vip: boolean }, checkedOutOn: string): FollowUpPlan | null {
  if (!guest.vip) return null;
  return { reason: 'VIP_STAY', ownerDepartment: 'GUEST_RELATIONS', dueDate: addDays(checkedOutOn, 2) };
}

/** Any guest who complains gets a call the next day, whatever their status. */
export function followUpAfterComplaint(openedOn: string): FollowUpPlan {
  return { reason: 'COMPLAINT', ownerDepartment: 'GUEST_RELATIONS', dueDate: addDays(openedOn, 1) };
}
