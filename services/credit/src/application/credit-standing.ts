import { isUuid } from '@guest-graph/subgraph-kit';
import { type CreditStanding, creditStanding } from '../domain/credit-standing.js';
import { loadLedgerRows } from '../persistence/credit-ledger.repository.js';
import type { Credit } from './index.js';

const noRecord = (accountId: string) =>
  creditStanding({
    accountId,
    limit: null,
    termDays: null,
    assignedRating: null,
    onHold: false,
    holdReason: null,
    holdPlacedBy: null,
    holdPlacedAt: null,
    invoiced: '0',
    paid: '0',
    credited: '0',
    unapplied: '0.00',
    held: '0',
    overdue: false,
  });

/** The standing of every account asked for, in one SQL statement; an account credit never saw has none. */
export async function standingsOf(app: Credit, ids: readonly string[]): Promise<CreditStanding[]> {
  const valid = [...new Set(ids.filter(isUuid))];
  const rows = valid.length ? await loadLedgerRows(app.dataSource, valid, app.clock.today()) : [];
  const byId = new Map(rows.map((r) => [r.accountId, creditStanding(r)]));
  return ids.map((id) => byId.get(id) ?? noRecord(id));
}

/** A fresh read after a change (the request's loader may hold the value from before it). */
export async function readStanding(app: Credit, accountId: string) {
  const [row] = await loadLedgerRows(app.dataSource, [accountId], app.clock.today());
  return creditStanding(row!);
}
