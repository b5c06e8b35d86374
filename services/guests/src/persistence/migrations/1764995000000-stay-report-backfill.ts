import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the stay report's backfill got, per service asked (loyalty's points, service recovery's cases,
 * accounts' grades and types): the cursor after the last page filed and, once a service's history is all in,
 * when it finished (the marker: a finished source is not asked again). Each page's facts and this row commit
 * together, so a backfill stopped mid-way picks up after the last page it filed.
 */
export class StayReportBackfill1764995000000 implements MigrationInterface {
  name = 'StayReportBackfill1764995000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.stay_report_backfill (
        source       text PRIMARY KEY,
        after        text,
        loaded       integer NOT NULL DEFAULT 0,
        completed_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.stay_report_backfill');
  }
}
