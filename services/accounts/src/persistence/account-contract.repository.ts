import { changedRows } from '@guest-graph/db';
import type { ContractStatus } from '../domain/contract.js';
import type { Production } from '../domain/production.js';
import { type Db } from './account.repository.js';

// Contracts (合同): read by account or id, moved by compare-and-set, expired by a job.

export interface ContractRow {
  id: string;
  accountId: string;
  reference: string;
  terms: string | null;
  status: ContractStatus;
  validFrom: string;
  validTo: string;
  roomNightCommitment: number | null;
  submittedBy?: string | null;
  submittedAt?: Date | null;
  reviewedBy?: string | null;
  reviewedAt?: Date | null;
  reviewNote?: string | null;
}
const CONTRACT_COLUMNS = `id, account_id AS "accountId", reference, terms, status,
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo",
  room_night_commitment AS "roomNightCommitment", submitted_by AS "submittedBy", submitted_at AS "submittedAt",
  reviewed_by AS "reviewedBy", reviewed_at AS "reviewedAt", review_note AS "reviewNote"`;
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
export async function insertContract(
  db: Db,
  c: Pick<ContractRow, 'id' | 'accountId' | 'reference' | 'terms' | 'validFrom' | 'validTo' | 'roomNightCommitment'>,
  now: Date,
): Promise<boolean> {
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
  review: { submittedBy?: string; reviewedBy?: string; note?: string | null } = {},
): Promise<boolean> {
  const moved = await changedRows(
    db,
    `UPDATE accounts.account_contract SET status = $3, terminated_reason = coalesce($4, terminated_reason),
       updated_at = $5,
       submitted_by = coalesce($6, submitted_by), submitted_at = CASE WHEN $6::text IS NULL THEN submitted_at ELSE $5 END,
       reviewed_by = coalesce($7, reviewed_by), reviewed_at = CASE WHEN $7::text IS NULL THEN reviewed_at ELSE $5 END,
       review_note = CASE WHEN $7::text IS NULL THEN review_note ELSE $8 END
     WHERE id = $1 AND status = $2 RETURNING id`,
    [id, from, to, reason, now, review.submittedBy ?? null, review.reviewedBy ?? null, review.note ?? null],
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
