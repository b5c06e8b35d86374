import type { MigrationInterface, QueryRunner } from 'typeorm';

const TIER = `('MEMBER', 'SILVER', 'GOLD', 'PLATINUM')`;
const ENTRY_TYPE = `('EARN', 'BONUS', 'COMPENSATION', 'REDEEM', 'ADJUST', 'EXPIRE', 'REVERSAL')`;

/** Memberships, the append-only points ledger, and the stays that count towards a tier. */
export class MembershipsAndLedger1764000000001 implements MigrationInterface {
  name = 'MembershipsAndLedger1764000000001';

  async up(q: QueryRunner) {
    // The body of a member number; the printed number adds a check digit (domain/member-number.ts).
    await q.query(`CREATE SEQUENCE loyalty.member_number_seq START 10000001`);
    await q.query(`
      CREATE TABLE loyalty.membership (
        id                uuid PRIMARY KEY,
        guest_id          uuid NOT NULL,
        enrolled_guest_id uuid NOT NULL,
        number            varchar(16) NOT NULL UNIQUE,
        tier              varchar(16) NOT NULL DEFAULT 'MEMBER' CHECK (tier IN ${TIER}),
        tier_year         integer NOT NULL,
        status            varchar(16) NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'MERGED')),
        merged_into       uuid REFERENCES loyalty.membership (id),
        points_balance    bigint NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
        last_activity_at  timestamptz NOT NULL,
        enrolled_at       timestamptz NOT NULL,
        enrolled_by       varchar(200) NOT NULL
      )`);
    // One active membership per guest: the second guard behind the enrolment check.
    await q.query(
      `CREATE UNIQUE INDEX membership_active_guest_uq ON loyalty.membership (guest_id) WHERE status = 'ACTIVE'`,
    );
    await q.query(`CREATE INDEX membership_guest_idx ON loyalty.membership (guest_id)`);
    await q.query(`CREATE INDEX membership_merged_into_idx ON loyalty.membership (merged_into)`);
    await q.query(
      `CREATE INDEX membership_expiry_idx ON loyalty.membership (last_activity_at) WHERE status = 'ACTIVE' AND points_balance > 0`,
    );
    await q.query(`CREATE INDEX membership_tier_year_idx ON loyalty.membership (tier_year) WHERE status = 'ACTIVE'`);

    await q.query(`
      CREATE TABLE loyalty.ledger_entry (
        seq               bigserial PRIMARY KEY,
        id                uuid NOT NULL UNIQUE,
        membership_id     uuid NOT NULL REFERENCES loyalty.membership (id),
        type              varchar(16) NOT NULL CHECK (type IN ${ENTRY_TYPE}),
        points            bigint NOT NULL CHECK (points <> 0),
        reference         varchar(200),
        reason            text,
        caused_by         varchar(200) NOT NULL,
        idempotency_key   varchar(300) NOT NULL UNIQUE,
        reverses_entry_id uuid REFERENCES loyalty.ledger_entry (id),
        occurred_at       timestamptz NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_entry_membership_idx ON loyalty.ledger_entry (membership_id, seq DESC)`);
    await q.query(`CREATE INDEX ledger_entry_reference_idx ON loyalty.ledger_entry (reference)`);
    await q.query(`CREATE UNIQUE INDEX ledger_entry_reverses_uq ON loyalty.ledger_entry (reverses_entry_id)`);
    // Append-only in the database itself: a correction is a new entry, never an edit.
    await q.query(`
      CREATE FUNCTION loyalty.ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'loyalty.ledger_entry is append-only: book a correcting entry instead';
      END $$`);
    await q.query(`
      CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON loyalty.ledger_entry
      FOR EACH ROW EXECUTE FUNCTION loyalty.ledger_entry_append_only()`);

    await q.query(`
      CREATE TABLE loyalty.stay_credit (
        stay_id                 uuid PRIMARY KEY,
        membership_id           uuid NOT NULL REFERENCES loyalty.membership (id),
        earned_by_membership_id uuid NOT NULL REFERENCES loyalty.membership (id),
        guest_id                uuid NOT NULL,
        year                    integer NOT NULL,
        nights                  integer NOT NULL CHECK (nights > 0),
        departure_date          date NOT NULL,
        credited_at             timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stay_credit_membership_year_idx ON loyalty.stay_credit (membership_id, year)`);
    await q.query(`CREATE INDEX stay_credit_earned_by_idx ON loyalty.stay_credit (earned_by_membership_id)`);

    // Compensation resolved for a guest who is not a member yet: held, and booked when they enrol, so a
    // goodwill gesture is never lost because the desk enrolled the guest after the complaint was closed.
    await q.query(`
      CREATE TABLE loyalty.held_compensation (
        case_id     uuid PRIMARY KEY,
        guest_id    uuid NOT NULL,
        points      integer NOT NULL CHECK (points > 0),
        category    varchar(64) NOT NULL,
        event_id    uuid NOT NULL,
        resolved_at timestamptz NOT NULL,
        booked_at   timestamptz
      )`);
    await q.query(
      `CREATE INDEX held_compensation_guest_idx ON loyalty.held_compensation (guest_id) WHERE booked_at IS NULL`,
    );
  }

  async down(q: QueryRunner) {
    await q.query(`DROP TABLE loyalty.held_compensation`);
    await q.query(`DROP TABLE loyalty.stay_credit`);
    await q.query(`DROP TABLE loyalty.ledger_entry`);
    await q.query(`DROP FUNCTION loyalty.ledger_entry_append_only()`);
    await q.query(`DROP TABLE loyalty.membership`);
    await q.query(`DROP SEQUENCE loyalty.member_number_seq`);
  }
}
