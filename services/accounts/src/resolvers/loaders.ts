import { byKey, groupByKey, isUuid, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { NO_PRODUCTION, type Production, type ProductionWindow } from '../domain/production.js';
import {
  type AccountRow,
  accountsByIds,
  accountsOfGuests,
  branchesOf,
  monthlyProductionOf,
  productionOf,
  travellersOf,
} from '../persistence/account.repository.js';

// Every entity reference and list field goes through these: a page of 100 accounts costs one statement per
// field, not one per account.

export const accountLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow | null>('account', async (ids) => {
    const valid = ids.filter(isUuid);
    return byKey(ids, await accountsByIds(rt.dataSource, valid), (r) => r.id);
  });

/** Puts rows read by a page or a mutation into the request's cache, so their references cost nothing more. */
export function primeAccounts(rt: Runtime, ctx: RequestContext, rows: AccountRow[]) {
  const loader = accountLoader(rt, ctx);
  for (const r of rows) loader.clear(r.id).prime(r.id, r);
}

export const guestAccountLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow | null>('guest-account', async (guestIds) => {
    const rows = await accountsOfGuests(rt.dataSource, guestIds.filter(isUuid));
    primeAccounts(rt, ctx, rows);
    return byKey(guestIds, rows, (r) => r.guestId);
  });

export const branchesLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow[]>('branches', async (ids) => {
    const rows = await branchesOf(rt.dataSource, ids);
    primeAccounts(rt, ctx, rows);
    return groupByKey(ids, rows, (r) => r.parentId!);
  });

export const productionLoader = (rt: Runtime, ctx: RequestContext, window: ProductionWindow, branches: boolean) =>
  ctx.loaders.for<string, Production>(`production:${window.from}:${window.to}:${branches}`, async (ids) =>
    byKey(ids, await productionOf(rt.dataSource, ids, window, branches), (r) => r.accountId, NO_PRODUCTION),
  );

export const monthlyProductionLoader = (
  rt: Runtime,
  ctx: RequestContext,
  window: ProductionWindow,
  branches: boolean,
) =>
  ctx.loaders.for<string, (Production & { month: string })[]>(
    `monthly-production:${window.from}:${window.to}:${branches}`,
    async (ids) => groupByKey(ids, await monthlyProductionOf(rt.dataSource, ids, window, branches), (r) => r.accountId),
  );

export const travellersLoader = (rt: Runtime, ctx: RequestContext, first: number) =>
  ctx.loaders.for<string, { guestId: string; linkedAt: Date }[]>(`travellers:${first}`, async (ids) =>
    groupByKey(ids, await travellersOf(rt.dataSource, ids, first), (r) => r.accountId),
  );
