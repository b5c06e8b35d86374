import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Seed 003's relationship types on the client file: 基础型 BASIC, 友好型 FRIENDLY, 伙伴型 PARTNER (issue 23). */
export class RelationshipType1764523000005 implements MigrationInterface {
  name = 'RelationshipType1764523000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE accounts.account ADD COLUMN relationship_type text NULL
      CHECK (relationship_type IN ('BASIC','FRIENDLY','PARTNER'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE accounts.account DROP COLUMN relationship_type');
  }
}
