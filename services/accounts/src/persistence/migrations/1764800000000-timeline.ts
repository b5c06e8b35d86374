import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One timeline per account: lines filed by every service, unique by the fact's key (so redeliveries, replays
 * and the backfill file a line once), paged newest first along timeline_entry_page_idx.
 */
export class Timeline1764800000000 implements MigrationInterface {
  name = 'Timeline1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE accounts.timeline_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      account_id uuid NOT NULL,
      key text NOT NULL UNIQUE,
      kind text NOT NULL,
      service text NOT NULL,
      at timestamptz NOT NULL,
      summary text NOT NULL,
      filed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX timeline_entry_page_idx ON accounts.timeline_entry (account_id, at DESC, id DESC)');
    await q.query(`CREATE TABLE accounts.timeline_backfill (
      source text PRIMARY KEY,
      after text,
      loaded integer NOT NULL DEFAULT 0,
      completed_at timestamptz)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE accounts.timeline_backfill');
    await q.query('DROP TABLE accounts.timeline_entry');
  }
}
