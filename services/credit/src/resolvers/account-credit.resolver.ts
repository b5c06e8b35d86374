import { guarded, isUuid, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { type CreditStanding, creditStanding } from '../domain/credit-standing.js';
import { loadLedgerRows } from '../persistence/credit-ledger.repository.js';
import { CREDIT_READERS } from './roles.js';

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

/** The standing of every account asked for in this request, in one SQL statement. */
export const standingLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, CreditStanding>('credit-standing', async (ids) => {
    const valid = [...new Set(ids.filter(isUuid))];
    const rows = valid.length ? await loadLedgerRows(rt.dataSource, valid, rt.clock.today()) : [];
    const byId = new Map(rows.map((r) => [r.accountId, creditStanding(r)]));
    return ids.map((id) => byId.get(id) ?? noRecord(id));
  });

/** A fresh read after a change (the request's loader may hold the value from before it). */
export async function readStanding(rt: Runtime, accountId: string) {
  const [row] = await loadLedgerRows(rt.dataSource, [accountId], rt.clock.today());
  return creditStanding(row!);
}

export const accountCreditResolvers = (rt: Runtime) => ({
  Account: {
    credit: guarded(CREDIT_READERS, (account: { id: string }, _args, ctx) => standingLoader(rt, ctx).load(account.id)),
  },
});
