import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a direct-billed stay's bill was settled (issue 23): the part billed to the account and the rest paid at
 * the desk. Nullable: stays before this, and stays not direct-billed, have none.
 */
export class StaySettlement1764523000000 implements MigrationInterface {
  name = 'StaySettlement1764523000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE guests.stay
      ADD COLUMN direct_billed numeric(14,2),
      ADD COLUMN rest_paid_by text,
      ADD COLUMN rest_paid numeric(14,2)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.stay DROP COLUMN direct_billed, DROP COLUMN rest_paid_by, DROP COLUMN rest_paid');
  }
}
