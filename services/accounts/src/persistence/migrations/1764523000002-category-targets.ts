import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Targets per client category (seed 004, issue 23): besides a person's and an account's, a target for every
 * account of a grade or of a type. Exactly one scope per target; one target per scope and period.
 */
export class CategoryTargets1764523000002 implements MigrationInterface {
  name = 'CategoryTargets1764523000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts.sales_target
      ADD COLUMN client_grade text NULL CHECK (client_grade IN ('A','B','C','POTENTIAL')),
      ADD COLUMN client_type text NULL
        CHECK (client_type IN ('CORPORATE','TRAVEL_AGENCY','EVENT_PLANNER','GOVERNMENT','OTA','OTHER')),
      DROP CONSTRAINT IF EXISTS sales_target_check`);
    await q.query(`ALTER TABLE accounts.sales_target ADD CONSTRAINT sales_target_one_scope
      CHECK (num_nonnulls(owner_id, account_id, client_grade, client_type) = 1)`);
    await q.query('DROP INDEX accounts.sales_target_scope_period_idx');
    await q.query(
      `CREATE UNIQUE INDEX sales_target_scope_period_idx ON accounts.sales_target
         (coalesce(owner_id, ''), coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid),
          coalesce(client_grade, ''), coalesce(client_type, ''), period_kind, period_start)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM accounts.sales_target WHERE client_grade IS NOT NULL OR client_type IS NOT NULL');
    await q.query('DROP INDEX accounts.sales_target_scope_period_idx');
    await q.query(
      `CREATE UNIQUE INDEX sales_target_scope_period_idx ON accounts.sales_target
         (coalesce(owner_id, ''), coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid), period_kind, period_start)`,
    );
    await q.query(`ALTER TABLE accounts.sales_target DROP CONSTRAINT sales_target_one_scope,
      DROP COLUMN client_grade, DROP COLUMN client_type,
      ADD CONSTRAINT sales_target_check CHECK ((owner_id IS NULL) <> (account_id IS NULL))`);
  }
}
