import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The client file (单位客户档案), guest links, contacts, negotiated rates and the production ledger. */
export class AccountsCore1763950000001 implements MigrationInterface {
  name = 'AccountsCore1763950000001';

  async up(q: QueryRunner) {
    await q.query(`
      CREATE TABLE accounts.account (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('CORPORATE','TRAVEL_AGENCY','EVENT_PLANNER','GOVERNMENT','OTA','OTHER')),
        grade text NULL CHECK (grade IN ('A','B','C','POTENTIAL')),
        status text NOT NULL CHECK (status IN ('PROSPECT','ACTIVE','DORMANT')),
        industry text NULL,
        address text NULL,
        nature_of_business text NULL,
        person_in_charge text NULL,
        main_needs text NULL,
        payment_method text NULL,
        contact_name text NULL,
        contact_phone text NULL,
        negotiated_rate numeric(14,2) NULL,
        discount_percent numeric(5,2) NULL,
        owner_id text NULL,
        parent_id uuid NULL REFERENCES accounts.account (id),
        last_contact_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    // Keyset pagination orders by (name, id); filters by owner, grade, type, status, industry; the tree by parent.
    await q.query('CREATE INDEX account_name_idx ON accounts.account (name, id)');
    await q.query('CREATE INDEX account_owner_idx ON accounts.account (owner_id, grade)');
    await q.query('CREATE INDEX account_grade_idx ON accounts.account (grade)');
    await q.query('CREATE INDEX account_type_idx ON accounts.account (type)');
    await q.query('CREATE INDEX account_status_idx ON accounts.account (status)');
    await q.query('CREATE INDEX account_industry_idx ON accounts.account (industry)');
    await q.query('CREATE INDEX account_parent_idx ON accounts.account (parent_id)');
    await q.query('CREATE INDEX account_last_contact_idx ON accounts.account (last_contact_at, id)');

    // A guest travels for at most one account at a time.
    await q.query(`
      CREATE TABLE accounts.guest_link (
        guest_id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        linked_at timestamptz NOT NULL,
        linked_by text NOT NULL
      )`);
    await q.query('CREATE INDEX guest_link_account_idx ON accounts.guest_link (account_id, linked_at DESC)');

    // What a guest merge changed here, so an unmerge can put it back.
    await q.query(`
      CREATE TABLE accounts.guest_merge (
        merge_id uuid PRIMARY KEY,
        survivor_id uuid NOT NULL,
        duplicate_id uuid NOT NULL,
        duplicate_account_id uuid NULL,
        duplicate_linked_at timestamptz NULL,
        survivor_link_added boolean NOT NULL,
        merged_at timestamptz NOT NULL,
        unmerged_at timestamptz NULL
      )`);

    // One row per checked-out stay: the primary key is the second guard (after the inbox) against counting twice.
    await q.query(`
      CREATE TABLE accounts.stay_production (
        stay_id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        guest_id uuid NOT NULL,
        attributed_by text NOT NULL CHECK (attributed_by IN ('CHECK_IN','GUEST_LINK')),
        production_date date NOT NULL,
        nights integer NOT NULL CHECK (nights > 0),
        revenue numeric(14,2) NOT NULL,
        checked_out_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX stay_production_account_date_idx ON accounts.stay_production (account_id, production_date) INCLUDE (nights, revenue)',
    );
    await q.query('CREATE INDEX stay_production_guest_idx ON accounts.stay_production (guest_id)');

    await q.query(`
      CREATE TABLE accounts.account_contact (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        name text NOT NULL,
        title text NULL,
        phone text NULL,
        email text NULL,
        decision_maker boolean NOT NULL DEFAULT false,
        birthday date NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX account_contact_account_idx ON accounts.account_contact (account_id)');

    await q.query(`
      CREATE TABLE accounts.account_rate (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        contract_id uuid NULL,
        room_type text NULL,
        rate numeric(14,2) NULL,
        discount_percent numeric(5,2) NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        created_at timestamptz NOT NULL,
        CHECK (rate IS NOT NULL OR discount_percent IS NOT NULL),
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query('CREATE INDEX account_rate_account_idx ON accounts.account_rate (account_id, valid_from)');
    await q.query('CREATE INDEX account_rate_contract_idx ON accounts.account_rate (contract_id)');
  }

  async down(q: QueryRunner) {
    for (const t of ['account_rate', 'account_contact', 'stay_production', 'guest_merge', 'guest_link', 'account'])
      await q.query(`DROP TABLE accounts.${t}`);
  }
}
