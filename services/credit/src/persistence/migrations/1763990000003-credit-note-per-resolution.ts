import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case can be reopened and resolved again with a further credit: credit notes are unique per resolution
 * (`case.resolved`'s resolutionId), not per case. Expand (new key, backfilled from the case) then contract
 * (drop the per-case constraint).
 */
export class CreditNotePerResolution1763990000003 implements MigrationInterface {
  name = 'CreditNotePerResolution1763990000003';
  async up(q: QueryRunner) {
    await q.query('ALTER TABLE credit.credit_note ADD COLUMN cause_key text');
    await q.query('UPDATE credit.credit_note SET cause_key = case_id::text WHERE case_id IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX credit_note_cause_key_idx ON credit.credit_note (cause_key)');
    await q.query('ALTER TABLE credit.credit_note DROP CONSTRAINT credit_note_case_id_key');
    await q.query('CREATE INDEX credit_note_case_idx ON credit.credit_note (case_id)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP INDEX credit.credit_note_case_idx');
    await q.query('ALTER TABLE credit.credit_note ADD CONSTRAINT credit_note_case_id_key UNIQUE (case_id)');
    await q.query('DROP INDEX credit.credit_note_cause_key_idx');
    await q.query('ALTER TABLE credit.credit_note DROP COLUMN cause_key');
  }
}
