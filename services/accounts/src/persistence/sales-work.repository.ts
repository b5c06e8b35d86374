import { changedRows } from '@guest-graph/db';
import type { Production } from '../domain/production.js';
import { type Db } from './account.repository.js';

// Contacts, rates, activities, contracts and targets: each read takes many accounts (or contracts, or targets)
// at once, so the loaders can batch a page's worth into one statement.

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

export interface RateRow {
  id: string;
  accountId: string;
  contractId: string | null;
  roomType: string | null;
  rate: string | null;
  discountPercent: number | null;
  validFrom: string;
  validTo: string | null;
  createdAt: Date;
}
const RATE_COLUMNS = `id, account_id AS "accountId", contract_id AS "contractId", room_type AS "roomType",
  rate::text AS rate, discount_percent::float8 AS "discountPercent", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
  to_char(valid_to, 'YYYY-MM-DD') AS "validTo", created_at AS "createdAt"`;
export const ratesOfAccounts = (db: Db, accountIds: readonly string[]): Promise<RateRow[]> =>
  db.query(
    `SELECT ${RATE_COLUMNS} FROM accounts.account_rate WHERE account_id = ANY($1::uuid[])
      ORDER BY valid_from DESC, created_at DESC`,
    [accountIds],
  );
export const ratesOfContracts = (db: Db, contractIds: readonly string[]): Promise<RateRow[]> =>
  db.query(
    `SELECT ${RATE_COLUMNS} FROM accounts.account_rate WHERE contract_id = ANY($1::uuid[])
      ORDER BY valid_from DESC, created_at DESC`,
    [contractIds],
  );

export async function insertRate(db: Db, r: Omit<RateRow, 'createdAt'>, now: Date): Promise<RateRow> {
  const [row] = await db.query(
    `INSERT INTO accounts.account_rate (id, account_id, contract_id, room_type, rate, discount_percent,
       valid_from, valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     RETURNING ${RATE_COLUMNS}`,
    [r.id, r.accountId, r.contractId, r.roomType, r.rate, r.discountPercent, r.validFrom, r.validTo, now],
  );
  return row;
}

export interface ActivityRow {
  id: string;
  accountId: string;
  kind: string;
  occurredAt: Date;
  staffId: string;
  contactId: string | null;
  purpose: string | null;
  outcome: string | null;
  nextStep: string | null;
  nextStepOn: string | null;
}
const activityColumns = (t: string) => `${t}.id, ${t}.account_id AS "accountId", ${t}.kind,
  ${t}.occurred_at AS "occurredAt", ${t}.staff_id AS "staffId", ${t}.contact_id AS "contactId", ${t}.purpose,
  ${t}.outcome, ${t}.next_step AS "nextStep", to_char(${t}.next_step_on, 'YYYY-MM-DD') AS "nextStepOn"`;
const ACTIVITY_COLUMNS = activityColumns('sales_activity');
/** Where a page of activities ended: the time and the id that breaks ties. */
export interface ActivityCursor {
  occurredAt: string;
  id: string;
}

/**
 * A page of each account's activities, newest first, by keyset (`perAccount + 1` rows each, so the caller knows
 * whether another page follows). Served by sales_activity_account_idx.
 */
export const activitiesOf = (
  db: Db,
  accountIds: readonly string[],
  perAccount: number,
  after: ActivityCursor | null,
): Promise<(ActivityRow & { sortKey: string })[]> =>
  db.query(
    `SELECT * FROM (
       SELECT ${ACTIVITY_COLUMNS}, occurred_at::text AS "sortKey",
              row_number() OVER (PARTITION BY account_id ORDER BY occurred_at DESC, id) AS n
         FROM accounts.sales_activity
        WHERE account_id = ANY($1::uuid[])
          AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz
               OR (occurred_at = $3::timestamptz AND id > $4::uuid))
     ) t WHERE t.n <= $2 ORDER BY "occurredAt" DESC, id`,
    [accountIds, perAccount + 1, after?.occurredAt ?? null, after?.id ?? null],
  );

export async function insertActivity(db: Db, a: ActivityRow, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO accounts.sales_activity (id, account_id, kind, occurred_at, staff_id, contact_id, purpose,
       outcome, next_step, next_step_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.id,
      a.accountId,
      a.kind,
      a.occurredAt,
      a.staffId,
      a.contactId,
      a.purpose,
      a.outcome,
      a.nextStep,
      a.nextStepOn,
      now,
    ],
  );
}

