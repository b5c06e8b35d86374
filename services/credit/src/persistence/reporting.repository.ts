import type { Queryable } from '@guest-graph/db';
import { MICROS_UTC } from '@guest-graph/subgraph-kit';
import { INVOICE_COLUMNS } from './credit-file.repository.js';

type Key = { changedKey: string; id: string } | null;
const CHANGED = `changed_at AS "changedAt", to_char(changed_at AT TIME ZONE 'UTC', ${MICROS_UTC}) AS "changedKey"`;
const AFTER = `($1::timestamptz IS NULL OR changed_at >= $1::timestamptz)
        AND ($2::timestamptz IS NULL OR (changed_at, id) > ($2::timestamptz, $3::uuid))`;

export type InvoiceChangeRow = {
  id: string;
  dueOn: string;
  balance: string;
  changedAt: Date;
  changedKey: string;
} & Record<string, unknown>;

/** Invoices changed at or after `since` (all when null), along invoice_changed_idx (changed_at, id), after the key. */
export const changedInvoicePage = (db: Queryable, since: string | null, after: Key, limit: number) =>
  db.query(
    `SELECT ${INVOICE_COLUMNS}, ${CHANGED} FROM credit.invoice WHERE ${AFTER} ORDER BY changed_at, id LIMIT $4`,
    [since, after?.changedKey ?? null, after?.id ?? null, limit],
  ) as Promise<InvoiceChangeRow[]>;

export type LedgerEntryRow = {
  id: string;
  kind: 'INVOICE' | 'PAYMENT' | 'CREDIT_NOTE';
  accountId: string;
  amount: string;
  open: string;
  bookedOn: string;
  invoiceId: string | null;
  stayId: string | null;
  caseId: string | null;
  changedAt: Date;
  changedKey: string;
};

/**
 * The ledger's entries (invoices debit the account; payments and credit notes credit it) changed at or after
 * `since`, in (changed_at, id) order after the key: each table read along its own changed index, at most `limit`
 * rows each, merged in one statement.
 */
export const changedLedgerPage = (db: Queryable, since: string | null, after: Key, limit: number) =>
  db.query(
    `(SELECT id, 'INVOICE' AS kind, account_id AS "accountId", amount::text AS amount, balance::text AS open,
             to_char(issued_on, 'YYYY-MM-DD') AS "bookedOn", NULL::uuid AS "invoiceId", stay_id AS "stayId",
             NULL::uuid AS "caseId", ${CHANGED}
        FROM credit.invoice WHERE ${AFTER} ORDER BY changed_at, id LIMIT $4)
     UNION ALL
     (SELECT id, 'PAYMENT', account_id, amount::text, unapplied::text, to_char(received_on, 'YYYY-MM-DD'),
             NULL::uuid, NULL::uuid, NULL::uuid, ${CHANGED}
        FROM credit.payment WHERE ${AFTER} ORDER BY changed_at, id LIMIT $4)
     UNION ALL
     (SELECT id, 'CREDIT_NOTE', account_id, amount::text, unapplied::text, to_char(issued_on, 'YYYY-MM-DD'),
             invoice_id, stay_id, case_id, ${CHANGED}
        FROM credit.credit_note WHERE ${AFTER} ORDER BY changed_at, id LIMIT $4)
     ORDER BY "changedAt", id LIMIT $4`,
    [since, after?.changedKey ?? null, after?.id ?? null, limit],
  ) as Promise<LedgerEntryRow[]>;
