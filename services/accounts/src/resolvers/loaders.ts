import { byKey, groupByKey, isUuid, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { NO_PRODUCTION, type Production, type ProductionWindow } from '../domain/production.js';
import { type AccountRow, accountsByIds, accountsOfGuests, branchesOf } from '../persistence/account.repository.js';
import { type ContactRow, contactsOf } from '../persistence/account-contact.repository.js';
import {
  type ContractRow,
  contractProduction,
  contractsByIds,
  contractsOfAccounts,
} from '../persistence/account-contract.repository.js';
import { type RateRow, ratesOfAccounts, ratesOfContracts } from '../persistence/account-rate.repository.js';
import { type TravellerCursor, type TravellerRow, travellersOf } from '../persistence/guest-link.repository.js';
import {
  type AttendeeRow,
  attendeesOfEvents,
  type EventNoteRow,
  earlierNotesOfEvents,
  eventsByIds,
  eventsOfGuests,
  type HotelEventRow,
  latestEventsOfAccounts,
  notesOfEvents,
} from '../persistence/hotel-event.repository.js';
import { type ActivityCursor, type ActivityRow, activitiesOf } from '../persistence/sales-activity.repository.js';
import { targetProduction } from '../persistence/sales-target.repository.js';
import { monthlyProductionOf, productionOf } from '../persistence/stay-production.repository.js';

// Every entity reference and list field goes through these: a page of 100 accounts costs one statement per
// field, not one per account. Each calls a repository function (db, keys, params...).

export const accountLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow | null>('account', async (ids) =>
    byKey(ids, await accountsByIds(app.db, ids.filter(isUuid)), (r) => r.id),
  );

/** Puts rows read by a page or a mutation into the request's cache, so their references cost nothing more. */
export function primeAccounts(app: App, ctx: RequestContext, rows: AccountRow[]) {
  const loader = accountLoader(app, ctx);
  for (const r of rows) loader.clear(r.id).prime(r.id, r);
}

export const guestAccountLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow | null>('guest-account', async (guestIds) => {
    const rows = await accountsOfGuests(app.db, guestIds.filter(isUuid));
    primeAccounts(app, ctx, rows);
    return byKey(guestIds, rows, (r) => r.guestId);
  });

export const branchesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, AccountRow[]>('branches', async (ids) => {
    const rows = await branchesOf(app.db, ids);
    primeAccounts(app, ctx, rows);
    return groupByKey(ids, rows, (r) => r.parentId!);
  });

export const productionLoader = (app: App, ctx: RequestContext, window: ProductionWindow, branches: boolean) =>
  ctx.loaders.for<string, Production>(`production:${window.from}:${window.to}:${branches}`, async (ids) =>
    byKey(ids, await productionOf(app.db, ids, window, branches), (r) => r.accountId, NO_PRODUCTION),
  );

export const monthlyProductionLoader = (app: App, ctx: RequestContext, window: ProductionWindow, branches: boolean) =>
  ctx.loaders.for<string, (Production & { month: string })[]>(
    `monthly-production:${window.from}:${window.to}:${branches}`,
    async (ids) => groupByKey(ids, await monthlyProductionOf(app.db, ids, window, branches), (r) => r.accountId),
  );

/** A page of travellers per account (`first + 1` rows each); one statement for every account of a request. */
export const travellersLoader = (app: App, ctx: RequestContext, first: number, after: TravellerCursor | null) =>
  ctx.loaders.for<string, TravellerRow[]>(
    `travellers:${first}:${after ? `${after.linkedAt}:${after.guestId}` : ''}`,
    async (ids) => groupByKey(ids, await travellersOf(app.db, ids, first, after), (r) => r.accountId),
  );

export const contactsLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, ContactRow[]>('contacts', async (ids) =>
    groupByKey(ids, await contactsOf(app.db, ids), (r) => r.accountId),
  );

export const accountRatesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, RateRow[]>('account-rates', async (ids) =>
    groupByKey(ids, await ratesOfAccounts(app.db, ids), (r) => r.accountId),
  );

export const contractRatesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, RateRow[]>('contract-rates', async (ids) =>
    groupByKey(ids, await ratesOfContracts(app.db, ids), (r) => r.contractId!),
  );

/** A page of activities per account (`first + 1` rows each); one statement for every account of a request. */
export const activitiesLoader = (app: App, ctx: RequestContext, first: number, after: ActivityCursor | null) =>
  ctx.loaders.for<string, (ActivityRow & { sortKey: string })[]>(
    `activities:${first}:${after ? `${after.occurredAt}:${after.id}` : ''}`,
    async (ids) => groupByKey(ids, await activitiesOf(app.db, ids, first, after), (r) => r.accountId),
  );

export const accountContractsLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, ContractRow[]>('account-contracts', async (ids) =>
    groupByKey(ids, await contractsOfAccounts(app.db, ids), (r) => r.accountId),
  );

export const contractLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, ContractRow | null>('contract', async (ids) =>
    byKey(ids, await contractsByIds(app.db, ids), (r) => r.id),
  );

export const contractProductionLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, Production>('contract-production', async (ids) =>
    byKey(ids, await contractProduction(app.db, ids), (r) => r.contractId, NO_PRODUCTION),
  );

export const targetProductionLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, Production>('target-production', async (ids) =>
    byKey(ids, await targetProduction(app.db, ids), (r) => r.targetId, NO_PRODUCTION),
  );

export const hotelEventLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, HotelEventRow | null>('hotel-event', async (ids) =>
    byKey(ids, await eventsByIds(app.db, ids.filter(isUuid)), (r) => r.id),
  );

export const accountEventsLoader = (app: App, ctx: RequestContext, first: number) =>
  ctx.loaders.for<string, HotelEventRow[]>(`account-events:${first}`, async (ids) =>
    groupByKey(ids, await latestEventsOfAccounts(app.db, ids.filter(isUuid), first), (r) => r.accountId),
  );

/** Events a guest attended or planned, at most 50 each. */
export const guestEventsLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, HotelEventRow[]>('guest-events', async (ids) =>
    groupByKey(ids, await eventsOfGuests(app.db, ids.filter(isUuid), 50), (r) => r.guestId),
  );

export const eventAttendeesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, AttendeeRow[]>('event-attendees', async (ids) =>
    groupByKey(ids, await attendeesOfEvents(app.db, ids), (r) => r.eventId),
  );

export const eventNotesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, EventNoteRow[]>('event-notes', async (ids) =>
    groupByKey(ids, await notesOfEvents(app.db, ids), (r) => r.eventId),
  );

/** "What we learned last time", at most 50 notes per event. */
export const earlierNotesLoader = (app: App, ctx: RequestContext) =>
  ctx.loaders.for<string, EventNoteRow[]>('event-earlier-notes', async (ids) =>
    groupByKey(ids, await earlierNotesOfEvents(app.db, ids, 50), (r) => r.forEventId),
  );
