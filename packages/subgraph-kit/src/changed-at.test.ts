import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { changedAtFunctionSql, changedAtSql } from './changed-at.js';

// Four released migrations run these statements: accounts' AccountChangedAt1764900000000, service-recovery's
// CaseChangedAt1764900000000, credit's LedgerChangedAt1764900000000 (all of it) and guests'
// GuestChangedAt1764517100000. A database migrated before the kit took them over must match one migrated after,
// to the character. The hashes are of the statements (up then down, as JSON) those migrations ran when they
// were released, with the arguments they pass (service-recovery's without the backfill statement it passes).
const RELEASED = {
  accounts: 'a3b6d773336b11807fcf97a0269bffeeb32f23d2cc8b495dc4f2dd1843eb8b23',
  guests: 'b6fc58ce1f0648cec209f500ab8881f5f7a51004a6ca941d3e269fa1a6788cb6',
  serviceRecovery: '162bb8aeaf38e1177dce1d34a8ad621f97702773f59d4e4ec9e434edf014c53f',
  credit: '08efaad1b12d39727f5ef492a7a8f30b9c571a1e93de041bad403d8c9a07410d',
};
const hashOf = (statements: string[]) => createHash('sha256').update(JSON.stringify(statements)).digest('hex');
const both = (t: { up: string[]; down: string[] }) => [...t.up, ...t.down];

describe('changed_at statements', () => {
  it('are those the released migrations ran, for accounts, guests, service-recovery and credit', () => {
    expect(
      hashOf(both(changedAtSql({ schema: 'accounts', table: 'account', name: 'account', since: 'updated_at' }))),
    ).toBe(RELEASED.accounts);
    expect(hashOf(both(changedAtSql({ schema: 'guests', table: 'guest', name: 'guest', since: 'updated_at' })))).toBe(
      RELEASED.guests,
    );
    // Service-recovery gives its backfill statement whole (the kit only passes it on): all but that statement.
    const complaintCase = changedAtSql({
      schema: 'service_recovery',
      table: 'complaint_case',
      name: 'case',
      since: { statement: 'UPDATE …' },
    });
    expect(complaintCase.up[1]).toBe('UPDATE …');
    expect(hashOf([complaintCase.up[0]!, ...complaintCase.up.slice(2), ...complaintCase.down])).toBe(
      RELEASED.serviceRecovery,
    );
    const rowChanged = changedAtFunctionSql('credit.row_changed');
    const since = { invoice: 'greatest(created_at, disputed_at)', payment: 'recorded_at', credit_note: 'created_at' };
    const tables = Object.entries(since).map(([t, s]) =>
      changedAtSql({ schema: 'credit', table: t, name: t, since: s, sharedFunction: 'credit.row_changed' }),
    );
    expect(
      hashOf([...rowChanged.up, ...tables.flatMap((t) => t.up), ...tables.flatMap((t) => t.down), ...rowChanged.down]),
    ).toBe(RELEASED.credit);
  });

  it("give a table its own stamping function, or none when the schema's is shared", () => {
    const own = changedAtSql({ schema: 'guests', table: 'guest', name: 'guest', since: 'updated_at' });
    expect(own.up[1]).toBe('UPDATE guests.guest SET changed_at = updated_at');
    expect(own.up[5]).toContain('CREATE FUNCTION guests.guest_changed() RETURNS trigger');
    expect(own.down).toEqual([
      'DROP TRIGGER guest_changed ON guests.guest',
      'DROP FUNCTION guests.guest_changed()',
      'DROP INDEX guests.guest_changed_idx',
      'ALTER TABLE guests.guest DROP COLUMN changed_at',
    ]);
    const shared = changedAtSql({
      schema: 'credit',
      table: 'payment',
      name: 'payment',
      since: 'x',
      sharedFunction: 'credit.f',
    });
    expect(shared.up.some((s) => s.includes('CREATE FUNCTION'))).toBe(false);
    expect(shared.up.at(-1)).toBe(
      'CREATE TRIGGER payment_changed BEFORE UPDATE ON credit.payment FOR EACH ROW EXECUTE FUNCTION credit.f()',
    );
  });
});
