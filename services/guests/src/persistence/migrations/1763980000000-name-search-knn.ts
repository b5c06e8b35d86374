import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name search ranks by trigram distance straight from a GiST index (nearest first, stop at the page), which
 * stays fast when a common name matches thousands of profiles; the GIN index it replaces had to score all
 * of them. GiST serves the similarity operators that duplicate detection uses too.
 */
export class NameSearchKnn1763980000000 implements MigrationInterface {
  name = 'NameSearchKnn1763980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX guest_search_name_gist ON guests.guest USING gist (search_name gist_trgm_ops)');
    await q.query('DROP INDEX guests.guest_search_name_trgm');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX guest_search_name_trgm ON guests.guest USING gin (search_name gin_trgm_ops)');
    await q.query('DROP INDEX guests.guest_search_name_gist');
  }
}
