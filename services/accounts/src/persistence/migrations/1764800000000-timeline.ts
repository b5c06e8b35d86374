import { timelineTablesSql } from '@guest-graph/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

// The kit's statements are the text this migration ran when it was released (the kit's test holds them to it).
const tables = timelineTablesSql({ schema: 'accounts', subjectColumn: 'account_id' });

/**
 * One timeline per account: lines filed by every service, unique by the fact's key (so redeliveries, replays
 * and the backfill file a line once), paged newest first along timeline_entry_page_idx.
 */
export class Timeline1764800000000 implements MigrationInterface {
  name = 'Timeline1764800000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of tables.up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of tables.down) await q.query(sql);
  }
}
