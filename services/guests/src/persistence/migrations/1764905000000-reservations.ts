import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reservations and room preparation (seed 000 §3.1(3), seed 001 §三, issue 23): an expected arrival before
 * check-in, the stay that honoured it, and each preparation item done for it (who, when). A reservation is
 * honoured by at most one stay; an item is marked once per reservation and preference.
 */
export class Reservations1764905000000 implements MigrationInterface {
  name = 'Reservations1764905000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.reservation (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        origin_guest_id uuid NOT NULL,
        property_code text NOT NULL,
        room_type text NOT NULL,
        arrival_date date NOT NULL,
        departure_date date NOT NULL,
        nights integer NOT NULL,
        nightly_rate numeric(14, 2) NOT NULL CHECK (nightly_rate >= 0),
        purpose text,
        payment_method text,
        account_id uuid,
        notes text,
        status text NOT NULL CHECK (status IN ('BOOKED','CANCELLED','NO_SHOW','CHECKED_IN')),
        stay_id uuid REFERENCES guests.stay (id),
        booked_by text NOT NULL,
        booked_at timestamptz NOT NULL,
        closed_by text,
        closed_at timestamptz,
        cancel_reason text,
        CHECK (departure_date > arrival_date)
      )`);
    // The day's expected arrivals and preparation list; a guest's reservations and their overlap check.
    await q.query('CREATE INDEX reservation_arrival_idx ON guests.reservation (arrival_date, status)');
    await q.query('CREATE INDEX reservation_guest_idx ON guests.reservation (guest_id, arrival_date)');
    await q.query('ALTER TABLE guests.stay ADD COLUMN reservation_id uuid REFERENCES guests.reservation (id)');
    await q.query(
      'CREATE UNIQUE INDEX stay_reservation_idx ON guests.stay (reservation_id) WHERE reservation_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE guests.preparation_done (
        reservation_id uuid NOT NULL REFERENCES guests.reservation (id),
        preference_id uuid NOT NULL REFERENCES guests.preference (id),
        category text NOT NULL,
        value text NOT NULL,
        done_by text NOT NULL,
        done_by_name text NOT NULL,
        done_at timestamptz NOT NULL,
        PRIMARY KEY (reservation_id, preference_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.preparation_done');
    await q.query('DROP INDEX guests.stay_reservation_idx');
    await q.query('ALTER TABLE guests.stay DROP COLUMN reservation_id');
    await q.query('DROP TABLE guests.reservation');
  }
}
