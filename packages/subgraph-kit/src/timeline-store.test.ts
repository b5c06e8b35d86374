import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { timelineTablesSql } from './timeline-store.js';

// The guests' and accounts' Timeline1764800000000 migrations run these statements. They are released history:
// a database migrated before the kit took them over must match one migrated after, to the character. The
// hashes are of the statements (up then down, as JSON) the two migrations ran when they were released.
const RELEASED = {
  guests: '7ea3297f919ab40ea260d610b783adfec915a93b6e3fbd6a24e8c6a8db75be73',
  accounts: '9ee2eecb6e3353dc22d573eaa53e608f69df18db0cd468286b4eafd2514204ed',
};
const hashOf = (t: { up: string[]; down: string[] }) =>
  createHash('sha256')
    .update(JSON.stringify([...t.up, ...t.down]))
    .digest('hex');

describe('timeline tables', () => {
  it('are the statements the released migrations ran, for guests and for accounts', () => {
    expect(hashOf(timelineTablesSql({ schema: 'guests', subjectColumn: 'guest_id' }))).toBe(RELEASED.guests);
    expect(hashOf(timelineTablesSql({ schema: 'accounts', subjectColumn: 'account_id' }))).toBe(RELEASED.accounts);
  });

  it('name the owner schema and subject column in every statement that needs them', () => {
    const { up, down } = timelineTablesSql({ schema: 'guests', subjectColumn: 'guest_id' });
    expect(up[0]).toContain('CREATE TABLE guests.timeline_entry (');
    expect(up[1]).toBe('CREATE INDEX timeline_entry_page_idx ON guests.timeline_entry (guest_id, at DESC, id DESC)');
    expect(down).toEqual(['DROP TABLE guests.timeline_backfill', 'DROP TABLE guests.timeline_entry']);
  });
});
