import { invalidState } from '@guest-graph/subgraph-kit';

/**
 * The life of a complaint (seed 004: intake, record, notify, investigate, resolve, reply, follow up):
 * OPEN → IN_PROGRESS (acknowledged or assigned) → RESOLVED → CLOSED once the follow-up finds the guest
 * satisfied; a guest who is not satisfied reopens it. Anything else is refused with INVALID_STATE.
 */
export const CASE_STATUSES = ['OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'ACKNOWLEDGE',
  'ASSIGN',
  'INVESTIGATE',
  'COMMENT',
  'COMPENSATE',
  'RESOLVE',
  'REPLY',
  'FOLLOW_UP',
  'REOPEN',
  'CLOSE',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** From which statuses each action may start, and where it leaves the case. `null`: status unchanged. */
const WORKFLOW: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus | null }> = {
  ACKNOWLEDGE: { from: ['OPEN'], to: 'IN_PROGRESS' },
  // A reassignment keeps the case in progress; assigning an open case acknowledges it too.
  ASSIGN: { from: ['OPEN', 'IN_PROGRESS'], to: 'IN_PROGRESS' },
  INVESTIGATE: { from: ['OPEN', 'IN_PROGRESS'], to: null },
  COMMENT: { from: ['OPEN', 'IN_PROGRESS', 'RESOLVED'], to: null },
  // Compensation is offered while the case is handled; it is granted with the resolution.
  COMPENSATE: { from: ['OPEN', 'IN_PROGRESS'], to: null },
  // The contract lets the desk resolve on the spot (an open case resolved at once is acknowledged by it).
  RESOLVE: { from: ['OPEN', 'IN_PROGRESS'], to: 'RESOLVED' },
  REPLY: { from: ['IN_PROGRESS', 'RESOLVED'], to: null },
  FOLLOW_UP: { from: ['RESOLVED'], to: null },
  REOPEN: { from: ['RESOLVED'], to: 'IN_PROGRESS' },
  CLOSE: { from: ['RESOLVED'], to: 'CLOSED' },
};

export function canTake(status: CaseStatus, action: CaseAction): boolean {
  return WORKFLOW[action].from.includes(status);
}

/** The status after `action`, or INVALID_STATE naming what was tried and from where. */
export function transition(status: CaseStatus, action: CaseAction): CaseStatus {
  const rule = WORKFLOW[action];
  if (!rule.from.includes(status))
    throw invalidState(`A ${status} case cannot take ${action.toLowerCase().replace('_', '-')}`, {
      status,
      action,
    });
  return rule.to ?? status;
}

export const isOpen = (status: CaseStatus) => status === 'OPEN' || status === 'IN_PROGRESS';

/**
 * Seed 004's procedure is reply, follow up, then close: a case whose guest was never answered cannot be
 * closed by a satisfied follow-up; the reply is recorded first (replyToGuest).
 */
export function checkMayClose(c: { repliedAt: Date | null }) {
  if (!c.repliedAt)
    throw invalidState('The guest has had no reply yet: record the reply (replyToGuest) before closing the case', {
      reason: 'NO_REPLY',
    });
}
