import { describe, expect, it } from 'vitest';
import { guestValue, lifecycleStageOf, type StayHistory } from './guest-value.js';

const never: StayHistory = {
  recencyDays: null,
  frequency: 0,
  monetaryCents: 0n,
  lifetimeStays: 0,
  lifetimeNights: 0,
  lifetimeSpendCents: 0n,
};

describe('guest value', () => {
  it('calls a guest who never stayed a prospect, with no scores', () => {
    expect(guestValue(never)).toEqual({
      recencyScore: null,
      frequencyScore: null,
      monetaryScore: null,
      valueTier: null,
      consumptionLevel: null,
      lifecycleStage: 'PROSPECT',
    });
  });
  it('scores a frequent, recent, big spender as most valuable and loyal', () => {
    const h = {
      recencyDays: 10,
      frequency: 12,
      monetaryCents: 6_000_000n,
      lifetimeStays: 20,
      lifetimeNights: 30,
      lifetimeSpendCents: 8_000_000n,
    };
    expect(guestValue(h)).toEqual({
      recencyScore: 5,
      frequencyScore: 5,
      monetaryScore: 5,
      valueTier: 'MOST_VALUABLE',
      consumptionLevel: 'HIGH',
      lifecycleStage: 'LOYAL',
    });
  });
  it('scores a single modest stay as small, first-time, low consumption', () => {
    const h = {
      recencyDays: 100,
      frequency: 1,
      monetaryCents: 40_000n,
      lifetimeStays: 1,
      lifetimeNights: 1,
      lifetimeSpendCents: 40_000n,
    };
    expect(guestValue(h)).toMatchObject({
      recencyScore: 3,
      frequencyScore: 1,
      monetaryScore: 1,
      valueTier: 'SMALL',
      consumptionLevel: 'LOW',
      lifecycleStage: 'FIRST_TIME',
    });
  });
  it('moves guests through repeat, at risk and lapsed as time passes', () => {
    const base = {
      frequency: 3,
      monetaryCents: 500_000n,
      lifetimeStays: 3,
      lifetimeNights: 6,
      lifetimeSpendCents: 500_000n,
    };
    expect(lifecycleStageOf({ ...base, recencyDays: 40 })).toBe('REPEAT');
    expect(lifecycleStageOf({ ...base, recencyDays: 400 })).toBe('AT_RISK');
    expect(lifecycleStageOf({ ...base, recencyDays: 800 })).toBe('LAPSED');
    expect(lifecycleStageOf({ ...base, lifetimeStays: 1, recencyDays: 400 })).toBe('LAPSED');
    expect(guestValue({ ...base, recencyDays: 40 })).toMatchObject({
      valueTier: 'ORDINARY',
      consumptionLevel: 'MIDDLE',
    });
  });
});
