import { daysBetween, toCents } from '@guest-graph/subgraph-kit';
import { CREDIT_RATINGS, type CreditRating } from './credit-standing.js';

/**
 * The credit scorecard (seed 004, 客户信用管理: "qualitative and quantitative methods together"). Three measured
 * factors make a score out of 100, which maps to a rating; finance may then move it up to two notches for
 * what numbers miss (a new parent guarantee, a known restructuring), always with a reason.
 *
 * | factor | measure | points |
 * | --- | --- | --- |
 * | payment behaviour (50) | days beyond terms over the last 12 months, weighted by amount | 0 d 50, ≤7 40, ≤15 30, ≤30 20, ≤60 10, more 0; no invoices yet 30 |
 * | utilisation (25) | outstanding / limit | ≤30% 25, ≤50% 20, ≤75% 12, ≤100% 5, over 0; no limit 12 |
 * | years trading (25) | from the credit information | ≥10 25, ≥5 20, ≥3 15, ≥1 8, less 0; unknown 5 |
 *
 * Score to rating: AAA ≥ 85, AA ≥ 70, A ≥ 55, B ≥ 40, C below.
 */
export interface ScorecardInput {
  asOf: string;
  /** Invoices issued in the last 12 months. */
  invoices: readonly { amount: string; dueOn: string; paidOn: string | null; balance: string }[];
  limit: string | null;
  outstanding: string;
  yearsTrading: number | null;
  adjustment: number;
}

export interface Scorecard {
  score: number;
  computedRating: CreditRating;
  adjustedRating: CreditRating;
  averageDaysBeyondTerms: number | null;
  paymentPoints: number;
  utilisationPercent: number | null;
  utilisationPoints: number;
  yearsTradingPoints: number;
}

/** Amount-weighted days paid after the due date (open invoices count the days so far). */
export function averageDaysBeyondTerms(input: Pick<ScorecardInput, 'asOf' | 'invoices'>): number | null {
  let weight = 0n;
  let weighted = 0n;
  for (const inv of input.invoices) {
    const cents = toCents(inv.amount);
    if (cents <= 0n) continue;
    const settled = inv.paidOn ?? (toCents(inv.balance) === 0n ? inv.dueOn : input.asOf);
    const late = Math.max(0, daysBetween(inv.dueOn, settled));
    weight += cents;
    weighted += cents * BigInt(late);
  }
  if (weight === 0n) return null;
  return Number((weighted * 10n) / weight) / 10;
}

const paymentPoints = (days: number | null) =>
  days === null ? 30 : days === 0 ? 50 : days <= 7 ? 40 : days <= 15 ? 30 : days <= 30 ? 20 : days <= 60 ? 10 : 0;

function utilisation(limit: string | null, outstanding: string): { percent: number | null; points: number } {
  const cap = limit === null ? 0n : toCents(limit);
  if (cap <= 0n) return { percent: null, points: 12 };
  const owed = toCents(outstanding);
  const percent = Number(((owed < 0n ? 0n : owed) * 1000n) / cap) / 10;
  const points = percent <= 30 ? 25 : percent <= 50 ? 20 : percent <= 75 ? 12 : percent <= 100 ? 5 : 0;
  return { percent, points };
}

const yearsPoints = (years: number | null) =>
  years === null ? 5 : years >= 10 ? 25 : years >= 5 ? 20 : years >= 3 ? 15 : years >= 1 ? 8 : 0;

export function ratingForScore(score: number): CreditRating {
  return score >= 85 ? 'AAA' : score >= 70 ? 'AA' : score >= 55 ? 'A' : score >= 40 ? 'B' : 'C';
}

/** Moves a rating by notches (positive is better), staying within AAA..C. */
export function notch(rating: CreditRating, notches: number): CreditRating {
  const i = CREDIT_RATINGS.indexOf(rating) - notches;
  return CREDIT_RATINGS[Math.min(CREDIT_RATINGS.length - 1, Math.max(0, i))]!;
}

export function scorecard(input: ScorecardInput): Scorecard {
  const days = averageDaysBeyondTerms(input);
  const pay = paymentPoints(days);
  const util = utilisation(input.limit, input.outstanding);
  const years = yearsPoints(input.yearsTrading);
  const score = pay + util.points + years;
  const computedRating = ratingForScore(score);
  return {
    score,
    computedRating,
    adjustedRating: notch(computedRating, input.adjustment),
    averageDaysBeyondTerms: days,
    paymentPoints: pay,
    utilisationPercent: util.percent,
    utilisationPoints: util.points,
    yearsTradingPoints: years,
  };
}
