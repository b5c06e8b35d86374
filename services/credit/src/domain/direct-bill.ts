import { fromCents, toCents } from '@guest-graph/subgraph-kit';

export type DirectBillDecision =
  | { approved: true; headroomAfter: string }
  | {
      approved: false;
      code: 'CREDIT_HOLD' | 'CREDIT_LIMIT_EXCEEDED' | 'NO_CREDIT_TERMS';
      message: string;
      available: string | null;
    };

/**
 * May this account be billed `amount` for a new stay? Holds for stays already in house count against the
 * limit, so the headroom is limit - outstanding - held (contract README, "Direct bill").
 */
export function decideDirectBill(a: {
  hasTerms: boolean;
  onHold: boolean;
  headroom: string;
  amount: string;
}): DirectBillDecision {
  if (!a.hasTerms)
    return { approved: false, code: 'NO_CREDIT_TERMS', message: 'The account has no credit terms', available: null };
  if (a.onHold)
    return { approved: false, code: 'CREDIT_HOLD', message: 'The account is on credit hold', available: a.headroom };
  const headroom = toCents(a.headroom);
  const amount = toCents(a.amount);
  if (headroom < amount)
    return {
      approved: false,
      code: 'CREDIT_LIMIT_EXCEEDED',
      message: `Available credit ${a.headroom} is less than ${fromCents(amount)}`,
      available: a.headroom,
    };
  return { approved: true, headroomAfter: fromCents(headroom - amount) };
}

export type CheckOutBillDecision =
  | { approved: true; billed: string; availableAfter: string }
  | { approved: false; code: 'CREDIT_HOLD' | 'CREDIT_LIMIT_EXCEEDED'; message: string; available: string };

/**
 * May the account carry a stay's final bill (issue 23: check-out authorised the room only, so F&B and other
 * charges could pass the limit silently)? What the stay already holds was promised at check-in and counts as
 * its own; beyond it only the account's headroom. An account put on credit hold since keeps only that promise.
 * With `partial` the excess goes to another payment method and the account is billed what it can carry.
 */
export function decideCheckOutBill(a: {
  onHold: boolean;
  headroom: string;
  heldForStay: string;
  amount: string;
  partial: boolean;
}): CheckOutBillDecision {
  const own = toCents(a.heldForStay);
  const headroom = toCents(a.headroom);
  const room = a.onHold ? own : own + (headroom > 0n ? headroom : 0n);
  const amount = toCents(a.amount);
  if (amount <= room) return { approved: true, billed: a.amount, availableAfter: fromCents(room - amount) };
  if (a.partial) return { approved: true, billed: fromCents(room), availableAfter: '0.00' };
  return {
    approved: false,
    code: a.onHold ? 'CREDIT_HOLD' : 'CREDIT_LIMIT_EXCEEDED',
    message: a.onHold
      ? `The account is on credit hold: only ${fromCents(own)} authorised at check-in can be billed to it; settle the rest another way`
      : `Available credit ${fromCents(room)} is less than the bill of ${fromCents(amount)}: settle the rest another way (restPaidBy)`,
    available: fromCents(room),
  };
}
