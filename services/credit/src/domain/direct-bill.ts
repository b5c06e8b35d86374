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
