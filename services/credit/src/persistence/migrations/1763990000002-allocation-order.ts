import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Allocations made in one transaction share `allocated_at` (now() is the transaction's start), so they need
 * their own order to be shown in the order they were applied: oldest invoice first, or as the payer named.
 */
export class AllocationOrder1763990000002 implements MigrationInterface {
  name = 'AllocationOrder1763990000002';

  async up(q: QueryRunner) {
    await q.query('ALTER TABLE credit.allocation ADD COLUMN seq bigserial NOT NULL');
  }

  async down(q: QueryRunner) {
    await q.query('ALTER TABLE credit.allocation DROP COLUMN seq');
  }
}
