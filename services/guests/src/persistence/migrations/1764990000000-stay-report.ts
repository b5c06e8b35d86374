import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting copy behind `staysForExport` (issue 17): what BI's export of stays needs from loyalty, service
 * recovery and accounts, kept here from their events, so a page of the export is one statement in this service
 * instead of a federated join over four subgraphs.
 *
 * The facts are kept as they arrive, each under its own key, so events in any order (a case opened before the
 * stay checks out, points before or after a case, a redelivery, a case moved to another stay) end in the same
 * copy: `stay_report_points` one row per loyalty ledger entry, `stay_report_case` one row per case. From them
 * `stay_report` holds one ready row per stay (points summed, cases as lists oldest first), recomputed whenever a
 * fact about the stay arrives. The account's grade and type are kept once per account (`account_report`) and
 * joined at read time: a re-grade is one row, not every stay of the account.
 */
export class StayReport1764990000000 implements MigrationInterface {
  name = 'StayReport1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.stay_report_points (
        entry_key text PRIMARY KEY,
        stay_id   uuid NOT NULL,
        points    integer NOT NULL
      )`);
    await q.query('CREATE INDEX stay_report_points_stay_idx ON guests.stay_report_points (stay_id)');
    await q.query(`
      CREATE TABLE guests.stay_report_case (
        case_id    uuid PRIMARY KEY,
        stay_id    uuid NOT NULL,
        category   text NOT NULL,
        severity   text NOT NULL,
        department text NOT NULL,
        opened_at  timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX stay_report_case_stay_idx ON guests.stay_report_case (stay_id, opened_at, case_id)');
    await q.query(`
      CREATE TABLE guests.stay_report (
        stay_id          uuid PRIMARY KEY,
        points_earned    integer NOT NULL DEFAULT 0,
        case_ids         text[] NOT NULL DEFAULT '{}',
        case_categories  text[] NOT NULL DEFAULT '{}',
        case_severities  text[] NOT NULL DEFAULT '{}',
        case_departments text[] NOT NULL DEFAULT '{}'
      )`);
    await q.query(`
      CREATE TABLE guests.account_report (
        account_id uuid PRIMARY KEY,
        grade      text,
        type       text,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.account_report');
    await q.query('DROP TABLE guests.stay_report');
    await q.query('DROP TABLE guests.stay_report_case');
    await q.query('DROP TABLE guests.stay_report_points');
  }
}
