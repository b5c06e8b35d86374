import type { EntityManager } from 'typeorm';

/** What service-recovery keeps about a guest: complaint cases with their steps and compensation, and surveys. */
export async function guestRecords(tx: EntityManager, ids: string[]): Promise<Record<string, unknown>> {
  return {
    cases: await tx.query(
      `SELECT c.*,
              COALESCE((SELECT jsonb_agg(to_jsonb(t) ORDER BY t.id) FROM service_recovery.case_timeline t
                         WHERE t.case_id = c.id), '[]') AS timeline,
              COALESCE((SELECT jsonb_agg(to_jsonb(m)) FROM service_recovery.compensation m
                         WHERE m.case_id = c.id), '[]') AS compensation
         FROM service_recovery.complaint_case c WHERE c.guest_id = ANY($1::uuid[]) ORDER BY c.opened_at`,
      [ids],
    ),
    surveys: await tx.query('SELECT * FROM service_recovery.survey WHERE guest_id = ANY($1::uuid[])', [ids]),
    stays: await tx.query('SELECT * FROM service_recovery.stay WHERE guest_id = ANY($1::uuid[])', [ids]),
    tier: await tx.query('SELECT * FROM service_recovery.guest_tier WHERE guest_id = ANY($1::uuid[])', [ids]),
  };
}

/** What stands where a guest's own words were (a case needs a description). */
export const ERASED_TEXT = '[erased]';

/**
 * The guest's words and what staff wrote about them go: descriptions, replies, resolutions, notes, survey
 * comments. Categories, severities, departments, dates, scores and compensation amounts stay, for the
 * statistics and the accounts (PIPL Art. 47: kept as long as the law or the contract needs, without the person).
 */
export async function eraseGuestRecords(tx: EntityManager, ids: string[]): Promise<void> {
  await tx.query(
    `UPDATE service_recovery.case_timeline SET note = NULL
      WHERE note IS NOT NULL AND case_id IN (SELECT id FROM service_recovery.complaint_case WHERE guest_id = ANY($1::uuid[]))`,
    [ids],
  );
  await tx.query(
    `UPDATE service_recovery.compensation SET note = NULL
      WHERE note IS NOT NULL AND case_id IN (SELECT id FROM service_recovery.complaint_case WHERE guest_id = ANY($1::uuid[]))`,
    [ids],
  );
  await tx.query(
    `UPDATE service_recovery.complaint_case SET description = $2, root_cause_detail = NULL, resolution = NULL,
            reply_text = NULL
      WHERE guest_id = ANY($1::uuid[])`,
    [ids, ERASED_TEXT],
  );
  await tx.query('UPDATE service_recovery.survey SET comment = NULL WHERE guest_id = ANY($1::uuid[])', [ids]);
}
