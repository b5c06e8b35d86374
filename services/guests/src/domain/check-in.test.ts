import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import {
  arrivalDateProblem,
  checkInSchema,
  nightsBetween,
  nightsOverlap,
  restPaidBySchema,
  totalOf,
} from './check-in.js';

const base = {
  guestId: '7d3c0c36-8d1e-4b8e-9d59-0c7a4d3f0a11',
  propertyCode: 'SHA01',
  roomType: 'DELUXE_KING',
  arrivalDate: '2026-03-01',
  departureDate: '2026-03-04',
  nightlyRate: '688.00',
  paymentMethod: 'CARD',
};
const fieldOf = (input: Record<string, unknown>) => {
  try {
    parseInput(checkInSchema, input);
    return null;
  } catch (e) {
    return (e as { extensions: { field: string } }).extensions.field;
  }
};

describe('check-in rules', () => {
  it('counts nights as departure minus arrival, across month and DST-free UTC boundaries', () => {
    expect(nightsBetween('2026-03-01', '2026-03-04')).toBe(3);
    expect(nightsBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(nightsBetween('2026-12-31', '2027-01-02')).toBe(2);
  });
  it('accepts a well-formed stay', () => {
    expect(fieldOf(base)).toBeNull();
  });
  it('names the field at fault', () => {
    expect(fieldOf({ ...base, departureDate: '2026-03-01' })).toBe('input.departureDate');
    expect(fieldOf({ ...base, departureDate: '2026-02-01' })).toBe('input.departureDate');
    expect(fieldOf({ ...base, paymentMethod: 'DIRECT_BILL' })).toBe('input.accountId');
    expect(fieldOf({ ...base, nightlyRate: '-1.00' })).toBe('input.nightlyRate');
    expect(fieldOf({ ...base, roomType: '   ' })).toBe('input.roomType');
    expect(fieldOf({ ...base, guestId: 'nope' })).toBe('input.guestId');
  });
});

describe('arrival date, overlaps and the room charge (issue 23)', () => {
  it("accepts the hotel's today or a past day, never a future one", () => {
    expect(arrivalDateProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(arrivalDateProblem('2026-02-28', '2026-03-01')).toBeNull();
    expect(arrivalDateProblem('2025-03-01', '2026-03-01')).toBeNull();
    expect(arrivalDateProblem('2026-03-02', '2026-03-01')).toMatch(/after the hotel's today \(2026-03-01\)/);
    expect(arrivalDateProblem('2027-03-01', '2026-03-01')).not.toBeNull();
  });
  it('finds stays sharing a night; a departure day is free for the next arrival', () => {
    expect(nightsOverlap({ from: '2026-03-01', to: '2026-03-03' }, { from: '2026-03-02', to: '2026-03-04' })).toBe(
      true,
    );
    expect(nightsOverlap({ from: '2026-03-01', to: '2026-03-03' }, { from: '2026-03-03', to: '2026-03-04' })).toBe(
      false,
    );
    expect(nightsOverlap({ from: '2026-03-05', to: '2026-03-06' }, { from: '2026-03-01', to: '2026-03-10' })).toBe(
      true,
    );
  });
  it('totals the charges the desk posts, in cents', () => {
    const given = [{ outlet: 'FOOD_AND_BEVERAGE' as const, amount: '12.00' }];
    expect(totalOf([...given, { outlet: 'ROOM', amount: '0.10' }])).toBe('12.10');
    expect(totalOf([])).toBe('0.00');
  });
  it('takes any payment method but DIRECT_BILL for the rest of a direct bill', () => {
    expect(parseInput(restPaidBySchema, 'CARD', 'restPaidBy')).toBe('CARD');
    expect(parseInput(restPaidBySchema, null, 'restPaidBy')).toBeNull();
    expect(() => parseInput(restPaidBySchema, 'DIRECT_BILL', 'restPaidBy')).toThrow(/restPaidBy/);
  });
});
