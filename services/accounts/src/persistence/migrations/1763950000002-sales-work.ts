import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sales activities (客户拜访), contracts (合同) and targets (目标) from the sales office's rules (seed 004). */
export class SalesWork1763950000002 implements MigrationInterface {
  name = 'SalesWork1763950000002';

  async up(q: QueryRunner) {
    await q.query(`
      CREATE TABLE accounts.sales_activity (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        kind text NOT NULL CHECK (kind IN ('VISIT','CALL','EMAIL','MEETING','ENTERTAINMENT')),
        occurred_at timestamptz NOT NULL,
        staff_id text NOT NULL,
        contact_id uuid NULL REFERENCES accounts.account_contact (id),
        purpose text NULL,
        outcome text NULL,
        next_step text NULL,
        next_step_on date NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX sales_activity_account_idx ON accounts.sales_activity (account_id, occurred_at DESC, id)',
    );
    await q.query('CREATE INDEX sales_activity_staff_idx ON accounts.sales_activity (staff_id, occurred_at)');

    await q.query(`
      CREATE TABLE accounts.account_contract (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        reference text NOT NULL,
        terms text NULL,
        status text NOT NULL CHECK (status IN ('DRAFT','ACTIVE','EXPIRED','TERMINATED')),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        room_night_commitment integer NULL CHECK (room_night_commitment IS NULL OR room_night_commitment >= 0),
        terminated_reason text NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (valid_to >= valid_from)
      )`);
    await q.query('CREATE INDEX account_contract_account_idx ON accounts.account_contract (account_id)');
    await q.query('CREATE INDEX account_contract_status_end_idx ON accounts.account_contract (status, valid_to)');

    await q.query(`
      CREATE TABLE accounts.sales_target (
        id uuid PRIMARY KEY,
        owner_id text NULL,
        account_id uuid NULL REFERENCES accounts.account (id),
        period_kind text NOT NULL CHECK (period_kind IN ('ANNUAL','QUARTERLY','MONTHLY')),
        period_start date NOT NULL,
        period_end date NOT NULL,
        revenue_target numeric(14,2) NULL,
        room_night_target integer NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((owner_id IS NULL) <> (account_id IS NULL))
      )`);
    // One target per person (or account) and period: setting it again replaces it.
    await q.query(
      `CREATE UNIQUE INDEX sales_target_scope_period_idx ON accounts.sales_target
         (coalesce(owner_id, ''), coalesce(account_id, '00000000-0000-0000-0000-000000000000'::uuid), period_kind, period_start)`,
    );
    await q.query('CREATE INDEX sales_target_account_idx ON accounts.sales_target (account_id, period_start)');
    await q.query('CREATE INDEX sales_target_owner_idx ON accounts.sales_target (owner_id, period_start)');
  }

  async down(q: QueryRunner) {
    for (const t of ['sales_target', 'account_contract', 'sales_activity']) await q.query(`DROP TABLE accounts.${t}`);
  }
}
