import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When anything BI copies of a guest last changed (issue 17: a nightly pull asks only for what changed): the
 * profile row itself, a consent answer (the ledger, `guests.consent`), or the value tier or lifecycle stage. Kept by triggers, so
 * every path that writes those tables (profile edits, merges, the consent ledger, the nightly value refresh)
 * moves it without each remembering to. The value refresh touches only guests whose tier or stage moved.
 */
export class GuestChangedAt1764517100000 implements MigrationInterface {
  name = 'GuestChangedAt1764517100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.guest ADD COLUMN changed_at timestamptz');
    await q.query('UPDATE guests.guest SET changed_at = updated_at');
    await q.query('ALTER TABLE guests.guest ALTER COLUMN changed_at SET DEFAULT clock_timestamp()');
    await q.query('ALTER TABLE guests.guest ALTER COLUMN changed_at SET NOT NULL');
    await q.query('CREATE INDEX guest_changed_idx ON guests.guest (changed_at, id)');
    await q.query(`
      CREATE FUNCTION guests.guest_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER guest_changed BEFORE UPDATE ON guests.guest
      FOR EACH ROW EXECUTE FUNCTION guests.guest_changed()`);
    await q.query(`
      CREATE FUNCTION guests.guest_consent_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE guests.guest g SET changed_at = clock_timestamp()
          FROM (SELECT DISTINCT guest_id FROM answered) a WHERE g.id = a.guest_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER consent_changed AFTER INSERT ON guests.consent
      REFERENCING NEW TABLE AS answered FOR EACH STATEMENT EXECUTE FUNCTION guests.guest_consent_changed()`);
    await q.query(`
      CREATE FUNCTION guests.guest_value_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE guests.guest g SET changed_at = clock_timestamp() FROM fresh f WHERE g.id = f.guest_id;
        ELSE
          UPDATE guests.guest g SET changed_at = clock_timestamp()
            FROM fresh f JOIN stale s ON s.guest_id = f.guest_id
           WHERE g.id = f.guest_id
             AND (f.value_tier, f.lifecycle_stage) IS DISTINCT FROM (s.value_tier, s.lifecycle_stage);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER guest_value_inserted AFTER INSERT ON guests.guest_value
      REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION guests.guest_value_changed()`);
    await q.query(`
      CREATE TRIGGER guest_value_updated AFTER UPDATE ON guests.guest_value
      REFERENCING OLD TABLE AS stale NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION guests.guest_value_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER guest_value_updated ON guests.guest_value');
    await q.query('DROP TRIGGER guest_value_inserted ON guests.guest_value');
    await q.query('DROP FUNCTION guests.guest_value_changed()');
    await q.query('DROP TRIGGER consent_changed ON guests.consent');
    await q.query('DROP FUNCTION guests.guest_consent_changed()');
    await q.query('DROP TRIGGER guest_changed ON guests.guest');
    await q.query('DROP FUNCTION guests.guest_changed()');
    await q.query('DROP INDEX guests.guest_changed_idx');
    await q.query('ALTER TABLE guests.guest DROP COLUMN changed_at');
  }
}
