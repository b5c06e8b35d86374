import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every search by a phone, an email or a document number, by whom and when (never the text searched): the
 * audit of document searches and the count a caller's quota is read from.
 */
export class IdentifierSearch1764420000000 implements MigrationInterface {
  name = 'IdentifierSearch1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE guests.identifier_search (
      id uuid PRIMARY KEY,
      searched_by text NOT NULL,
      searched_by_name text NOT NULL,
      roles text[] NOT NULL,
      kinds text[] NOT NULL,
      found_guest_ids uuid[] NOT NULL,
      request_id text,
      searched_at timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX identifier_search_staff_idx ON guests.identifier_search (searched_by, searched_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.identifier_search');
  }
}
