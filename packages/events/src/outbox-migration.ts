import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events written in the same transaction as the state change) and the inbox (events a consumer
 * has applied, written in the same transaction as the effect). Every service that publishes or consumes runs
 * this migration in its own schema.
 */
export function outboxMigration(schema: string) {
  return class PlatformOutboxInbox1763900000000 implements MigrationInterface {
    name = 'PlatformOutboxInbox1763900000000';
    async up(q: QueryRunner) {
      await q.query(`
        CREATE TABLE "${schema}".outbox (
          seq          bigserial PRIMARY KEY,
          id           uuid NOT NULL UNIQUE,
          subject      text NOT NULL,
          type         text NOT NULL,
          payload      jsonb NOT NULL,
          created_at   timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        )`);
      // The relay reads only unpublished rows, in order: a partial index keeps that read small forever.
      await q.query(`CREATE INDEX outbox_unpublished_idx ON "${schema}".outbox (seq) WHERE published_at IS NULL`);
      await q.query(
        `CREATE INDEX outbox_published_at_idx ON "${schema}".outbox (published_at) WHERE published_at IS NOT NULL`,
      );
      await q.query(`
        CREATE TABLE "${schema}".inbox (
          consumer     text NOT NULL,
          event_id     uuid NOT NULL,
          processed_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (consumer, event_id)
        )`);
    }
    async down(q: QueryRunner) {
      await q.query(`DROP TABLE "${schema}".inbox`);
      await q.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}

/**
 * What running several instances needs of the platform tables: the inbox pruned by age (an index for that
 * read) and the record of which instance ran a scheduled job for which interval.
 */
export function replicaMigration(schema: string) {
  return class PlatformReplicas1764400000000 implements MigrationInterface {
    name = 'PlatformReplicas1764400000000';
    async up(q: QueryRunner) {
      await q.query(`CREATE INDEX inbox_processed_at_idx ON "${schema}".inbox (processed_at)`);
      // One row per job: the interval it last ran for (on the database's clock, the one all instances share)
      // and until when its run holds it, so a job longer than its interval never overlaps itself.
      await q.query(`
        CREATE TABLE "${schema}".scheduled_job (
          name         text PRIMARY KEY,
          last_slot    bigint NOT NULL DEFAULT -1,
          running_until timestamptz,
          last_started_at timestamptz,
          last_finished_at timestamptz
        )`);
    }
    async down(q: QueryRunner) {
      await q.query(`DROP TABLE "${schema}".scheduled_job`);
      await q.query(`DROP INDEX "${schema}".inbox_processed_at_idx`);
    }
  };
}

/**
 * The trace an event was emitted in (W3C `traceparent`/`tracestate` as a JSON object), so the relay can send it
 * on as message headers and the consumers' work joins the request's trace. Null while tracing is off.
 */
export function traceContextMigration(schema: string) {
  return class PlatformOutboxTraceContext1764950000000 implements MigrationInterface {
    name = 'PlatformOutboxTraceContext1764950000000';
    async up(q: QueryRunner) {
      await q.query(`ALTER TABLE "${schema}".outbox ADD COLUMN IF NOT EXISTS trace_context jsonb`);
    }
    async down(q: QueryRunner) {
      await q.query(`ALTER TABLE "${schema}".outbox DROP COLUMN trace_context`);
    }
  };
}

/** Every platform migration, in order: what a service puts before its own. */
export const platformMigrations = (schema: string) => [
  outboxMigration(schema),
  replicaMigration(schema),
  traceContextMigration(schema),
];
