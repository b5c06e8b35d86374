import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data subject requests (PIPL Art. 44-47, GDPR Art. 15-17, 20): who asked for what about whom, when and why
 * (the audit), each service's part of the answer, and the sealed chunks of an export while they arrive.
 * An erased profile keeps its id (stays, ledgers and invoices elsewhere still point at it) and says when.
 */
export class DataRequests1764410000000 implements MigrationInterface {
  name = 'DataRequests1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE guests.guest ADD COLUMN erased_at timestamptz');
    // A merge's snapshot (the contacts and fields it overwrote) is kept only while the merge can be undone.
    await q.query('ALTER TABLE guests.guest_merge ALTER COLUMN snapshot DROP NOT NULL');
    await q.query('CREATE INDEX guest_merge_snapshot_idx ON guests.guest_merge (merged_at) WHERE snapshot IS NOT NULL');
    await q.query(`
      CREATE TABLE guests.data_request (
        id uuid PRIMARY KEY,
        guest_id uuid NOT NULL REFERENCES guests.guest (id),
        subject_ids uuid[] NOT NULL,
        kind text NOT NULL CHECK (kind IN ('EXPORT', 'ERASURE')),
        status text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'REFUSED')),
        reason text NOT NULL,
        requested_by text NOT NULL,
        requested_by_name text NOT NULL,
        request_id text,
        requested_at timestamptz NOT NULL,
        completed_at timestamptz,
        last_asked_at timestamptz NOT NULL,
        asks integer NOT NULL DEFAULT 1,
        public_key text,
        private_key text
      )`);
    await q.query('CREATE INDEX data_request_guest_idx ON guests.data_request (guest_id, requested_at DESC)');
    await q.query(
      "CREATE INDEX data_request_pending_idx ON guests.data_request (last_asked_at) WHERE status = 'PENDING'",
    );
    await q.query(`
      CREATE TABLE guests.data_request_part (
        request_id uuid NOT NULL REFERENCES guests.data_request (id),
        service text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED')),
        completed_at timestamptz,
        document jsonb,
        PRIMARY KEY (request_id, service)
      )`);
    await q.query(`
      CREATE TABLE guests.data_request_chunk (
        request_id uuid NOT NULL REFERENCES guests.data_request (id),
        service text NOT NULL,
        answer_id uuid NOT NULL,
        index integer NOT NULL,
        count integer NOT NULL,
        sealed jsonb NOT NULL,
        PRIMARY KEY (request_id, service, answer_id, index)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE guests.data_request_chunk');
    await q.query('DROP TABLE guests.data_request_part');
    await q.query('DROP TABLE guests.data_request');
    await q.query('DROP INDEX guests.guest_merge_snapshot_idx');
    await q.query("UPDATE guests.guest_merge SET snapshot = '{}' WHERE snapshot IS NULL");
    await q.query('ALTER TABLE guests.guest_merge ALTER COLUMN snapshot SET NOT NULL');
    await q.query('ALTER TABLE guests.guest DROP COLUMN erased_at');
  }
}
