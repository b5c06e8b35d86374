import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the keyset order of the connections, so a page is an index range scan wherever it starts (a
 * guest's stays page along stay_guest_idx, which already has their order).
 */
export class ConnectionKeys1764300000000 implements MigrationInterface {
  name = 'ConnectionKeys1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX follow_up_page_idx ON guests.follow_up (status, due_date, created_at, id)');
    await q.query('CREATE INDEX id_document_reveal_page_idx ON guests.id_document_reveal (revealed_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX guest_greeting_page_idx ON guests.guest ((NOT vip), full_name, id) WHERE merged_into IS NULL',
    );
    await q.query(
      'CREATE INDEX id_document_reveal_guest_page_idx ON guests.id_document_reveal (guest_id, revealed_at DESC, id DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX guests.guest_greeting_page_idx');
    await q.query('DROP INDEX guests.id_document_reveal_guest_page_idx');
    await q.query('DROP INDEX guests.id_document_reveal_page_idx');
    await q.query('DROP INDEX guests.follow_up_page_idx');
  }
}
