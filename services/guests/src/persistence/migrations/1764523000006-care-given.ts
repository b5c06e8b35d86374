import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care that is done, not only listed (seed 000 §3.1(4), issue 23): what was given or sent for an occasion, by
 * whom, how. One record per guest, occasion and date: the same birthday is not marked twice.
 */
export class CareGiven1764523000006 implements MigrationInterface {
  name = 'CareGiven1764523000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.care_given (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        occasion text NOT NULL,
        occasion_date date NOT NULL,
        channel text NOT NULL CHECK (channel IN ('IN_PERSON','EMAIL','SMS','PHONE','POST')),
        given text NOT NULL,
        given_by text NOT NULL,
        given_at timestamptz NOT NULL,
        UNIQUE (guest_id, occasion, occasion_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.care_given');
  }
}
