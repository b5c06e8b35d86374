import { groupByKey, type RequestContext } from '@guest-graph/subgraph-kit';
import { type ScoreFacts, scoreFactsOf } from '../application/credit-file.js';
import { standingsOf } from '../application/credit-standing.js';
import type { App } from '../application/index.js';
import { agingOf } from '../domain/aging.js';
import type { CreditStanding } from '../domain/credit-standing.js';
import {
  type AccountList,
  allocationsOfPayments,
  creditInformationOf,
  latestPerAccount,
  openBalancesByDueDate,
} from '../persistence/credit-file.repository.js';

/**
 * Every per-account read of a request goes through these: one SQL statement per kind of thing per request,
 * whatever the number of accounts (the gateway asks for a page of accounts' credit in one `_entities`).
 */
export function loaders(app: App, ctx: RequestContext) {
  return {
    standing: ctx.loaders.for<string, CreditStanding>('credit-standing', (ids) => standingsOf(app, ids)),
    allocations: ctx.loaders.for<string, { invoiceId: string; amount: string }[]>('payment-allocations', async (ids) =>
      groupByKey(ids, await allocationsOfPayments(app.dataSource, ids), (r) => r.paymentId),
    ),
    aging: (on: string) =>
      ctx.loaders.for<string, ReturnType<typeof agingOf>>(`aging:${on}`, async (ids) =>
        groupByKey(ids, await openBalancesByDueDate(app.dataSource, ids), (r) => r.accountId).map((list) =>
          agingOf(list, on),
        ),
      ),
    information: ctx.loaders.for<string, Record<string, unknown> | null>('credit-information', async (ids) => {
      const byId = new Map((await creditInformationOf(app.dataSource, ids)).map((r) => [r.accountId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** The newest `limit` rows of one of the credit file's lists per account, after a keyset position. */
    list: <R extends { accountId: string; sortKey: string[] }>(
      name: string,
      list: AccountList,
      limit: number,
      opts: { openOnly?: boolean; after?: readonly string[] | null } = {},
    ) =>
      ctx.loaders.for<string, R[]>(`${name}:${limit}:${!!opts.openOnly}:${opts.after?.join('|') ?? ''}`, async (ids) =>
        groupByKey(ids, await latestPerAccount<R>(app.dataSource, ids, list, limit, opts), (r) => r.accountId),
      ),
    scoreFacts: (asOf: string) =>
      ctx.loaders.for<string, ScoreFacts>(`score-facts:${asOf}`, (ids) => scoreFactsOf(app, ids, asOf)),
  };
}
