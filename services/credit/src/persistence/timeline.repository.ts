import type { DataSource } from 'typeorm';

export interface TimelineFact {
  subjectId: string;
  key: string;
  kind: 'INVOICE_ISSUED' | 'PAYMENT_RECEIVED';
  amount: string;
  at: Date;
}

/**
 * Invoices and payments as timeline facts about accounts (or, for invoices, about the stay's guest), in key
 * order after `after`. Holds are kept as the account's current state only, so past holds have no history here.
 */
export const timelineHistory = (
  db: DataSource,
  subject: 'GUEST' | 'ACCOUNT',
  after: string | null,
  limit: number,
): Promise<TimelineFact[]> =>
  db.query(
    `SELECT * FROM (
       SELECT CASE WHEN $1 = 'GUEST' THEN guest_id ELSE account_id END AS "subjectId",
              'credit:invoice:' || id AS key, 'INVOICE_ISSUED' AS kind, amount::text AS amount, created_at AS at
         FROM credit.invoice WHERE $1 = 'ACCOUNT' OR guest_id IS NOT NULL
       UNION ALL
       SELECT account_id, 'credit:payment:' || id, 'PAYMENT_RECEIVED', amount::text, recorded_at
         FROM credit.payment WHERE $1 = 'ACCOUNT'
     ) h WHERE $2::text IS NULL OR key > $2 ORDER BY key LIMIT $3`,
    [subject, after, limit],
  );
