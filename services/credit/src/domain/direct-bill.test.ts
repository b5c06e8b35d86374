import { describe, expect, it } from 'vitest';
import { decideCheckOutBill, decideDirectBill } from './direct-bill.js';

describe('decideDirectBill', () => {
  const base = { hasTerms: true, onHold: false, headroom: '1000.00', amount: '688.00' };
  it('approves within the headroom and says what is left', () => {
    expect(decideDirectBill(base)).toEqual({ approved: true, headroomAfter: '312.00' });
    expect(decideDirectBill({ ...base, amount: '1000.00' })).toEqual({ approved: true, headroomAfter: '0.00' });
  });
  it('refuses no terms first, then a hold, then the limit', () => {
    expect(decideDirectBill({ ...base, hasTerms: false, onHold: true })).toMatchObject({ code: 'NO_CREDIT_TERMS' });
    expect(decideDirectBill({ ...base, onHold: true, amount: '5000' })).toMatchObject({ code: 'CREDIT_HOLD' });
    expect(decideDirectBill({ ...base, amount: '1000.01' })).toMatchObject({
      code: 'CREDIT_LIMIT_EXCEEDED',
      available: '1000.00',
    });
  });
});

describe('the final bill at check-out (issue 23)', () => {
  const base = { onHold: false, headroom: '500.00', heldForStay: '600.00', partial: false };
  it("bills within the stay's own hold plus the account's headroom", () => {
    expect(decideCheckOutBill({ ...base, amount: '1100.00' })).toEqual({
      approved: true,
      billed: '1100.00',
      availableAfter: '0.00',
    });
    expect(decideCheckOutBill({ ...base, amount: '300.00' })).toMatchObject({ approved: true, billed: '300.00' });
  });
  it('refuses the excess with CREDIT_LIMIT_EXCEEDED, or bills what fits when the rest is paid another way', () => {
    expect(decideCheckOutBill({ ...base, amount: '1100.01' })).toMatchObject({
      approved: false,
      code: 'CREDIT_LIMIT_EXCEEDED',
      available: '1100.00',
    });
    expect(decideCheckOutBill({ ...base, amount: '1500.00', partial: true })).toEqual({
      approved: true,
      billed: '1100.00',
      availableAfter: '0.00',
    });
  });
  it('keeps only the check-in promise for an account put on hold, and never counts negative headroom', () => {
    expect(decideCheckOutBill({ ...base, onHold: true, amount: '700.00' })).toMatchObject({
      approved: false,
      code: 'CREDIT_HOLD',
      available: '600.00',
    });
    expect(decideCheckOutBill({ ...base, headroom: '-50.00', amount: '650.00', partial: true })).toMatchObject({
      billed: '600.00',
    });
  });
});
