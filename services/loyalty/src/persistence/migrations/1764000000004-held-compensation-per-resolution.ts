import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case can be reopened and resolved again with further points (`case.resolved`'s resolutionId): compensation
 * held for a guest who is not a member yet is one row per resolution, keyed like the ledger entry it becomes.
 * Expand (the entry's key, backfilled in the per-case form older rows were booked under, so they still dedupe)
 * then contract (the case is no longer the key).
 */
export class HeldCompensationPerResolution1764000000004 implements MigrationInterface {
  name = 'HeldCompensationPerResolution1764000000004';

  async up(q: QueryRunner) {
    await q.query(`ALTER TABLE loyalty.held_compensation ADD COLUMN resolution_id uuid`);
    await q.query(`ALTER TABLE loyalty.held_compensation ADD COLUMN idempotency_key varchar(300)`);
    await q.query(`UPDATE loyalty.held_compensation SET idempotency_key = 'case:' || case_id::text || ':COMPENSATION'`);
    await q.query(`ALTER TABLE loyalty.held_compensation ALTER COLUMN idempotency_key SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX held_compensation_key_uq ON loyalty.held_compensation (idempotency_key)`);
    await q.query(`ALTER TABLE loyalty.held_compensation DROP CONSTRAINT held_compensation_pkey`);
    await q.query(
      `ALTER TABLE loyalty.held_compensation ADD CONSTRAINT held_compensation_pkey PRIMARY KEY USING INDEX held_compensation_key_uq`,
    );
    await q.query(`CREATE INDEX held_compensation_case_idx ON loyalty.held_compensation (case_id)`);
  }

  // Fails, rather than dropping held points, while a case holds more than one resolution.
  async down(q: QueryRunner) {
    await q.query(`DROP INDEX loyalty.held_compensation_case_idx`);
    await q.query(`ALTER TABLE loyalty.held_compensation DROP CONSTRAINT held_compensation_pkey`);
    await q.query(`ALTER TABLE loyalty.held_compensation ADD CONSTRAINT held_compensation_pkey PRIMARY KEY (case_id)`);
    await q.query(`ALTER TABLE loyalty.held_compensation DROP COLUMN idempotency_key`);
    await q.query(`ALTER TABLE loyalty.held_compensation DROP COLUMN resolution_id`);
  }
}
