import { describe, expect, it } from 'vitest';
import { allocate } from './allocation.js';

describe('allocate', () => {
  const open = [
    { id: 'a', balance: '100.10' },
    { id: 'b', balance: '0.00' },
    { id: 'c', balance: '200.20' },
  ];
  it('fills invoices in the order given, skipping settled ones, never above a balance', () => {
    expect(allocate('150.15', open)).toEqual({
      allocations: [
        { invoiceId: 'a', amount: '100.10' },
        { invoiceId: 'c', amount: '50.05' },
      ],
      remainder: '0.00',
    });
  });
  it('keeps what is left over as the remainder, exactly', () => {
    expect(allocate('300.31', open).remainder).toBe('0.01');
    expect(allocate('0.30', []).remainder).toBe('0.30');
  });
  it('adds up without float drift: 0.1 + 0.2 is 0.30', () => {
    const r = allocate('0.30', [
      { id: 'x', balance: '0.10' },
      { id: 'y', balance: '0.20' },
    ]);
    expect(r.allocations.map((a) => a.amount)).toEqual(['0.10', '0.20']);
    expect(r.remainder).toBe('0.00');
  });
});
