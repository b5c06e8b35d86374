import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Value and lifecycle per guest, refreshed at check-out and daily, so marketing lists filter on an index. */
export class GuestValue1763960000000 implements MigrationInterface {
  name = 'GuestValue1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.guest_value (
        guest_id uuid PRIMARY KEY REFERENCES guests.guest (id),
        computed_on date NOT NULL,
        recency_days integer,
        frequency integer NOT NULL,
        monetary numeric(14,2) NOT NULL,
        recency_score smallint,
        frequency_score smallint,
        monetary_score smallint,
        value_tier text CHECK (value_tier IN ('MOST_VALUABLE', 'MAJOR', 'ORDINARY', 'SMALL')),
        consumption_level text CHECK (consumption_level IN ('HIGH', 'MIDDLE', 'LOW')),
        lifecycle_stage text NOT NULL
          CHECK (lifecycle_stage IN ('PROSPECT', 'FIRST_TIME', 'REPEAT', 'LOYAL', 'AT_RISK', 'LAPSED'))
      )`);
    await q.query('CREATE INDEX guest_value_tier_idx ON guests.guest_value (value_tier, guest_id)');
    await q.query('CREATE INDEX guest_value_lifecycle_idx ON guests.guest_value (lifecycle_stage, guest_id)');
    await q.query('CREATE INDEX guest_value_consumption_idx ON guests.guest_value (consumption_level, guest_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS guests.guest_value');
  }
}
