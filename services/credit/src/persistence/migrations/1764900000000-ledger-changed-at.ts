import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['invoice', 'payment', 'credit_note'] as const;
/** What each row's first `changed_at` is: its latest known moment before the column existed. */
const SINCE: Record<(typeof TABLES)[number], string> = {
  invoice: 'greatest(created_at, disputed_at)',
  payment: 'recorded_at',
  credit_note: 'created_at',
};

/**
 * BI's nightly pull of the ledger and the invoices (issue 17): when an invoice, a payment or a credit note last
 * changed (issued, allocated against, paid, disputed, moved a collection stage), kept by a trigger per table so
 * no path of the ledger can forget it, and indexed with the id for the keyset.
 */
export class LedgerChangedAt1764900000000 implements MigrationInterface {
  name = 'LedgerChangedAt1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION credit.row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    for (const t of TABLES) {
      await q.query(`ALTER TABLE credit.${t} ADD COLUMN changed_at timestamptz`);
      await q.query(`UPDATE credit.${t} SET changed_at = ${SINCE[t]}`);
      await q.query(`ALTER TABLE credit.${t} ALTER COLUMN changed_at SET DEFAULT clock_timestamp()`);
      await q.query(`ALTER TABLE credit.${t} ALTER COLUMN changed_at SET NOT NULL`);
      await q.query(`CREATE INDEX ${t}_changed_idx ON credit.${t} (changed_at, id)`);
      await q.query(
        `CREATE TRIGGER ${t}_changed BEFORE UPDATE ON credit.${t} FOR EACH ROW EXECUTE FUNCTION credit.row_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      await q.query(`DROP TRIGGER ${t}_changed ON credit.${t}`);
      await q.query(`DROP INDEX credit.${t}_changed_idx`);
      await q.query(`ALTER TABLE credit.${t} DROP COLUMN changed_at`);
    }
    await q.query('DROP FUNCTION credit.row_changed()');
  }
}
