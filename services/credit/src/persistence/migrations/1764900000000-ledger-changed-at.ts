import { changedAtFunctionSql, changedAtSql } from '@guest-graph/subgraph-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['invoice', 'payment', 'credit_note'] as const;
/** What each row's first `changed_at` is: its latest known moment before the column existed. */
const SINCE: Record<(typeof TABLES)[number], string> = {
  invoice: 'greatest(created_at, disputed_at)',
  payment: 'recorded_at',
  credit_note: 'created_at',
};

// The kit's statements are the text this migration ran when it was released (the kit's test holds them to it).
const rowChanged = changedAtFunctionSql('credit.row_changed');
const tables = TABLES.map((t) =>
  changedAtSql({ schema: 'credit', table: t, name: t, since: SINCE[t], sharedFunction: 'credit.row_changed' }),
);

/**
 * BI's nightly pull of the ledger and the invoices (issue 17): when an invoice, a payment or a credit note last
 * changed (issued, allocated against, paid, disputed, moved a collection stage), kept by a trigger per table so
 * no path of the ledger can forget it, and indexed with the id for the keyset.
 */
export class LedgerChangedAt1764900000000 implements MigrationInterface {
  name = 'LedgerChangedAt1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of rowChanged.up) await q.query(sql);
    for (const t of tables) for (const sql of t.up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of tables) for (const sql of t.down) await q.query(sql);
    for (const sql of rowChanged.down) await q.query(sql);
  }
}
