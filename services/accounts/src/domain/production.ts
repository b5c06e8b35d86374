import { addDays, addMoney, addMonths, compareMoney } from '@guest-graph/subgraph-kit';
import type { AccountGrade } from './account-file.js';

export interface ProductionWindow {
  from: string;
  to: string;
}

/** The contract's default: the last 12 months, the hotel's today included. */
export function productionWindow(today: string, from?: string | null, to?: string | null): ProductionWindow {
  const end = to ?? today;
  const start = from ?? addDays(addMonths(end, -12), 1);
  return { from: start, to: end };
}

export interface Production {
  stays: number;
  roomNights: number;
  revenue: string;
}
export const NO_PRODUCTION: Production = { stays: 0, roomNights: 0, revenue: '0.00' };

export const sumProduction = (items: Production[]): Production =>
  items.reduce(
    (t, p) => ({
      stays: t.stays + p.stays,
      roomNights: t.roomNights + p.roomNights,
      revenue: addMoney(t.revenue, p.revenue),
    }),
    NO_PRODUCTION,
  );

export interface CheckedOutStay {
  /** The account the stay carried at check-in. */
  accountId: string | null;
  guestId: string;
}

/**
 * Which account a checked-out stay counts for (contract README, "Account production"): the account it carried at
 * check-in, else the account its guest is linked to at check-out. One account per stay, so a group's figures
 * never count a stay twice.
 */
export function attributeStay(
  stay: CheckedOutStay,
  linkedAccountId: string | null,
): { accountId: string; by: 'CHECK_IN' | 'GUEST_LINK' } | null {
  if (stay.accountId) return { accountId: stay.accountId, by: 'CHECK_IN' };
  if (linkedAccountId) return { accountId: linkedAccountId, by: 'GUEST_LINK' };
  return null;
}

/**
 * Grade thresholds on the last 12 months (seed 004: A "消費能力強、合作頻率高", B "消費較為穩定", C
 * "合作次數較少", potential "尚未…發生實際業務往來"). Either measure reaching a level is enough.
 */
export interface GradeThresholds {
  A: { roomNights: number; revenue: string };
  B: { roomNights: number; revenue: string };
}
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = {
  A: { roomNights: 200, revenue: '150000.00' },
  B: { roomNights: 50, revenue: '40000.00' },
};

export function suggestGrade(p: Production, t: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): AccountGrade {
  if (p.roomNights >= t.A.roomNights || compareMoney(p.revenue, t.A.revenue) >= 0) return 'A';
  if (p.roomNights >= t.B.roomNights || compareMoney(p.revenue, t.B.revenue) >= 0) return 'B';
  if (p.stays > 0) return 'C';
  return 'POTENTIAL';
}
