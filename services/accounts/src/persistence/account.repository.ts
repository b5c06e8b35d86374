import { changedRows, type Queryable } from '@guest-graph/db';
import type { AccountGrade, AccountStatus, AccountType, UpdateAccountInput } from '../domain/account-file.js';

/** A DataSource or a transaction's EntityManager. */
export type Db = Queryable;

export interface AccountRow {
  id: string;
  name: string;
  type: AccountType;
  grade: AccountGrade | null;
  status: AccountStatus;
  industry: string | null;
  address: string | null;
  natureOfBusiness: string | null;
  personInCharge: string | null;
  mainNeeds: string | null;
  paymentMethod: string | null;
  channel: string | null;
  relationshipType: string | null;
  contactName: string | null;
  contactPhone: string | null;
  negotiatedRate: string | null;
  discountPercent: number | null;
  ownerId: string | null;
  parentId: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ACCOUNT_COLUMNS = `a.id, a.name, a.type, a.grade, a.status, a.industry, a.address,
  a.nature_of_business AS "natureOfBusiness", a.person_in_charge AS "personInCharge", a.main_needs AS "mainNeeds",
  a.payment_method AS "paymentMethod", a.acquisition_channel AS channel, a.relationship_type AS "relationshipType", a.contact_name AS "contactName", a.contact_phone AS "contactPhone",
  a.negotiated_rate::text AS "negotiatedRate", a.discount_percent::float8 AS "discountPercent",
  a.owner_id AS "ownerId", a.parent_id AS "parentId", a.last_contact_at AS "lastContactAt",
  a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

export async function accountsByIds(db: Db, ids: readonly string[]): Promise<AccountRow[]> {
  if (!ids.length) return [];
  return db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a WHERE a.id = ANY($1::uuid[])`, [ids]);
}

/** The account each guest travels for, in one statement for any number of guests. */
export async function accountsOfGuests(
  db: Db,
  guestIds: readonly string[],
): Promise<(AccountRow & { guestId: string })[]> {
  if (!guestIds.length) return [];
  return db.query(
    `SELECT l.guest_id AS "guestId", ${ACCOUNT_COLUMNS}
       FROM accounts.guest_link l JOIN accounts.account a ON a.id = l.account_id
      WHERE l.guest_id = ANY($1::uuid[])`,
    [guestIds],
  );
}

export async function branchesOf(db: Db, parentIds: readonly string[]): Promise<AccountRow[]> {
  return db.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a WHERE a.parent_id = ANY($1::uuid[]) ORDER BY a.name, a.id`,
    [parentIds],
  );
}

/** Whether the account exists (a guard before writing beside it). */
export async function accountExists(db: Db, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM accounts.account WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Name, grade and status of the given accounts: what other services ask us about. */
export const accountSummaries = (
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; name: string; grade: string | null; status: string }[]> =>
  db.query('SELECT id, name, grade, status FROM accounts.account WHERE id = ANY($1::uuid[])', [ids]);

/** A sales person's portfolio (everyone's without an owner); dormant accounts are not chased. */
export const activePortfolio = (db: Db, ownerId: string | null): Promise<AccountRow[]> =>
  db.query(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts.account a
      WHERE a.status <> 'DORMANT' AND ($1::text IS NULL OR a.owner_id = $1)`,
    [ownerId],
  );

export interface NewAccount {
  id: string;
  name: string;
  type: string;
  grade: string | null;
  status: string;
  industry: string | null;
  address: string | null;
  natureOfBusiness: string | null;
  personInCharge: string | null;
  mainNeeds: string | null;
  paymentMethod: string | null;
  contactName: string | null;
  contactPhone: string | null;
  negotiatedRate: string | null;
  discountPercent: number | null;
  ownerId: string | null;
  parentId: string | null;
  channel: string | null;
  relationshipType: string | null;
}

