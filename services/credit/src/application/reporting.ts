import { changeKeyOf, changePageOf, daysBetween, pageSize } from '@guest-graph/subgraph-kit';
import { agingBucket } from '../domain/aging.js';
import { changedInvoicePage, changedLedgerPage } from '../persistence/reporting.repository.js';
import type { App } from './index.js';

// What BI pulls from credit (issue 17). Nothing in the ledger is deleted or merged (an erased guest's invoices
// stay whole: the accounting law keeps them), so these connections have no tombstones.

const CHANGED_PAGE = { max: 500, fallback: 100 };

/**
 * Invoices changed at or after `changedSince` (all when null), oldest change first, each aged as of the hotel's
 * today: an invoice ages without changing, so a copy re-ages from `dueOn` and `balance` between pulls.
 */
export async function invoicesChangedPage(
  app: App,
  changedSince: string | null,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, CHANGED_PAGE);
  const rows = await changedInvoicePage(app.dataSource, changedSince, changeKeyOf(after), size + 1);
  const page = changePageOf(rows, size);
  const asOf = app.clock.today();
  return {
    asOf,
    pageInfo: page.pageInfo,
    edges: page.edges.map(({ cursor, node: { changedKey: _, changedAt, ...invoice } }) => ({
      cursor,
      node: {
        invoiceId: invoice.id,
        changedAt,
        daysPastDue: daysBetween(invoice.dueOn, asOf),
        agingBucket: invoice.balance === '0.00' ? null : agingBucket(invoice.dueOn, asOf),
        invoice,
      },
    })),
  };
}

/** Ledger entries (invoices, payments, credit notes) changed at or after `changedSince`, oldest change first. */
export async function ledgerChangedPage(
  app: App,
  changedSince: string | null,
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const size = pageSize(first, CHANGED_PAGE);
  const rows = await changedLedgerPage(app.dataSource, changedSince, changeKeyOf(after), size + 1);
  const page = changePageOf(rows, size);
  return {
    pageInfo: page.pageInfo,
    edges: page.edges.map(({ cursor, node: { changedKey: _, id, ...entry } }) => ({
      cursor,
      node: { entryId: id, ...entry },
    })),
  };
}
