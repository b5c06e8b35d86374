import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger stays append-only, with one exception: a guest's erasure (PIPL Art. 47, GDPR Art. 17), which sets
 * `loyalty.erasure` for its own transaction, may clear an entry's free-text reason. Points, types, dates and
 * references never change.
 */
export class LedgerErasure1764000000007 implements MigrationInterface {
  name = 'LedgerErasure1764000000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION loyalty.ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('loyalty.erasure', true) = 'on' AND NEW.reason IS NULL
           AND to_jsonb(NEW) - 'reason' = to_jsonb(OLD) - 'reason' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'loyalty.ledger_entry is append-only: book a correcting entry instead';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION loyalty.ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'loyalty.ledger_entry is append-only: book a correcting entry instead';
      END $$`);
  }
}
