/**
 * Tiers and what they give (contract README, "Rules"; issue 4). A tier is earned by nights checked out in
 * the calendar year, kept for the rest of that year, and requalified at the roll-over.
 */
export const TIERS = ['MEMBER', 'SILVER', 'GOLD', 'PLATINUM'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierRules {
  /** Nights in a calendar year that reach the tier. */
  nights: number;
  /** Tier bonus on base points, as its own BONUS entry. */
  bonusPercent: number;
  /** Late check-out the desk may grant without asking (hour of the day, hotel time). */
  lateCheckOutHour: number;
  /** Complimentary upgrade at check-in, subject to availability (seed 003: "free upgrade"). */
  roomUpgrade: boolean;
  welcomeAmenity: string | null;
}

export const TIER_RULES: Record<Tier, TierRules> = {
  MEMBER: { nights: 0, bonusPercent: 0, lateCheckOutHour: 13, roomUpgrade: false, welcomeAmenity: null },
  SILVER: { nights: 10, bonusPercent: 10, lateCheckOutHour: 14, roomUpgrade: false, welcomeAmenity: 'Seasonal fruit' },
  GOLD: {
    nights: 25,
    bonusPercent: 25,
    lateCheckOutHour: 15,
    roomUpgrade: true,
    welcomeAmenity: 'Fruit and a pot of tea',
  },
  PLATINUM: {
    nights: 50,
    bonusPercent: 50,
    lateCheckOutHour: 16,
    roomUpgrade: true,
    welcomeAmenity: 'Wine, fruit and executive lounge access',
  },
};

export const rank = (t: Tier) => TIERS.indexOf(t);
export const higher = (a: Tier, b: Tier): Tier => (rank(a) >= rank(b) ? a : b);

/** The highest tier these nights reach. */
export function tierForNights(nights: number): Tier {
  let tier: Tier = 'MEMBER';
  for (const t of TIERS) if (nights >= TIER_RULES[t].nights) tier = t;
  return tier;
}

/** After a stay is counted: a member only ever goes up during the year. */
export function tierAfterNights(current: Tier, nightsThisYear: number): Tier {
  return higher(current, tierForNights(nightsThisYear));
}

/** The next tier above `current` and the nights still needed this year, or null at the top. */
export function nextTierProgress(current: Tier, nightsThisYear: number): { tier: Tier; nightsNeeded: number } | null {
  const next = TIERS[rank(current) + 1];
  if (!next) return null;
  return { tier: next, nightsNeeded: Math.max(0, TIER_RULES[next].nights - nightsThisYear) };
}

/**
 * The roll-over into a new year: the tier is what last year's nights earned, but a member drops at most one
 * tier a year, so a Platinum who travelled less keeps Gold for another year.
 */
export function requalify(current: Tier, nightsLastYear: number): Tier {
  const floor = TIERS[Math.max(0, rank(current) - 1)]!;
  return higher(tierForNights(nightsLastYear), floor);
}
