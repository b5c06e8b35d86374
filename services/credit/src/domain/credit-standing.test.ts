import { describe, expect, it } from 'vitest';
import { type CreditLedgerRow, creditStanding, creditStatus } from './credit-standing.js';

const row: CreditLedgerRow = {
  accountId: 'a',
  limit: '5000.00',
  termDays: 30,
  assignedRating: 'A',
  onHold: false,
  holdReason: null,
  holdPlacedBy: null,
  holdPlacedAt: null,
  invoiced: '1200.30',
  paid: '200.10',
  credited: '0.20',
  unapplied: '0.00',
  held: '688.00',
  overdue: false,
};

describe('creditStanding', () => {
  it('owes invoices less payments less credit notes; available = limit - outstanding; headroom less holds', () => {
    expect(creditStanding(row)).toMatchObject({
      outstanding: '1000.00',
      available: '4000.00',
      held: '688.00',
      headroom: '3312.00',
      hasTerms: true,
    });
  });
  it('reads an account without terms as a zero limit', () => {
    expect(creditStanding({ ...row, limit: null })).toMatchObject({
      hasTerms: false,
      limit: '0.00',
      available: '-1000.00',
    });
  });
  it('puts HOLD before OVERDUE before GOOD', () => {
    expect(creditStatus({ onHold: true, overdue: true })).toBe('HOLD');
    expect(creditStatus({ onHold: false, overdue: true })).toBe('OVERDUE');
    expect(creditStatus({ onHold: false, overdue: false })).toBe('GOOD');
  });
});
