import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import {
  arrivalDateProblem,
  chargesAtCheckOut,
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
  it("accepts only the hotel's today, or yesterday until 06:00 for a guest arriving after midnight", () => {
    expect(arrivalDateProblem('2026-03-01', '2026-03-01', 15)).toBeNull();
    expect(arrivalDateProblem('2026-02-28', '2026-03-01', 1.5)).toBeNull();
    expect(arrivalDateProblem('2026-02-28', '2026-03-01', 6)).toMatch(/today \(2026-03-01\)/);
    expect(arrivalDateProblem('2026-02-27', '2026-03-01', 1)).not.toBeNull();
    expect(arrivalDateProblem('2026-03-02', '2026-03-01', 23.9)).not.toBeNull();
    expect(arrivalDateProblem('2025-03-01', '2026-03-01', 12)).not.toBeNull();
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
  it('charges the room at the nightly rate for the nights when the desk gives no charges', () => {
    expect(chargesAtCheckOut([], { nightlyRate: '688.50', nights: 3 })).toEqual([
      { outlet: 'ROOM', amount: '2065.50' },
    ]);
    const given = [{ outlet: 'FOOD_AND_BEVERAGE' as const, amount: '12.00' }];
    expect(chargesAtCheckOut(given, { nightlyRate: '688.00', nights: 3 })).toBe(given);
    expect(totalOf([...given, { outlet: 'ROOM', amount: '0.10' }])).toBe('12.10');
  });
  it('takes any payment method but DIRECT_BILL for the rest of a direct bill', () => {
    expect(parseInput(restPaidBySchema, 'CARD', 'restPaidBy')).toBe('CARD');
    expect(parseInput(restPaidBySchema, null, 'restPaidBy')).toBeNull();
    expect(() => parseInput(restPaidBySchema, 'DIRECT_BILL', 'restPaidBy')).toThrow(/restPaidBy/);
  });
});
