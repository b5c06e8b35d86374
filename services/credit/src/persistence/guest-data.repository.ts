import type { EntityManager } from 'typeorm';

const INVOICES = 'SELECT id FROM credit.invoice WHERE guest_id = ANY($1::uuid[])';

/** What credit keeps about a guest: the invoices of their direct-billed stays, with payments and credit notes. */
export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    invoices: await tx.query('SELECT * FROM credit.invoice WHERE guest_id = ANY($1::uuid[]) ORDER BY issued_on', [ids]),
    payments: await tx.query(
      `SELECT p.*, a.invoice_id, a.amount AS allocated FROM credit.allocation a JOIN credit.payment p ON p.id = a.payment_id
        WHERE a.invoice_id IN (${INVOICES})`,
      [ids],
    ),
    creditNotes: await tx.query(`SELECT * FROM credit.credit_note WHERE invoice_id IN (${INVOICES})`, [ids]),
    authorizations: await tx.query('SELECT * FROM credit.authorization WHERE guest_id = ANY($1::uuid[])', [ids]),
  };
}

/**
 * Invoices, payments and credit notes are the account's receivables and stay whole (PIPL Art. 47 (2); the
 * accounting law keeps them): they name no one, only the guest's id, which names no one once guests has
 * erased the profile. What was written about the guest's invoice in words goes: a dispute's reason.
 */
export async function eraseGuestRecords(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query(
    'UPDATE credit.invoice SET dispute_reason = NULL WHERE guest_id = ANY($1::uuid[]) AND dispute_reason IS NOT NULL',
    [ids],
  );
}
