import { describe, expect, it } from 'vitest';
import { cadenceCompliance, contactDue, DEFAULT_CADENCE, parseCadence } from './contact-cadence.js';

const at = (s: string) => new Date(s);

describe('contact cadence (seed 004: A weekly, B fortnightly, C monthly, potential every 60 days)', () => {
  it('reads a configured cadence and keeps the defaults for grades left out', () => {
    expect(parseCadence(undefined)).toEqual(DEFAULT_CADENCE);
    expect(parseCadence('A=5, POTENTIAL=90')).toEqual({ A: 5, B: 14, C: 30, POTENTIAL: 90 });
    expect(() => parseCadence('S=3')).toThrow(/ACCOUNTS_CONTACT_CADENCE/);
    expect(() => parseCadence('A=0')).toThrow(/ACCOUNTS_CONTACT_CADENCE/);
    expect(() => parseCadence('A=seven')).toThrow(/ACCOUNTS_CONTACT_CADENCE/);
  });

  it('is due the cadence after the last contact and overdue only once a whole day more has passed', () => {
    const a = { grade: 'A' as const, lastContactAt: at('2026-03-01T10:00:00Z'), createdAt: at('2025-01-01T00:00:00Z') };
    expect(contactDue(a, DEFAULT_CADENCE, at('2026-03-08T10:00:00Z'))).toEqual({
      cadenceDays: 7,
      dueOn: '2026-03-08',
      daysOverdue: 0,
      overdue: false,
    });
    expect(contactDue(a, DEFAULT_CADENCE, at('2026-03-09T10:00:00Z'))).toMatchObject({ daysOverdue: 1, overdue: true });
    expect(contactDue(a, DEFAULT_CADENCE, at('2026-03-31T10:00:00Z'))).toMatchObject({ daysOverdue: 23 });
  });

  it('counts from the opening of an account never contacted, and treats an ungraded one as potential', () => {
    const fresh = { grade: null, lastContactAt: null, createdAt: at('2026-01-01T00:00:00Z') };
    expect(contactDue(fresh, DEFAULT_CADENCE, at('2026-03-03T00:00:00Z'))).toEqual({
      cadenceDays: 60,
      dueOn: '2026-03-02',
      daysOverdue: 1,
      overdue: true,
    });
  });

  it('reports compliance per sales person and grade', () => {
    const now = at('2026-03-31T00:00:00Z');
    const createdAt = at('2026-01-01T00:00:00Z');
    const rows = cadenceCompliance(
      [
        { ownerId: 'li', grade: 'A', lastContactAt: at('2026-03-29T00:00:00Z'), createdAt },
        { ownerId: 'li', grade: 'A', lastContactAt: at('2026-03-01T00:00:00Z'), createdAt },
        { ownerId: 'li', grade: 'C', lastContactAt: at('2026-03-10T00:00:00Z'), createdAt },
        { ownerId: 'chen', grade: 'B', lastContactAt: null, createdAt },
      ],
      DEFAULT_CADENCE,
      now,
    );
    expect(rows).toEqual([
      { ownerId: 'chen', grade: 'B', accounts: 1, withinCadence: 0, overdue: 1, rate: 0 },
      { ownerId: 'li', grade: 'A', accounts: 2, withinCadence: 1, overdue: 1, rate: 0.5 },
      { ownerId: 'li', grade: 'C', accounts: 1, withinCadence: 1, overdue: 0, rate: 1 },
    ]);
  });
});
