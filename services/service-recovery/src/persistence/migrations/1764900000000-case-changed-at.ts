import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * BI's nightly pull of cases (issue 17): when a case last changed, kept by a trigger so no step of the workflow
 * (intake, acknowledgement, SLA breach marks, resolution, merges, erasure of the guest's words) can forget it;
 * indexed with the id for the keyset. And the guest's segment on this service's copy of a stay, from the
 * check-out event, so the complaint rate by segment is one statement here.
 */
export class CaseChangedAt1764900000000 implements MigrationInterface {
  name = 'CaseChangedAt1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE service_recovery.complaint_case ADD COLUMN changed_at timestamptz');
    await q.query(`
      UPDATE service_recovery.complaint_case
         SET changed_at = greatest(opened_at, acknowledged_at, resolved_at, closed_at, acknowledge_breached_at,
                                   resolve_breached_at, escalated_at, replied_at, followed_up_at)`);
    await q.query('ALTER TABLE service_recovery.complaint_case ALTER COLUMN changed_at SET DEFAULT clock_timestamp()');
    await q.query('ALTER TABLE service_recovery.complaint_case ALTER COLUMN changed_at SET NOT NULL');
    await q.query('CREATE INDEX case_changed_idx ON service_recovery.complaint_case (changed_at, id)');
    await q.query(`
      CREATE FUNCTION service_recovery.case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER case_changed BEFORE UPDATE ON service_recovery.complaint_case
      FOR EACH ROW EXECUTE FUNCTION service_recovery.case_changed()`);
    await q.query('ALTER TABLE service_recovery.stay ADD COLUMN segment text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE service_recovery.stay DROP COLUMN segment');
    await q.query('DROP TRIGGER case_changed ON service_recovery.complaint_case');
    await q.query('DROP FUNCTION service_recovery.case_changed()');
    await q.query('DROP INDEX service_recovery.case_changed_idx');
    await q.query('ALTER TABLE service_recovery.complaint_case DROP COLUMN changed_at');
  }
}