/** Where a page of follow-ups ended: the next step's date, the activity's time and its id. */
export interface FollowUpCursor {
  nextStepOn: string;
  occurredAt: string;
  id: string;
}

/**
 * Activities whose next step is due by `today` and were the last thing done with their account: a later
 * activity is taken as the follow-up having happened. A keyset page in next-step order (`first + 1` rows, so the
 * caller knows whether another page follows), served by sales_activity_next_step_idx.
 */
export const followUpsDue = (
  db: Db,
  today: string,
  ownerId: string | null,
  first: number,
  after: FollowUpCursor | null,
): Promise<(ActivityRow & { sortKey: string })[]> =>
  db.query(
    `SELECT ${activityColumns('s')}, s.occurred_at::text AS "sortKey"
       FROM accounts.sales_activity s JOIN accounts.account a ON a.id = s.account_id
      WHERE s.next_step_on <= $1::date AND ($2::text IS NULL OR a.owner_id = $2)
        AND ($4::date IS NULL OR (s.next_step_on, s.occurred_at, s.id) > ($4::date, $5::timestamptz, $6::uuid))
        AND NOT EXISTS (SELECT 1 FROM accounts.sales_activity later
                         WHERE later.account_id = s.account_id AND later.occurred_at > s.occurred_at)
      ORDER BY s.next_step_on, s.occurred_at, s.id
      LIMIT $3`,
    [today, ownerId, first + 1, after?.nextStepOn ?? null, after?.occurredAt ?? null, after?.id ?? null],
  );
export const activityById = async (db: Db, id: string): Promise<ActivityRow> =>
  (await db.query(`SELECT ${ACTIVITY_COLUMNS} FROM accounts.sales_activity WHERE id = $1`, [id]))[0];

export interface ContractRow {
  id: string;
  accountId: string;
  reference: string;
  terms: string | null;
  status: 'DRAFT' | 'ACTIVE' | 'EXPIRED' | 'TERMINATED';
  validFrom: string;
  validTo: string;
  roomNightCommitment: number | null;
}
const CONTRACT_COLUMNS = `id, account_id AS "accountId", reference, terms, status,
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
  room_night_commitment AS "roomNightCommitment"`;
export const contractsOfAccounts = (db: Db, accountIds: readonly string[]): Promise<ContractRow[]> =>
  db.query(
    `SELECT ${CONTRACT_COLUMNS} FROM accounts.account_contract WHERE account_id = ANY($1::uuid[])
      ORDER BY valid_from DESC, id`,
    [accountIds],
  );
export const contractsByIds = (db: Db, ids: readonly string[]): Promise<ContractRow[]> =>
  db.query(`SELECT ${CONTRACT_COLUMNS} FROM accounts.account_contract WHERE id = ANY($1::uuid[])`, [ids]);
export const contractsEndingBetween = (db: Db, from: string, to: string): Promise<ContractRow[]> =>
  db.query(
    `SELECT ${CONTRACT_COLUMNS} FROM accounts.account_contract
      WHERE status = 'ACTIVE' AND valid_to BETWEEN $1::date AND $2::date ORDER BY valid_to, id`,
    [from, to],
  );

