import { changedRows } from '@guest-graph/db';
import type { LeadStatus } from '../domain/sales-lead.js';
import type { Db } from './account.repository.js';

// Sales leads (hand-offs to sales): written once, moved by compare-and-set on the status, paged newest first.

export interface LeadRow {
  id: string;
  companyName: string;
  guestId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  note: string | null;
  sourceDepartment: string;
  status: LeadStatus;
  assignedTo: string | null;
  dueOn: string | null;
  accountId: string | null;
  createdBy: string;
  createdAt: Date;
}
const LEAD_COLUMNS = `id, company_name AS "companyName", guest_id AS "guestId", contact_name AS "contactName",
  contact_phone AS "contactPhone", note, source_department AS "sourceDepartment", status, assigned_to AS "assignedTo",
  to_char(due_on, 'YYYY-MM-DD') AS "dueOn", account_id AS "accountId", created_by AS "createdBy",
  created_at AS "createdAt"`;

export async function insertLead(db: Db, l: LeadRow): Promise<void> {
  await db.query(
    `INSERT INTO accounts.sales_lead (id, company_name, guest_id, contact_name, contact_phone, note, source_department,
       status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'NEW', $8, $9, $9)`,
    [
      l.id,
      l.companyName,
      l.guestId,
      l.contactName,
      l.contactPhone,
      l.note,
      l.sourceDepartment,
      l.createdBy,
      l.createdAt,
    ],
  );
}

export const leadsByIds = (db: Db, ids: readonly string[]): Promise<LeadRow[]> =>
  db.query(`SELECT ${LEAD_COLUMNS} FROM accounts.sales_lead WHERE id = ANY($1::uuid[])`, [ids]);

/** Moves a lead from `from` by compare-and-set; false when it changed meanwhile. */
export async function moveLead(
  db: Db,
  id: string,
  from: LeadStatus,
  to: LeadStatus,
  change: { assignedTo?: string; dueOn?: string; accountId?: string },
  now: Date,
): Promise<boolean> {
  const rows = await changedRows(
    db,
    `UPDATE accounts.sales_lead SET status = $3, assigned_to = coalesce($4, assigned_to),
       due_on = coalesce($5::date, due_on), account_id = coalesce($6, account_id), updated_at = $7
     WHERE id = $1 AND status = $2 RETURNING id`,
    [id, from, to, change.assignedTo ?? null, change.dueOn ?? null, change.accountId ?? null, now],
  );
  return rows.length > 0;
}

/** A page of leads, newest first, optionally of one status and one salesperson; `first + 1` rows. */
export const leadsPage = (
  db: Db,
  f: { status: LeadStatus | null; assignedTo: string | null },
  first: number,
  after: { at: string; id: string } | null,
): Promise<LeadRow[]> =>
  db.query(
    `SELECT ${LEAD_COLUMNS} FROM accounts.sales_lead
      WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR assigned_to = $2)
        AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $5`,
    [f.status, f.assignedTo, after?.at ?? null, after?.id ?? null, first + 1],
  );
