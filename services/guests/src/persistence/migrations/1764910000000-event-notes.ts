import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service notes of hotel events (accounts' `hotel-event.notes-shared`) recorded as preferences once per note and
 * guest, whatever the bus redelivers or replays; and the current preferences by category and value, which the
 * invitation list for a themed event (seed 000 §3.1(4)) reads.
 */
export class EventNotes1764910000000 implements MigrationInterface {
  name = 'EventNotes1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE guests.event_note_applied (
        note_id uuid NOT NULL,
        guest_id uuid NOT NULL,
        event_id uuid NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('RECORDED','NO_CONSENT','NO_GUEST')),
        applied_at timestamptz NOT NULL,
        PRIMARY KEY (note_id, guest_id)
      )`);
    await q.query(
      'CREATE INDEX preference_current_value_idx ON guests.preference (category, value_key, guest_id) WHERE superseded_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX guests.preference_current_value_idx');
    await q.query('DROP TABLE guests.event_note_applied');
  }
}
