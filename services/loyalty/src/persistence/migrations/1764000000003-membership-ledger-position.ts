import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest ledger entry a membership's balance includes. Read with the balance in one statement, it lets the
 * entries be read up to exactly that point, so a balance and its history never disagree on screen.
 */
export class MembershipLedgerPosition1764000000003 implements MigrationInterface {
  name = 'MembershipLedgerPosition1764000000003';

  async up(q: QueryRunner) {
    await q.query(`ALTER TABLE loyalty.membership ADD COLUMN last_entry_seq bigint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE loyalty.membership m SET last_entry_seq = e.seq
        FROM (SELECT membership_id, max(seq) AS seq FROM loyalty.ledger_entry GROUP BY membership_id) e
       WHERE e.membership_id = m.id`);
  }

  async down(q: QueryRunner) {
    await q.query(`ALTER TABLE loyalty.membership DROP COLUMN last_entry_seq`);
  }
}
