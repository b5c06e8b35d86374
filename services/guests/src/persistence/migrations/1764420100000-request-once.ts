import { requestOnceTableSql } from '@guest-graph/db';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first result of each retried mutation by (caller, operation, requestId): its primary key decides races. */
export class RequestOnce1764420100000 implements MigrationInterface {
  name = 'RequestOnce1764420100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(requestOnceTableSql('guests'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.request_once');
  }
}
