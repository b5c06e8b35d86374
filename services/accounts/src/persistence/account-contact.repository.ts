import { type Db } from './account.repository.js';

// The people at an account (联系人): read a page of accounts' worth at once.

export interface ContactRow {
  id: string;
  accountId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  decisionMaker: boolean;
  birthday: string | null;
}
export const contactsOf = (db: Db, accountIds: readonly string[]): Promise<ContactRow[]> =>
  db.query(
    `SELECT id, account_id AS "accountId", name, title, phone, email, decision_maker AS "decisionMaker",
            to_char(birthday, 'YYYY-MM-DD') AS birthday
       FROM accounts.account_contact WHERE account_id = ANY($1::uuid[]) ORDER BY decision_maker DESC, name, id`,
    [accountIds],
  );

/** Contacts with a birthday on file (of one sales person's accounts, or everyone's). */
export const contactsWithBirthdays = (db: Db, ownerId: string | null): Promise<(ContactRow & { birthday: string })[]> =>
  db.query(
    `SELECT c.id, c.account_id AS "accountId", c.name, c.title, c.phone, c.email,
            c.decision_maker AS "decisionMaker", to_char(c.birthday, 'YYYY-MM-DD') AS birthday
       FROM accounts.account_contact c JOIN accounts.account a ON a.id = c.account_id
      WHERE c.birthday IS NOT NULL AND ($1::text IS NULL OR a.owner_id = $1)`,
    [ownerId],
  );

/** Adds a contact to the account; null when there is no such account. */
export async function insertContact(
  db: Db,
  c: Omit<ContactRow, 'decisionMaker'> & { decisionMaker: boolean },
  now: Date,
): Promise<ContactRow | null> {
  const rows = await db.query(
    `INSERT INTO accounts.account_contact (id, account_id, name, title, phone, email, decision_maker, birthday, created_at)
     SELECT $1, a.id, $3, $4, $5, $6, $7, $8, $9 FROM accounts.account a WHERE a.id = $2
     RETURNING id, account_id AS "accountId", name, title, phone, email, decision_maker AS "decisionMaker",
               to_char(birthday, 'YYYY-MM-DD') AS birthday`,
    [c.id, c.accountId, c.name, c.title, c.phone, c.email, c.decisionMaker, c.birthday, now],
  );
  return rows[0] ?? null;
}

/** Whether the contact is one of the account's people. */
export async function isContactOf(db: Db, contactId: string, accountId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM accounts.account_contact WHERE id = $1 AND account_id = $2', [
    contactId,
    accountId,
  ]);
  return rows.length > 0;
}
