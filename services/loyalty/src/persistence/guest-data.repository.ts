import type { EntityManager } from 'typeorm';

const MEMBERSHIPS =
  'SELECT id FROM loyalty.membership WHERE guest_id = ANY($1::uuid[]) OR enrolled_guest_id = ANY($1::uuid[])';

/** What loyalty keeps about a guest: memberships, every ledger entry, stay credits, redemptions, held points. */
export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    memberships: await tx.query(
      'SELECT * FROM loyalty.membership WHERE guest_id = ANY($1::uuid[]) OR enrolled_guest_id = ANY($1::uuid[])',
      [ids],
    ),
    ledger: await tx.query(
      `SELECT * FROM loyalty.ledger_entry WHERE membership_id IN (${MEMBERSHIPS}) ORDER BY membership_id, seq`,
      [ids],
    ),
    stayCredits: await tx.query('SELECT * FROM loyalty.stay_credit WHERE guest_id = ANY($1::uuid[])', [ids]),
    redemptions: await tx.query(`SELECT * FROM loyalty.redemption WHERE membership_id IN (${MEMBERSHIPS})`, [ids]),
    heldCompensation: await tx.query('SELECT * FROM loyalty.held_compensation WHERE guest_id = ANY($1::uuid[])', [ids]),
  };
}

/**
 * Memberships hold no name or contact here, only the guest's id; what staff wrote in free text about the
 * member goes (adjustment reasons, redemption cancel reasons). Entries, points and balances stay: the ledger
 * is the programme's accounts, and the database lets an erasure touch a ledger entry's reason and nothing else.
 */
export async function eraseGuestRecords(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query("SELECT set_config('loyalty.erasure', 'on', true)");
  await tx.query(
    `UPDATE loyalty.ledger_entry SET reason = NULL WHERE reason IS NOT NULL AND membership_id IN (${MEMBERSHIPS})`,
    [ids],
  );
  await tx.query("SELECT set_config('loyalty.erasure', 'off', true)");
  await tx.query(
    `UPDATE loyalty.redemption SET cancel_reason = NULL WHERE cancel_reason IS NOT NULL AND membership_id IN (${MEMBERSHIPS})`,
    [ids],
  );
}
