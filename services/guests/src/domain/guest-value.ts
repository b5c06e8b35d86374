/**
 * Value and lifecycle from stays (seed 002: 价值最大的客户, 主要客户, 普通客户, 小客户; potential guests; the
 * analysis of guests drifting away), scored RFM over the last two years.
 */
export type ValueTier = 'MOST_VALUABLE' | 'MAJOR' | 'ORDINARY' | 'SMALL';
export type ConsumptionLevel = 'HIGH' | 'MIDDLE' | 'LOW';
export type LifecycleStage = 'PROSPECT' | 'FIRST_TIME' | 'REPEAT' | 'LOYAL' | 'AT_RISK' | 'LAPSED';

/** Frequency and monetary count stays that ended within this many days. */
export const RFM_WINDOW_DAYS = 730;

export interface StayHistory {
  /** Days since the last checked-out stay ended; null when the guest never stayed. */
  recencyDays: number | null;
  /** Checked-out stays that ended within the window. */
  frequency: number;
  /** Their total spend, in cents. */
  monetaryCents: bigint;
  lifetimeStays: number;
  lifetimeNights: number;
  lifetimeSpendCents: bigint;
}

export interface GuestValue {
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  valueTier: ValueTier | null;
  consumptionLevel: ConsumptionLevel | null;
  lifecycleStage: LifecycleStage;
}

const band = (value: number, floors: number[]) => {
  // floors are for scores 5, 4, 3, 2; anything lower scores 1.
  const i = floors.findIndex((f) => value >= f);
  return i === -1 ? 1 : 5 - i;
};

export function recencyScore(days: number): number {
  if (days <= 30) return 5;
  if (days <= 90) return 4;
  if (days <= 180) return 3;
  if (days <= 365) return 2;
  return 1;
}
export const frequencyScore = (stays: number) => band(stays, [10, 6, 3, 2]);
/** Monetary bands in CNY over the window. */
export const monetaryScore = (cents: bigint) => band(Number(cents / 100n), [50_000, 20_000, 8_000, 3_000]);

export function valueTierOf(r: number, f: number, m: number): ValueTier {
  const total = r + f + m;
  if (total >= 13) return 'MOST_VALUABLE';
  if (total >= 10) return 'MAJOR';
  if (total >= 8) return 'ORDINARY';
  return 'SMALL';
}

/** Spend per night over the guest's whole history, in CNY: high from 1,500, middle from 600. */
export function consumptionLevelOf(spendCents: bigint, nights: number): ConsumptionLevel {
  const perNight = Number(spendCents / 100n) / Math.max(1, nights);
  if (perNight >= 1500) return 'HIGH';
  if (perNight >= 600) return 'MIDDLE';
  return 'LOW';
}

export function lifecycleStageOf(h: StayHistory): LifecycleStage {
  if (h.lifetimeStays === 0 || h.recencyDays == null) return 'PROSPECT';
  if (h.recencyDays > RFM_WINDOW_DAYS) return 'LAPSED';
  if (h.recencyDays > 365) return h.lifetimeStays >= 2 ? 'AT_RISK' : 'LAPSED';
  if (h.lifetimeStays === 1) return 'FIRST_TIME';
  if (h.frequency >= 5) return 'LOYAL';
  return 'REPEAT';
}

export function guestValue(h: StayHistory): GuestValue {
  const lifecycleStage = lifecycleStageOf(h);
  if (lifecycleStage === 'PROSPECT' || h.recencyDays == null)
    return {
      recencyScore: null,
      frequencyScore: null,
      monetaryScore: null,
      valueTier: null,
      consumptionLevel: null,
      lifecycleStage,
    };
  const r = recencyScore(h.recencyDays);
  const f = frequencyScore(h.frequency);
  const m = monetaryScore(h.monetaryCents);
  return {
    recencyScore: r,
    frequencyScore: f,
    monetaryScore: m,
    valueTier: valueTierOf(r, f, m),
    consumptionLevel: consumptionLevelOf(h.lifetimeSpendCents, h.lifetimeNights),
    lifecycleStage,
  };
}
