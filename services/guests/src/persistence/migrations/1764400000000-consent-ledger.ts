import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consent becomes a ledger per purpose and channel (PIPL Art. 14-16, GDPR Art. 7): every answer with the
 * notice the guest was shown, how it was given and who recorded it. The database itself refuses to change or
 * remove an answer; only an erasure (PIPL Art. 47, GDPR Art. 17), which sets `guests.erasure` for its own
 * transaction, may delete a guest's rows. The marketing answers kept so far move in as purpose MARKETING.
 */
export class ConsentLedger1764400000000 implements MigrationInterface {
  name = 'ConsentLedger1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.consent (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        purpose text NOT NULL CHECK (purpose IN ('MARKETING', 'PERSONALISATION', 'SURVEYS', 'GROUP_SHARING')),
        channel text CHECK (channel IN ('EMAIL', 'SMS', 'PHONE', 'POST', 'WECHAT')),
        granted boolean NOT NULL,
        notice_version text NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX consent_guest_idx ON guests.consent (guest_id, purpose, channel, recorded_at DESC, seq DESC)',
    );
    await q.query(`
      INSERT INTO guests.consent (id, guest_id, purpose, channel, granted, notice_version, source, recorded_by, recorded_at)
      SELECT id, guest_id, 'MARKETING', channel, granted, 'before-ledger', source, recorded_by, recorded_at
        FROM guests.marketing_consent ORDER BY recorded_at, seq`);
    await q.query('DROP TABLE guests.marketing_consent');
    await q.query(`
      CREATE FUNCTION guests.consent_is_a_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('guests.erasure', true) = 'on' THEN RETURN OLD; END IF;
        RAISE EXCEPTION 'guests.consent is append-only: % refused', TG_OP USING ERRCODE = '55000';
      END $$`);
    await q.query(`CREATE TRIGGER consent_is_a_ledger BEFORE UPDATE OR DELETE ON guests.consent
      FOR EACH ROW EXECUTE FUNCTION guests.consent_is_a_ledger()`);
    await q.query(`CREATE TRIGGER consent_is_never_truncated BEFORE TRUNCATE ON guests.consent
      FOR EACH STATEMENT EXECUTE FUNCTION guests.consent_is_a_ledger()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.marketing_consent (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PHONE', 'POST')),
        granted boolean NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        seq bigserial
      )`);
    await q.query(
      'CREATE INDEX marketing_consent_guest_idx ON guests.marketing_consent (guest_id, channel, recorded_at DESC, seq DESC)',
    );
    await q.query(`
      INSERT INTO guests.marketing_consent (id, guest_id, channel, granted, source, recorded_by, recorded_at)
      SELECT id, guest_id, channel, granted, source, recorded_by, recorded_at FROM guests.consent
       WHERE purpose = 'MARKETING' AND channel <> 'WECHAT' ORDER BY seq`);
    await q.query('DROP TABLE guests.consent');
    await q.query('DROP FUNCTION guests.consent_is_a_ledger()');
  }
}
