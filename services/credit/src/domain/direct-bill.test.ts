import { describe, expect, it } from 'vitest';
import { decideDirectBill } from './direct-bill.js';

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
