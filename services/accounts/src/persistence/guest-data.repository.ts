import type { EntityManager } from 'typeorm';

/** What accounts keeps about a guest: the link to the account they travel for, and their stays' production. */
export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    accountLinks: await tx.query(
      `SELECT l.guest_id, l.account_id, a.name AS account_name, l.linked_at, l.linked_by
         FROM accounts.guest_link l JOIN accounts.account a ON a.id = l.account_id WHERE l.guest_id = ANY($1::uuid[])`,
      [ids],
    ),
    production: await tx.query(
      'SELECT * FROM accounts.stay_production WHERE guest_id = ANY($1::uuid[]) ORDER BY production_date',
      [ids],
    ),
    merges: await tx.query(
      'SELECT * FROM accounts.guest_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
      [ids],
    ),
  };
}

/**
 * The guest no longer travels for anyone here. Production rows stay: they are the account's figures (stays,
 * room nights, revenue), keyed by an id that names no one once guests has erased the profile.
 */
export async function eraseGuestRecords(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query('DELETE FROM accounts.guest_link WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query(
    'DELETE FROM accounts.guest_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
    [ids],
  );
}
