import { addDays, toCents } from '@guest-graph/subgraph-kit';
import { TIER_RULES, type Tier } from './tiers.js';

/**
 * Points for a checked-out stay. The contract's rule (base = floor(ROOM + FOOD_AND_BEVERAGE), tier bonus as
 * its own entry) is the default of rules kept as data: a rate per outlet (points per currency unit) and
 * promotions that multiply base points for the nights they cover ("double points on weekend nights").
 */
export interface EarningRate {
  outlet: string;
  /** Points per whole currency unit, a decimal string with two fraction digits ("1.00"). */
  pointsPerUnit: string;
}

export interface Promotion {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  /** "2.00" doubles base points for the nights it covers; booked as its own BONUS entry. */
  multiplier: string;
  /** ISO weekdays (1 Monday … 7 Sunday) of the nights it covers; null for every night. */
  weekdays: number[] | null;
}

export interface StayForEarning {
  arrivalDate: string;
  departureDate: string;
  charges: { outlet: string; amount: string }[];
}

export interface StayPoints {
  earn: number;
  bonus: number;
  promotions: { promotion: Promotion; points: number; nights: number }[];
}

export const DEFAULT_EARNING_RATES: EarningRate[] = [
  { outlet: 'ROOM', pointsPerUnit: '1.00' },
  { outlet: 'FOOD_AND_BEVERAGE', pointsPerUnit: '1.00' },
];

/** Hundredths of a point per unit, as an integer: "1.25" -> 125n. */
const hundredths = (rate: string) => toCents(rate);

/** Base points: floor of the rated sum, so 688.50 of room and 99.60 of dinner earn 788, not 688 + 99. */
export function basePoints(charges: StayForEarning['charges'], rates: EarningRate[]): number {
  const rateOf = new Map(rates.map((r) => [r.outlet, hundredths(r.pointsPerUnit)]));
  // cents x hundredths-of-a-point = 1/10000 of a point: exact integers all the way.
  let total = 0n;
  for (const c of charges) total += toCents(c.amount) * (rateOf.get(c.outlet) ?? 0n);
  if (total <= 0n) return 0;
  return Number(total / 10_000n);
}

export const tierBonus = (earn: number, tier: Tier) => Math.floor((earn * TIER_RULES[tier].bonusPercent) / 100);

/** The nights of a stay as dates: arrival up to the night before departure. */
export function stayNights(arrivalDate: string, departureDate: string): string[] {
  const nights: string[] = [];
  for (let night = arrivalDate; night < departureDate; night = addDays(night, 1)) nights.push(night);
  return nights;
}

export const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

export function promotionNights(promotion: Promotion, nights: string[]): number {
  return nights.filter(
    (n) =>
      n >= promotion.startsOn &&
      n <= promotion.endsOn &&
      (!promotion.weekdays?.length || promotion.weekdays.includes(isoWeekday(n))),
  ).length;
}

/**
 * What the stay earns for a member of `tier` (the tier before this stay counts: contract README).
 * A promotion adds floor(earn x (multiplier - 1) x its nights / all nights).
 */
export function pointsForStay(
  stay: StayForEarning,
  tier: Tier,
  rates: EarningRate[],
  promotions: Promotion[],
): StayPoints {
  const earn = basePoints(stay.charges, rates);
  const nights = stayNights(stay.arrivalDate, stay.departureDate);
  const promos: StayPoints['promotions'] = [];
  for (const promotion of promotions) {
    const covered = promotionNights(promotion, nights);
    if (!covered || !nights.length) continue;
    const extra = hundredths(promotion.multiplier) - 100n;
    if (extra <= 0n) continue;
    const points = Number((BigInt(earn) * extra * BigInt(covered)) / (100n * BigInt(nights.length)));
    if (points > 0) promos.push({ promotion, points, nights: covered });
  }
  return { earn, bonus: tierBonus(earn, tier), promotions: promos };
}
