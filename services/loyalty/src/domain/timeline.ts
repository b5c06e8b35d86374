// Loyalty's lines on a guest's timeline (contract README, "Timelines"): plain words, points, no personal data.

const EARNED = new Set(['EARN', 'BONUS', 'COMPENSATION']);

/** The line for a ledger entry: earned, redeemed, or adjusted (by hand, expiry or a reversal). */
export function pointsLine(type: string, points: number) {
  if (EARNED.has(type)) return { kind: 'POINTS_EARNED' as const, summary: `Points earned: ${points}` };
  if (type === 'REDEEM') return { kind: 'POINTS_REDEEMED' as const, summary: `Points redeemed: ${-points}` };
  return { kind: 'POINTS_ADJUSTED' as const, summary: `Points adjusted: ${points > 0 ? '+' : ''}${points}` };
}

export const enrolledLine = () => ({ kind: 'MEMBER_ENROLLED' as const, summary: 'Joined the loyalty programme' });

export const tierLine = (from: string, to: string) => ({
  kind: 'TIER_CHANGED' as const,
  summary: `Tier changed from ${from.toLowerCase()} to ${to.toLowerCase()}`,
});
