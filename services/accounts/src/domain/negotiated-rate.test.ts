import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { accountRateInput, type NegotiatedRate, rateInForce } from './negotiated-rate.js';

const rate = (id: string, roomType: string | null, validFrom: string, validTo: string | null, created = 0) =>
  ({ id, roomType, validFrom, validTo, createdAt: new Date(created) }) satisfies NegotiatedRate;

describe('the negotiated rate in force', () => {
  const rates = [
    rate('general-2026', null, '2026-01-01', '2026-12-31'),
    rate('king-spring', 'KING', '2026-03-01', '2026-05-31'),
    rate('king-renegotiated', 'KING', '2026-05-01', null),
    rate('king-typo', 'KING', '2026-05-01', null, 1000),
  ];
  it('prefers the room type’s own rate, then the latest start, then the latest entered', () => {
    expect(rateInForce(rates, '2026-02-01', 'KING')?.id).toBe('general-2026');
    expect(rateInForce(rates, '2026-04-01', 'KING')?.id).toBe('king-spring');
    expect(rateInForce(rates, '2026-05-15', 'KING')?.id).toBe('king-typo');
    expect(rateInForce(rates, '2026-05-15', 'TWIN')?.id).toBe('general-2026');
    expect(rateInForce(rates, '2026-05-15')?.id).toBe('general-2026');
  });
  it('includes both ends of the validity and nothing outside it', () => {
    expect(rateInForce(rates, '2026-12-31', 'TWIN')?.id).toBe('general-2026');
    expect(rateInForce(rates, '2027-01-01', 'TWIN')).toBeNull();
    expect(rateInForce(rates, '2030-01-01', 'KING')?.id).toBe('king-typo');
  });
  it('refuses a rate without an amount or discount, or ending before it starts', () => {
    expect(() => parseInput(accountRateInput, { validFrom: '2026-01-01' })).toThrow(/input.rate/);
    expect(() =>
      parseInput(accountRateInput, { rate: '500.00', validFrom: '2026-02-01', validTo: '2026-01-01' }),
    ).toThrow(/input.validTo/);
    expect(() => parseInput(accountRateInput, { rate: '-5.00', validFrom: '2026-02-01' })).toThrow(/input.rate/);
  });
});
