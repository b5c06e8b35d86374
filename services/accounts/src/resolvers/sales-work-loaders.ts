import { byKey, groupByKey, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { NO_PRODUCTION, type Production } from '../domain/production.js';
import {
  type ActivityRow,
  activitiesOf,
  type ContactRow,
  type ContractRow,
  contactsOf,
  contractProduction,
  contractsByIds,
  contractsOfAccounts,
  type RateRow,
  ratesOfAccounts,
  ratesOfContracts,
  targetProduction,
} from '../persistence/sales-work.repository.js';

export const contactsLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, ContactRow[]>('contacts', async (ids) =>
    groupByKey(ids, await contactsOf(rt.dataSource, ids), (r) => r.accountId),
  );

export const accountRatesLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, RateRow[]>('account-rates', async (ids) =>
    groupByKey(ids, await ratesOfAccounts(rt.dataSource, ids), (r) => r.accountId),
  );

export const contractRatesLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, RateRow[]>('contract-rates', async (ids) =>
    groupByKey(ids, await ratesOfContracts(rt.dataSource, ids), (r) => r.contractId!),
  );

export const activitiesLoader = (rt: Runtime, ctx: RequestContext, first: number) =>
  ctx.loaders.for<string, ActivityRow[]>(`activities:${first}`, async (ids) =>
    groupByKey(ids, await activitiesOf(rt.dataSource, ids, first), (r) => r.accountId),
  );

export const accountContractsLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, ContractRow[]>('account-contracts', async (ids) =>
    groupByKey(ids, await contractsOfAccounts(rt.dataSource, ids), (r) => r.accountId),
  );

export const contractLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, ContractRow | null>('contract', async (ids) =>
    byKey(ids, await contractsByIds(rt.dataSource, ids), (r) => r.id),
  );

export const contractProductionLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, Production>('contract-production', async (ids) =>
    byKey(ids, await contractProduction(rt.dataSource, ids), (r) => r.contractId, NO_PRODUCTION),
  );

export const targetProductionLoader = (rt: Runtime, ctx: RequestContext) =>
  ctx.loaders.for<string, Production>('target-production', async (ids) =>
    byKey(ids, await targetProduction(rt.dataSource, ids), (r) => r.targetId, NO_PRODUCTION),
  );
