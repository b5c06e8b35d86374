import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The guest history (客史档案): profiles, contacts, consent, preferences and observations, stays and charges,
 * the reveal audit, merges and follow-ups. Every lookup path has its index; identity document numbers exist
 * only as ciphertext, a blind index and their last four characters.
 */
export class GuestHistory1763950000000 implements MigrationInterface {
  name = 'GuestHistory1763950000000';

  async up(q: QueryRunner): Promise<void> {
    // In public, so every service's search_path finds the operators whichever service created it first.
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');

    await q.query(`
      CREATE TABLE guests.guest (
        id uuid PRIMARY KEY,
        full_name text NOT NULL,
        latin_name text,
        search_name text NOT NULL,
        gender text CHECK (gender IN ('FEMALE', 'MALE', 'UNDISCLOSED')),
        birth_date date,
        anniversary_date date,
        nationality char(2),
        segment text CHECK (segment IN ('BUSINESS', 'LEISURE', 'CONFERENCE', 'LONG_STAY', 'OTHER')),
        vip boolean NOT NULL DEFAULT false,
        vip_level smallint CHECK (vip_level BETWEEN 1 AND 5),
        id_doc_type text CHECK (id_doc_type IN ('RESIDENT_ID', 'PASSPORT', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'OTHER')),
        id_doc_cipher text,
        id_doc_index char(64),
        id_doc_last4 varchar(4),
        id_doc_length smallint,
        address text,
        employer text,
        restrictions jsonb NOT NULL DEFAULT '[]'::jsonb,
        tags text[] NOT NULL DEFAULT '{}',
        notes text,
        merged_into uuid REFERENCES guests.guest (id),
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        birth_mmdd smallint GENERATED ALWAYS AS
          ((extract(month FROM birth_date) * 100 + extract(day FROM birth_date))::smallint) STORED,
        anniversary_mmdd smallint GENERATED ALWAYS AS
          ((extract(month FROM anniversary_date) * 100 + extract(day FROM anniversary_date))::smallint) STORED,
        CONSTRAINT guest_id_doc_whole CHECK (
          (id_doc_type IS NULL AND id_doc_cipher IS NULL AND id_doc_index IS NULL AND id_doc_last4 IS NULL)
          OR (id_doc_type IS NOT NULL AND id_doc_cipher IS NOT NULL AND id_doc_index IS NOT NULL AND id_doc_last4 IS NOT NULL)
        )
      )`);
    // Contract: a second guest with the same document type and number is a duplicate. Merged profiles keep
    // their document (unmerge restores it), so the rule holds among live profiles only.
    await q.query(
      'CREATE UNIQUE INDEX guest_id_document_uq ON guests.guest (id_doc_type, id_doc_index) WHERE id_doc_index IS NOT NULL AND merged_into IS NULL',
    );
    await q.query('CREATE INDEX guest_id_doc_index_idx ON guests.guest (id_doc_index) WHERE id_doc_index IS NOT NULL');
    await q.query('CREATE INDEX guest_search_name_trgm ON guests.guest USING gin (search_name gin_trgm_ops)');
    await q.query('CREATE INDEX guest_merged_into_idx ON guests.guest (merged_into) WHERE merged_into IS NOT NULL');
    await q.query('CREATE INDEX guest_birth_mmdd_idx ON guests.guest (birth_mmdd) WHERE birth_mmdd IS NOT NULL');
    await q.query(
      'CREATE INDEX guest_anniversary_mmdd_idx ON guests.guest (anniversary_mmdd) WHERE anniversary_mmdd IS NOT NULL',
    );
    await q.query('CREATE INDEX guest_tags_idx ON guests.guest USING gin (tags)');
    await q.query('CREATE INDEX guest_vip_idx ON guests.guest (vip_level) WHERE vip');

    await q.query(`
      CREATE TABLE guests.guest_phone (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        number text NOT NULL,
        digits text NOT NULL,
        is_primary boolean NOT NULL,
        added_at timestamptz NOT NULL,
        UNIQUE (guest_id, digits)
      )`);
    await q.query('CREATE UNIQUE INDEX guest_phone_primary_uq ON guests.guest_phone (guest_id) WHERE is_primary');
    // Exact and leading digits on one index, trailing digits ("the last eight") on the reversed string.
    await q.query('CREATE INDEX guest_phone_digits_idx ON guests.guest_phone (digits text_pattern_ops)');
    await q.query(
      'CREATE INDEX guest_phone_digits_reversed_idx ON guests.guest_phone (reverse(digits) text_pattern_ops)',
    );

    await q.query(`
      CREATE TABLE guests.guest_email (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        address text NOT NULL,
        address_lower text NOT NULL,
        is_primary boolean NOT NULL,
        added_at timestamptz NOT NULL,
        UNIQUE (guest_id, address_lower)
      )`);
    await q.query('CREATE UNIQUE INDEX guest_email_primary_uq ON guests.guest_email (guest_id) WHERE is_primary');
    await q.query('CREATE INDEX guest_email_lower_idx ON guests.guest_email (address_lower)');

    // Consent is a history: the current answer per channel is the latest row, and every change says how.
    await q.query(`
      CREATE TABLE guests.marketing_consent (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        channel text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PHONE', 'POST')),
        granted boolean NOT NULL,
        source text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX marketing_consent_guest_idx ON guests.marketing_consent (guest_id, channel, recorded_at DESC)',
    );

    await q.query(`
      CREATE TABLE guests.preference (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        origin_guest_id uuid NOT NULL,
        category text NOT NULL,
        value text NOT NULL,
        value_key text NOT NULL,
        note text,
        sensitive boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('STAFF', 'OBSERVATION')),
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        department text NOT NULL,
        recorded_at timestamptz NOT NULL,
        confirmations integer NOT NULL DEFAULT 0,
        last_confirmed_at timestamptz NOT NULL,
        superseded_at timestamptz
      )`);
    await q.query(
      'CREATE UNIQUE INDEX preference_current_uq ON guests.preference (guest_id, category) WHERE superseded_at IS NULL',
    );
    await q.query('CREATE INDEX preference_guest_idx ON guests.preference (guest_id, recorded_at DESC)');

    await q.query(`
      CREATE TABLE guests.observation (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        origin_guest_id uuid NOT NULL,
        stay_id uuid,
        category text NOT NULL,
        value text NOT NULL,
        value_key text NOT NULL,
        note text,
        recorded_by text NOT NULL,
        recorded_by_name text NOT NULL,
        department text NOT NULL,
        observed_at timestamptz NOT NULL,
        preference_id uuid REFERENCES guests.preference (id)
      )`);
    await q.query('CREATE INDEX observation_guest_idx ON guests.observation (guest_id, category, value_key)');

    await q.query(`
      CREATE TABLE guests.stay (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        origin_guest_id uuid NOT NULL,
        property_code text NOT NULL,
        room_type text NOT NULL,
        room_number text,
        arrival_date date NOT NULL,
        departure_date date NOT NULL,
        nights integer NOT NULL CHECK (nights > 0),
        nightly_rate numeric(14,2) NOT NULL CHECK (nightly_rate >= 0),
        purpose text,
        payment_method text NOT NULL CHECK (payment_method IN ('CASH', 'CARD', 'MOBILE', 'DIRECT_BILL', 'VOUCHER')),
        account_id uuid,
        authorization_id uuid,
        status text NOT NULL CHECK (status IN ('IN_HOUSE', 'CHECKED_OUT')),
        total_spend numeric(14,2),
        checked_in_by text NOT NULL,
        checked_in_at timestamptz NOT NULL,
        checked_out_by text,
        checked_out_at timestamptz,
        CHECK (departure_date > arrival_date),
        CHECK (payment_method <> 'DIRECT_BILL' OR account_id IS NOT NULL),
        CHECK ((status = 'CHECKED_OUT') = (total_spend IS NOT NULL))
      )`);
    await q.query('CREATE INDEX stay_guest_idx ON guests.stay (guest_id, arrival_date DESC, checked_in_at DESC)');
    await q.query("CREATE INDEX stay_in_house_idx ON guests.stay (guest_id) WHERE status = 'IN_HOUSE'");
    await q.query('CREATE INDEX stay_arrival_idx ON guests.stay (arrival_date)');

    await q.query(`
      CREATE TABLE guests.stay_charge (
        id uuid PRIMARY KEY,
        stay_id uuid NOT NULL REFERENCES guests.stay (id),
        line integer NOT NULL,
        outlet text NOT NULL CHECK (outlet IN ('ROOM', 'FOOD_AND_BEVERAGE', 'MEETING', 'SPA', 'LAUNDRY', 'OTHER')),
        amount numeric(14,2) NOT NULL CHECK (amount >= 0),
        UNIQUE (stay_id, line)
      )`);

    await q.query(`
      CREATE TABLE guests.id_document_reveal (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        revealed_by text NOT NULL,
        revealed_by_name text NOT NULL,
        roles text[] NOT NULL,
        reason text NOT NULL,
        request_id text,
        revealed_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE INDEX id_document_reveal_guest_idx ON guests.id_document_reveal (guest_id, revealed_at DESC)',
    );
    await q.query('CREATE INDEX id_document_reveal_at_idx ON guests.id_document_reveal (revealed_at DESC)');

    await q.query(`
      CREATE TABLE guests.guest_merge (
        id uuid PRIMARY KEY,
        survivor_id uuid NOT NULL REFERENCES guests.guest (id),
        duplicate_id uuid NOT NULL REFERENCES guests.guest (id),
        snapshot jsonb NOT NULL,
        merged_by text NOT NULL,
        merged_at timestamptz NOT NULL,
        unmerged_by text,
        unmerged_at timestamptz
      )`);
    // A profile is merged away at most once at a time.
    await q.query(
      'CREATE UNIQUE INDEX guest_merge_duplicate_uq ON guests.guest_merge (duplicate_id) WHERE unmerged_at IS NULL',
    );
    await q.query('CREATE INDEX guest_merge_survivor_idx ON guests.guest_merge (survivor_id)');

    // Follow-up calls after a stay (回访): once per stay and reason, or once per complaint case.
    await q.query(`
      CREATE TABLE guests.follow_up (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        stay_id uuid,
        case_id uuid,
        reason text NOT NULL CHECK (reason IN ('VIP_STAY', 'COMPLAINT')),
        owner_department text NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'DONE')),
        outcome text,
        completed_by text,
        completed_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      'CREATE UNIQUE INDEX follow_up_stay_uq ON guests.follow_up (stay_id, reason) WHERE stay_id IS NOT NULL',
    );
    await q.query('CREATE UNIQUE INDEX follow_up_case_uq ON guests.follow_up (case_id) WHERE case_id IS NOT NULL');
    await q.query("CREATE INDEX follow_up_open_idx ON guests.follow_up (due_date) WHERE status = 'OPEN'");
    await q.query('CREATE INDEX follow_up_guest_idx ON guests.follow_up (guest_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'follow_up',
      'guest_merge',
      'id_document_reveal',
      'stay_charge',
      'stay',
      'observation',
      'preference',
      'marketing_consent',
      'guest_email',
      'guest_phone',
      'guest',
    ])
      await q.query(`DROP TABLE IF EXISTS guests.${t}`);
  }
}
