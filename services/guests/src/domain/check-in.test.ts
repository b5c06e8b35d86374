import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { checkInSchema, nightsBetween } from './check-in.js';

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
