import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conference and banquet events (seed 000, a conference hotel: room temperature, table layout, the rostrum's VIPs):
 * the event an organiser account books, its attendees (guests of the guests service, by id) and its service notes.
 */
export class HotelEvents1764910000000 implements MigrationInterface {
  name = 'HotelEvents1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accounts.hotel_event (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES accounts.account (id),
        name text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        function_rooms text[] NOT NULL,
        layout text NOT NULL CHECK (layout IN ('THEATRE','CLASSROOM','U_SHAPE','HOLLOW_SQUARE','BOARDROOM',
          'BANQUET_ROUNDS','CABARET','COCKTAIL')),
        headcount int NOT NULL CHECK (headcount > 0),
        status text NOT NULL CHECK (status IN ('TENTATIVE','CONFIRMED','HELD','CANCELLED')),
        revenue numeric(14,2) NULL CHECK (revenue >= 0),
        planner_name text NULL,
        planner_phone text NULL,
        planner_guest_id uuid NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK (ends_on >= starts_on)
      )`);
    // An account's events newest first, and "what we learned last time" (its events before a date).
    await q.query('CREATE INDEX hotel_event_account_idx ON accounts.hotel_event (account_id, starts_on DESC, id DESC)');
    // Upcoming events by date range.
    await q.query('CREATE INDEX hotel_event_starts_idx ON accounts.hotel_event (starts_on, id)');
    // Production: the revenue that counts, by the event's last day.
    await q.query(`CREATE INDEX hotel_event_production_idx ON accounts.hotel_event (account_id, ends_on) INCLUDE (revenue)
      WHERE status IN ('CONFIRMED','HELD') AND revenue IS NOT NULL`);
    await q.query(
      'CREATE INDEX hotel_event_planner_idx ON accounts.hotel_event (planner_guest_id) WHERE planner_guest_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE accounts.hotel_event_attendee (
        event_id uuid NOT NULL REFERENCES accounts.hotel_event (id),
        guest_id uuid NOT NULL,
        vip boolean NOT NULL DEFAULT false,
        role text NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (event_id, guest_id)
      )`);
    await q.query('CREATE INDEX hotel_event_attendee_guest_idx ON accounts.hotel_event_attendee (guest_id)');
    // A survivor's events include its merged duplicates' (Guest.events).
    await q.query(
      'CREATE INDEX guest_merge_open_survivor_idx ON accounts.guest_merge (survivor_id) WHERE unmerged_at IS NULL',
    );
    await q.query(`
      CREATE TABLE accounts.hotel_event_note (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES accounts.hotel_event (id),
        topic text NOT NULL CHECK (topic IN ('TEMPERATURE','LAYOUT','TEA_BREAK','FOOD_AND_DRINK','AUDIO_VISUAL',
          'ROSTRUM','OTHER')),
        audience text NOT NULL CHECK (audience IN ('EVERYONE','VIPS','PLANNER')),
        text text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX hotel_event_note_event_idx ON accounts.hotel_event_note (event_id, recorded_at, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX accounts.guest_merge_open_survivor_idx');
    await q.query('DROP TABLE accounts.hotel_event_note');
    await q.query('DROP TABLE accounts.hotel_event_attendee');
    await q.query('DROP TABLE accounts.hotel_event');
  }
}
