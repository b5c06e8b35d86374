import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The identifier search audit read by managers a page at a time: newest first, for everyone or one member of staff. */
export class IdentifierSearchAudit1764850000000 implements MigrationInterface {
  name = 'IdentifierSearchAudit1764850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX identifier_search_page_idx ON guests.identifier_search (searched_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX identifier_search_staff_page_idx ON guests.identifier_search (searched_by, searched_at DESC, id DESC)',
    );
    await q.query('DROP INDEX guests.identifier_search_staff_idx');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX identifier_search_staff_idx ON guests.identifier_search (searched_by, searched_at)');
    await q.query('DROP INDEX guests.identifier_search_staff_page_idx');
    await q.query('DROP INDEX guests.identifier_search_page_idx');
  }
}
