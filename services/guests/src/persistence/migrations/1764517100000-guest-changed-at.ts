import { changedAtSql } from '@guest-graph/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kit's statements are the text this migration ran when it was released (the kit's test holds them to it).
const guest = changedAtSql({ schema: 'guests', table: 'guest', name: 'guest', since: 'updated_at' });

/**
 * When anything BI copies of a guest last changed (issue 17: a nightly pull asks only for what changed): the
 * profile row itself, a consent answer (the ledger, `guests.consent`), or the value tier or lifecycle stage. Kept by triggers, so
 * every path that writes those tables (profile edits, merges, the consent ledger, the nightly value refresh)
 * moves it without each remembering to. The value refresh touches only guests whose tier or stage moved.
 */
export class GuestChangedAt1764517100000 implements MigrationInterface {
  name = 'GuestChangedAt1764517100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of guest.up) await q.query(sql);
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
    for (const sql of guest.down) await q.query(sql);
  }
}
