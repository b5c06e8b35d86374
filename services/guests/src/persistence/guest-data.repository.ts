import type { EntityManager } from 'typeorm';

/**
 * What the guests service keeps about a person, for an export (PIPL Art. 45, GDPR Art. 15 and 20), and its
 * erasure (PIPL Art. 47, GDPR Art. 17). The document number exists here only as ciphertext and blind index:
 * neither leaves in an export (the masked form does), both go on erasure.
 */

const rows = (tx: EntityManager, sql: string, ids: string[]) => tx.query(sql, [ids]) as Promise<unknown[]>;

export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    profiles: await rows(
      tx,
      `SELECT to_jsonb(g) - '{id_doc_cipher,id_doc_index,search_name,birth_mmdd,anniversary_mmdd}'::text[] AS profile
         FROM guests.guest g WHERE g.id = ANY($1::uuid[]) ORDER BY g.registered_at`,
      ids,
    ),
    phones: await rows(
      tx,
      'SELECT guest_id, number, is_primary, added_at FROM guests.guest_phone WHERE guest_id = ANY($1::uuid[])',
      ids,
    ),
    emails: await rows(
      tx,
      'SELECT guest_id, address, is_primary, added_at FROM guests.guest_email WHERE guest_id = ANY($1::uuid[])',
      ids,
    ),
    preferences: await rows(
      tx,
      'SELECT * FROM guests.preference WHERE guest_id = ANY($1::uuid[]) ORDER BY recorded_at',
      ids,
    ),
    observations: await rows(
      tx,
      'SELECT * FROM guests.observation WHERE guest_id = ANY($1::uuid[]) ORDER BY observed_at',
      ids,
    ),
    consentHistory: await rows(
      tx,
      `SELECT guest_id, purpose, channel, granted, notice_version, source, recorded_by, recorded_at
         FROM guests.consent WHERE guest_id = ANY($1::uuid[]) ORDER BY recorded_at DESC, seq DESC`,
      ids,
    ),
    stays: await rows(
      tx,
      `SELECT s.*, COALESCE((SELECT jsonb_agg(jsonb_build_object('outlet', c.outlet, 'amount', c.amount) ORDER BY c.line)
                               FROM guests.stay_charge c WHERE c.stay_id = s.id), '[]') AS charges
         FROM guests.stay s WHERE s.guest_id = ANY($1::uuid[]) ORDER BY s.arrival_date`,
      ids,
    ),
    reservations: await rows(
      tx,
      `SELECT r.*, COALESCE((SELECT jsonb_agg(jsonb_build_object('category', d.category, 'value', d.value,
                                'doneBy', d.done_by, 'doneAt', d.done_at) ORDER BY d.done_at)
                               FROM guests.preparation_done d WHERE d.reservation_id = r.id), '[]') AS preparation
         FROM guests.reservation r WHERE r.guest_id = ANY($1::uuid[]) ORDER BY r.arrival_date`,
      ids,
    ),
    followUps: await rows(tx, 'SELECT * FROM guests.follow_up WHERE guest_id = ANY($1::uuid[])', ids),
    value: await rows(tx, 'SELECT * FROM guests.guest_value WHERE guest_id = ANY($1::uuid[])', ids),
    idDocumentReveals: await rows(
      tx,
      `SELECT guest_id, revealed_by, roles, reason, revealed_at FROM guests.id_document_reveal
        WHERE guest_id = ANY($1::uuid[]) ORDER BY revealed_at`,
      ids,
    ),
  };
}

export const ERASED_NAME = 'Erased guest';

/**
 * Removes the person from the profile and everything hanging on it. Stays and their charges, the guest's
 * value figures and the reveal audit stay (accounts and the law keep them; PIPL Art. 47 (2)), under an id that
 * no longer names anyone. The consent ledger lets this transaction, and only it, delete (`guests.erasure`).
 */
export async function eraseGuests(tx: EntityManager, ids: string[], at: Date): Promise<void> {
  const names: { search_name: string }[] = await tx.query(
    'SELECT DISTINCT search_name FROM guests.guest WHERE id = ANY($1::uuid[])',
    [ids],
  );
  await tx.query("SELECT set_config('guests.erasure', 'on', true)");
  await tx.query('DELETE FROM guests.consent WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query("SELECT set_config('guests.erasure', 'off', true)");
  await tx.query(
    `DELETE FROM guests.observation WHERE guest_id = ANY($1::uuid[]) OR preference_id IN (
       SELECT id FROM guests.preference WHERE guest_id = ANY($1::uuid[]))`,
    [ids],
  );
  // What was prepared from the preferences goes with them; the reservations keep their dates and amounts.
  await tx.query(
    `DELETE FROM guests.preparation_done WHERE reservation_id IN (
       SELECT id FROM guests.reservation WHERE guest_id = ANY($1::uuid[]))
       OR preference_id IN (SELECT id FROM guests.preference WHERE guest_id = ANY($1::uuid[]))`,
    [ids],
  );
  await tx.query('UPDATE guests.reservation SET notes = NULL, cancel_reason = NULL WHERE guest_id = ANY($1::uuid[])', [
    ids,
  ]);
  await tx.query('DELETE FROM guests.preference WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query('DELETE FROM guests.guest_phone WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query('DELETE FROM guests.guest_email WHERE guest_id = ANY($1::uuid[])', [ids]);
  // A merge's snapshot holds the contacts and fields it overwrote; the merge itself can no longer be undone.
  await tx.query(
    'DELETE FROM guests.guest_merge WHERE survivor_id = ANY($1::uuid[]) OR duplicate_id = ANY($1::uuid[])',
    [ids],
  );
  await tx.query('UPDATE guests.follow_up SET outcome = NULL WHERE guest_id = ANY($1::uuid[])', [ids]);
  await tx.query(
    `UPDATE guests.guest SET full_name = $2, latin_name = NULL, search_name = lower($2), gender = NULL,
            birth_date = NULL, anniversary_date = NULL, nationality = NULL, id_doc_type = NULL, id_doc_cipher = NULL,
            id_doc_index = NULL, id_doc_last4 = NULL, id_doc_length = NULL, address = NULL, employer = NULL,
            restrictions = '[]', tags = '{}', notes = NULL, erased_at = COALESCE(erased_at, $3), updated_at = $3
      WHERE id = ANY($1::uuid[])`,
    [ids, ERASED_NAME, at],
  );
  // The name dictionary keeps a spelling only while someone bears it.
  await tx.query(
    `DELETE FROM guests.guest_name n WHERE n.search_name = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM guests.guest g WHERE g.search_name = n.search_name)`,
    [names.map((n) => n.search_name)],
  );
  // Earlier exports of this person, and events written before names left them.
  await tx.query(
    `UPDATE guests.data_request_part p SET document = NULL FROM guests.data_request r
      WHERE r.id = p.request_id AND r.subject_ids && $1::uuid[] AND p.document IS NOT NULL`,
    [ids],
  );
  await tx.query(
    `UPDATE guests.outbox SET payload = payload #- '{data,fullName}' #- '{data,employer}'
      WHERE type = 'guest.registered' AND payload->'data'->>'guestId' = ANY($1::text[])
        AND (payload->'data' ? 'fullName' OR payload->'data' ? 'employer')`,
    [ids],
  );
}
