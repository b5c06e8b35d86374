import { changedAtSql } from '@guest-graph/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kit's statements are the text this migration ran when it was released (the kit's test holds them to it).
const account = changedAtSql({ schema: 'accounts', table: 'account', name: 'account', since: 'updated_at' });

/**
 * When anything BI copies of an account last changed (issue 17: a nightly pull asks only for what changed): the
 * account row itself, or its production (a stay counted, re-attributed or taken back). Kept by triggers, so no
 * write path (edits, grading, dormancy, check-out production, guest merges) can forget to move it.
 */
export class AccountChangedAt1764900000000 implements MigrationInterface {
  name = 'AccountChangedAt1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of account.up) await q.query(sql);
    // Statement-level with transition tables: a batch of check-outs touches each account once.
    await q.query(`
      CREATE FUNCTION accounts.account_production_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE accounts.account a SET changed_at = clock_timestamp()
            WHERE a.id IN (SELECT account_id FROM fresh);
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE accounts.account a SET changed_at = clock_timestamp()
            WHERE a.id IN (SELECT account_id FROM stale);
        ELSE
          UPDATE accounts.account a SET changed_at = clock_timestamp()
            WHERE a.id IN (SELECT account_id FROM fresh UNION SELECT account_id FROM stale);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER production_inserted AFTER INSERT ON accounts.stay_production
      REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION accounts.account_production_changed()`);
    await q.query(`
      CREATE TRIGGER production_updated AFTER UPDATE ON accounts.stay_production
      REFERENCING OLD TABLE AS stale NEW TABLE AS fresh
      FOR EACH STATEMENT EXECUTE FUNCTION accounts.account_production_changed()`);
    await q.query(`
      CREATE TRIGGER production_deleted AFTER DELETE ON accounts.stay_production
      REFERENCING OLD TABLE AS stale FOR EACH STATEMENT EXECUTE FUNCTION accounts.account_production_changed()`);
    // Production by grade by month reads every stay of a range; the index holds what it sums.
    await q.query(
      'CREATE INDEX stay_production_date_idx ON accounts.stay_production (production_date) INCLUDE (account_id, nights, revenue)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX accounts.stay_production_date_idx');
    await q.query('DROP TRIGGER production_deleted ON accounts.stay_production');
    await q.query('DROP TRIGGER production_updated ON accounts.stay_production');
    await q.query('DROP TRIGGER production_inserted ON accounts.stay_production');
    await q.query('DROP FUNCTION accounts.account_production_changed()');
    for (const sql of account.down) await q.query(sql);
  }
}