/** Drafts a contract for the account; false when there is no such account. */
export async function insertContract(db: Db, c: Omit<ContractRow, 'status'>, now: Date): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO accounts.account_contract (id, account_id, reference, terms, status, valid_from, valid_to,
       room_night_commitment, created_at, updated_at)
     SELECT $1, a.id, $3, $4, 'DRAFT', $5, $6, $7, $8, $8 FROM accounts.account a WHERE a.id = $2
     RETURNING id`,
    [c.id, c.accountId, c.reference, c.terms, c.validFrom, c.validTo, c.roomNightCommitment, now],
  );
  return rows.length > 0;
}

/** Moves a contract by compare-and-set on its status; false when it changed meanwhile. */
export async function moveContract(
  db: Db,
  id: string,
  from: ContractRow['status'],
  to: ContractRow['status'],
  reason: string | null,
  now: Date,
): Promise<boolean> {
  const moved = await changedRows(
    db,
    `UPDATE accounts.account_contract SET status = $3, terminated_reason = coalesce($4, terminated_reason),
       updated_at = $5 WHERE id = $1 AND status = $2 RETURNING id`,
    [id, from, to, reason, now],
  );
  return moved.length > 0;
}

/** Whether the contract is one of the account's. */
export async function isContractOf(db: Db, contractId: string, accountId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM accounts.account_contract WHERE id = $1 AND account_id = $2', [
    contractId,
    accountId,
  ]);
  return rows.length > 0;
}

/** Production of each contract's account inside the contract's validity: commitment against actual. */
export const contractProduction = (
  db: Db,
  contractIds: readonly string[],
): Promise<(Production & { contractId: string })[]> =>
  db.query(
    `SELECT c.id AS "contractId", count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
            coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue
       FROM accounts.account_contract c
       LEFT JOIN accounts.stay_production p
         ON p.account_id = c.account_id AND p.production_date BETWEEN c.valid_from AND c.valid_to
      WHERE c.id = ANY($1::uuid[])
      GROUP BY c.id`,
    [contractIds],
  );

/** Active contracts whose last day is before `today`: expired. Safe to run twice, for any date. */
export async function expireContracts(db: Db, today: string, now: Date): Promise<number> {
  const rows = await changedRows(
    db,
    `UPDATE accounts.account_contract SET status = 'EXPIRED', updated_at = $2
      WHERE status = 'ACTIVE' AND valid_to < $1::date RETURNING id`,
    [today, now],
  );
  return rows.length;
}

export interface TargetRow {
  id: string;
  ownerId: string | null;
  accountId: string | null;
  periodKind: string;
  periodStart: string;
  periodEnd: string;
  revenueTarget: string | null;
  roomNightTarget: number | null;
}
const TARGET_COLUMNS = `id, owner_id AS "ownerId", account_id AS "accountId", period_kind AS "periodKind",
  to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd",
  revenue_target::text AS "revenueTarget", room_night_target AS "roomNightTarget"`;

/** Targets by owner, account and year (each optional), in period order, annual before quarterly before monthly. */
export const targetsWhere = (
  db: Db,
  f: { ownerId: string | null; accountId: string | null; year: number | null },
): Promise<TargetRow[]> =>
  db.query(
    `SELECT ${TARGET_COLUMNS} FROM accounts.sales_target
      WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::uuid IS NULL OR account_id = $2)
        AND ($3::int IS NULL OR extract(year FROM period_start)::int = $3)
      ORDER BY period_start, CASE period_kind WHEN 'ANNUAL' THEN 0 WHEN 'QUARTERLY' THEN 1 ELSE 2 END, id`,
    [f.ownerId, f.accountId, f.year],
  );

/** Sets the target of a scope (owner or account) and period: a second setting replaces the first. */
export async function upsertTarget(db: Db, t: TargetRow, now: Date): Promise<TargetRow> {
  const [row] = await db.query(
    `INSERT INTO accounts.sales_target (id, owner_id, account_id, period_kind, period_start, period_end,
       revenue_target, room_night_target, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT ((coalesce(owner_id, '')), (coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid)),
       period_kind, period_start)
     DO UPDATE SET revenue_target = EXCLUDED.revenue_target, room_night_target = EXCLUDED.room_night_target,
       updated_at = EXCLUDED.updated_at
     RETURNING ${TARGET_COLUMNS}`,
    [t.id, t.ownerId, t.accountId, t.periodKind, t.periodStart, t.periodEnd, t.revenueTarget, t.roomNightTarget, now],
  );
  return row;
}

/**
 * Actual production for each target's period: an account's own stays, or those of every account the sales person
 * owns now (targets follow the portfolio, as the sales office reviews it).
 */
export const targetProduction = (
  db: Db,
  targetIds: readonly string[],
): Promise<(Production & { targetId: string })[]> =>
  db.query(
    `SELECT t.id AS "targetId", count(p.stay_id)::int AS stays, coalesce(sum(p.nights), 0)::int AS "roomNights",
            coalesce(sum(p.revenue), 0)::numeric(14,2)::text AS revenue
       FROM accounts.sales_target t
       LEFT JOIN accounts.account a
         ON (t.account_id IS NOT NULL AND a.id = t.account_id) OR (t.account_id IS NULL AND a.owner_id = t.owner_id)
       LEFT JOIN accounts.stay_production p
         ON p.account_id = a.id AND p.production_date BETWEEN t.period_start AND t.period_end
      WHERE t.id = ANY($1::uuid[])
      GROUP BY t.id`,
    [targetIds],
  );