export async function insertAccount(db: Db, a: NewAccount, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO accounts.account (id, name, type, grade, status, industry, address, nature_of_business,
       person_in_charge, main_needs, payment_method, contact_name, contact_phone, negotiated_rate,
       discount_percent, owner_id, parent_id, acquisition_channel, created_at, updated_at, relationship_type)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $19, $18, $18, $20)`,
    [
      a.id,
      a.name,
      a.type,
      a.grade,
      a.status,
      a.industry,
      a.address,
      a.natureOfBusiness,
      a.personInCharge,
      a.mainNeeds,
      a.paymentMethod,
      a.contactName,
      a.contactPhone,
      a.negotiatedRate,
      a.discountPercent,
      a.ownerId,
      a.parentId,
      now,
      a.channel,
      a.relationshipType,
    ],
  );
}

// GraphQL input names to columns, for the fields updateAccount may change.
const UPDATABLE: Record<keyof UpdateAccountInput, string> = {
  name: 'name',
  type: 'type',
  grade: 'grade',
  industry: 'industry',
  address: 'address',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  negotiatedRate: 'negotiated_rate',
  discountPercent: 'discount_percent',
  natureOfBusiness: 'nature_of_business',
  personInCharge: 'person_in_charge',
  mainNeeds: 'main_needs',
  paymentMethod: 'payment_method',
  ownerId: 'owner_id',
  status: 'status',
  channel: 'acquisition_channel',
  relationshipType: 'relationship_type',
};

/** What an account change announces: the account's name, grade and status after it. */
export type AccountHeadline = { name: string; grade: string | null; status: string; type: string };

/**
 * Sets the given fields (only those present in `changes`; a present null clears) and returns the account's
 * headline after the change, or null when there is no such account. Also reports which fields were named.
 */
export async function updateAccountFields(
  db: Db,
  id: string,
  changes: Partial<UpdateAccountInput>,
  now: Date,
): Promise<{ headline: AccountHeadline | null; changedFields: string[] }> {
  const sets: string[] = [];
  const params: unknown[] = [id, now];
  const changedFields: string[] = [];
  for (const [field, column] of Object.entries(UPDATABLE)) {
    if (!(field in changes)) continue;
    params.push((changes as Record<string, unknown>)[field] ?? null);
    sets.push(`${column} = $${params.length}`);
    changedFields.push(field);
  }
  const rows = await changedRows<AccountHeadline>(
    db,
    `UPDATE accounts.account SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE id = $1
     RETURNING name, grade, status, type`,
    params,
  );
  return { headline: rows[0] ?? null, changedFields };
}

/** One hierarchy change at a time (held to the end of the transaction): two moves checked apart could close a loop. */
export async function lockHierarchy(db: Db): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('accounts.hierarchy'))`);
}

export async function setParent(db: Db, id: string, parentId: string | null, now: Date): Promise<AccountHeadline> {
  const [moved] = await changedRows<AccountHeadline>(
    db,
    'UPDATE accounts.account SET parent_id = $2, updated_at = $3 WHERE id = $1 RETURNING name, grade, status, type',
    [id, parentId, now],
  );
  return moved!;
}

/** The account's last contact moves forward, never back. False when there is no such account. */
export async function touchLastContact(db: Db, id: string, at: Date, now: Date): Promise<boolean> {
  const touched = await changedRows(
    db,
    `UPDATE accounts.account SET last_contact_at = greatest(last_contact_at, $2::timestamptz), updated_at = $3
      WHERE id = $1 RETURNING id`,
    [id, at, now],
  );
  return touched.length > 0;
}

/** Accounts that traded become (or stay) ACTIVE: a prospect become a client, a dormant account woken. */
export async function markTraded(db: Db, ids: readonly string[], now: Date): Promise<void> {
  if (!ids.length) return;
  await db.query(
    `UPDATE accounts.account SET status = 'ACTIVE', updated_at = $2 WHERE id = ANY($1::uuid[]) AND status <> 'ACTIVE'`,
    [ids, now],
  );
}

/** The ids among these that are accounts of ours. */
export async function knownAccounts(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await db.query('SELECT id FROM accounts.account WHERE id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

/** The account's ancestors, nearest first (a group's parent chain). */
export async function ancestryOf(db: Db, accountId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM accounts.account WHERE id = $1
       UNION ALL
       SELECT a.id, a.parent_id, up.depth + 1 FROM accounts.account a JOIN up ON a.id = up.parent_id WHERE up.depth < 100
     )
     SELECT id FROM up ORDER BY depth`,
    [accountId],
  );
  return rows.map((r) => r.id);
}

/**
 * Accounts with no production, contact or creation on or after `since` (from `activeSinceInstant`, the start of
 * that hotel day) become DORMANT, in one statement; returns what the event needs. Running it twice changes
 * nothing more (the status is part of the condition).
 */
export async function markDormant(
  db: Db,
  since: string,
  activeSinceInstant: Date,
  statuses: readonly string[],
  now: Date,
): Promise<{ id: string; name: string; grade: string | null; status: string; type: string }[]> {
  return changedRows(
    db,
    `UPDATE accounts.account a SET status = 'DORMANT', updated_at = $4
      WHERE a.status = ANY($3::text[])
        AND a.created_at < $2
        AND (a.last_contact_at IS NULL OR a.last_contact_at < $2)
        AND NOT EXISTS (SELECT 1 FROM accounts.stay_production p
                         WHERE p.account_id = a.id AND p.production_date >= $1::date)
      RETURNING a.id, a.name, a.grade, a.status, a.type`,
    [since, activeSinceInstant, statuses, now],
  );
}
