import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The programme as data: earning rates, promotions, the rewards catalogue, redemptions and merges. */
export class EarningRulesAndRewards1764000000002 implements MigrationInterface {
  name = 'EarningRulesAndRewards1764000000002';

  async up(q: QueryRunner) {
    await q.query(`
      CREATE TABLE loyalty.earning_rate (
        outlet          varchar(32) PRIMARY KEY,
        points_per_unit numeric(8,2) NOT NULL CHECK (points_per_unit >= 0),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        updated_by      varchar(200) NOT NULL
      )`);
    // The contract's default: one point per yuan of room and of food and beverage.
    await q.query(`
      INSERT INTO loyalty.earning_rate (outlet, points_per_unit, updated_by)
      VALUES ('ROOM', 1.00, 'migration'), ('FOOD_AND_BEVERAGE', 1.00, 'migration')`);

    await q.query(`
      CREATE TABLE loyalty.promotion (
        id         uuid PRIMARY KEY,
        name       varchar(200) NOT NULL,
        starts_on  date NOT NULL,
        ends_on    date NOT NULL,
        multiplier numeric(5,2) NOT NULL CHECK (multiplier > 1),
        weekdays   smallint[],
        created_at timestamptz NOT NULL,
        created_by varchar(200) NOT NULL,
        CHECK (ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX promotion_dates_idx ON loyalty.promotion (starts_on, ends_on)`);

    await q.query(`
      CREATE TABLE loyalty.reward (
        code         varchar(64) PRIMARY KEY,
        name         varchar(200) NOT NULL,
        kind         varchar(32) NOT NULL CHECK (kind IN ('FREE_NIGHT', 'UPGRADE', 'FOOD_AND_BEVERAGE_VOUCHER', 'GIFT')),
        room_type    varchar(64),
        points_price integer NOT NULL CHECK (points_price > 0),
        active       boolean NOT NULL DEFAULT true
      )`);
    await q.query(`CREATE INDEX reward_active_idx ON loyalty.reward (active, points_price)`);
    await q.query(`
      INSERT INTO loyalty.reward (code, name, kind, room_type, points_price) VALUES
        ('FREE_NIGHT_SUPERIOR', 'Free night, superior room', 'FREE_NIGHT', 'SUPERIOR', 8000),
        ('FREE_NIGHT_DELUXE', 'Free night, deluxe room', 'FREE_NIGHT', 'DELUXE', 12000),
        ('FREE_NIGHT_SUITE', 'Free night, executive suite', 'FREE_NIGHT', 'SUITE', 25000),
        ('UPGRADE_ONE_CATEGORY', 'Upgrade by one room category', 'UPGRADE', NULL, 3000),
        ('FNB_VOUCHER_200', 'Restaurant voucher, 200 yuan', 'FOOD_AND_BEVERAGE_VOUCHER', NULL, 2000),
        ('GIFT_TEA_SET', 'Tea set gift', 'GIFT', NULL, 1500)`);

    await q.query(`
      CREATE TABLE loyalty.redemption (
        id            uuid PRIMARY KEY,
        request_id    varchar(200) NOT NULL UNIQUE,
        membership_id uuid NOT NULL REFERENCES loyalty.membership (id),
        reward_code   varchar(64) NOT NULL REFERENCES loyalty.reward (code),
        quantity      integer NOT NULL CHECK (quantity > 0),
        points        integer NOT NULL CHECK (points > 0),
        status        varchar(16) NOT NULL CHECK (status IN ('CONFIRMED', 'CANCELLED')),
        created_at    timestamptz NOT NULL,
        created_by    varchar(200) NOT NULL,
        cancelled_at  timestamptz,
        cancelled_by  varchar(200),
        cancel_reason text
      )`);
    await q.query(`CREATE INDEX redemption_membership_idx ON loyalty.redemption (membership_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE loyalty.membership_merge (
        merge_id                uuid PRIMARY KEY,
        kind                    varchar(16) NOT NULL CHECK (kind IN ('REPOINTED', 'FOLDED')),
        survivor_guest_id       uuid NOT NULL,
        duplicate_guest_id      uuid NOT NULL,
        survivor_membership_id  uuid REFERENCES loyalty.membership (id),
        duplicate_membership_id uuid NOT NULL REFERENCES loyalty.membership (id),
        points_moved            bigint NOT NULL DEFAULT 0,
        survivor_tier_before    varchar(16),
        duplicate_tier_before   varchar(16) NOT NULL,
        merged_at               timestamptz NOT NULL,
        unmerged_at             timestamptz
      )`);
    await q.query(`CREATE INDEX membership_merge_duplicate_idx ON loyalty.membership_merge (duplicate_membership_id)`);
  }

  async down(q: QueryRunner) {
    await q.query(`DROP TABLE loyalty.membership_merge`);
    await q.query(`DROP TABLE loyalty.redemption`);
    await q.query(`DROP TABLE loyalty.reward`);
    await q.query(`DROP TABLE loyalty.promotion`);
    await q.query(`DROP TABLE loyalty.earning_rate`);
  }
}
