import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit file's lists page by keyset, newest first, per account: one index per list serves both the order
 * and the bound of the next page (the earlier (account_id, date) indexes had no unique tiebreak).
 */
export class CreditListKeysetIndexes1763990000004 implements MigrationInterface {
  name = 'CreditListKeysetIndexes1763990000004';

  async up(q: QueryRunner) {
    await q.query(
      'CREATE INDEX payment_account_keyset_idx ON credit.payment (account_id, received_on DESC, recorded_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX credit_note_account_keyset_idx ON credit.credit_note (account_id, issued_on DESC, created_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX payment_promise_account_keyset_idx ON credit.payment_promise (account_id, created_at DESC, id DESC)',
    );
    await q.query(
      'CREATE INDEX collection_action_account_keyset_idx ON credit.collection_action (account_id, acted_on DESC, created_at DESC, id DESC)',
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX credit.collection_action_account_keyset_idx');
    await q.query('DROP INDEX credit.payment_promise_account_keyset_idx');
    await q.query('DROP INDEX credit.credit_note_account_keyset_idx');
    await q.query('DROP INDEX credit.payment_account_keyset_idx');
  }
}
