import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How an account was won (seed 004, 客户开发渠道), and birthdays of contacts for care (生日关怀). */
export class ChannelsAndCare1763950000003 implements MigrationInterface {
  name = 'ChannelsAndCare1763950000003';

  async up(q: QueryRunner) {
    // Expand only: nullable, nothing to backfill (the channel of an existing account is simply unknown).
    await q.query(`
      ALTER TABLE accounts.account ADD COLUMN acquisition_channel text NULL
        CHECK (acquisition_channel IN ('TELEPHONE','VISIT','ONLINE','PARTNER_REFERRAL','EXHIBITION','WALK_IN','OTHER'))`);
    await q.query('CREATE INDEX account_channel_idx ON accounts.account (acquisition_channel)');
    await q.query(
      'CREATE INDEX account_contact_birthday_idx ON accounts.account_contact (account_id) WHERE birthday IS NOT NULL',
    );
  }

  async down(q: QueryRunner) {
    await q.query('DROP INDEX accounts.account_contact_birthday_idx');
    await q.query('ALTER TABLE accounts.account DROP COLUMN acquisition_channel');
  }
}
