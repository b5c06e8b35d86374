import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reporting pages checked-out stays by departure date (issue 17): a page is an index range scan on
 * (departure_date, id) wherever it starts, and counting a range reads the index alone.
 */
export class StaysCheckedOutOrder1764517000000 implements MigrationInterface {
  name = 'StaysCheckedOutOrder1764517000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX stay_checked_out_departure_idx ON guests.stay (departure_date, id) WHERE status = 'CHECKED_OUT'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX guests.stay_checked_out_departure_idx');
  }
}
