import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contract review before signing (seed 004, issue 23): three more statuses and who submitted and reviewed a
 * contract, when, with the reviewer's note. The status check is replaced (expand: every old value stays valid).
 */
export class ContractReview1764523000001 implements MigrationInterface {
  name = 'ContractReview1764523000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts.account_contract DROP CONSTRAINT IF EXISTS account_contract_status_check');
    await q.query(`ALTER TABLE accounts.account_contract
      ADD CONSTRAINT account_contract_status_check
        CHECK (status IN ('DRAFT','IN_REVIEW','APPROVED','REJECTED','ACTIVE','EXPIRED','TERMINATED')),
      ADD COLUMN submitted_by text NULL,
      ADD COLUMN submitted_at timestamptz NULL,
      ADD COLUMN reviewed_by text NULL,
      ADD COLUMN reviewed_at timestamptz NULL,
      ADD COLUMN review_note text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts.account_contract DROP CONSTRAINT account_contract_status_check,
      DROP COLUMN submitted_by, DROP COLUMN submitted_at, DROP COLUMN reviewed_by, DROP COLUMN reviewed_at,
      DROP COLUMN review_note`);
    await q.query(`ALTER TABLE accounts.account_contract ADD CONSTRAINT account_contract_status_check
      CHECK (status IN ('DRAFT','ACTIVE','EXPIRED','TERMINATED'))`);
  }
}
