import type { RequestContext, Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { Charges, CheckIn } from '../domain/check-in.js';
import type { GuestEntity } from '../persistence/guest.entity.js';
import { checkIn } from './check-in.js';
import { checkOut } from './check-out.js';
import { followUpComplaint } from './complaint-follow-up.js';
import { depsFor, type GuestsDeps } from './deps.js';
import { lookUpGuests } from './guest-lookup.js';
import { likelyDuplicates, mergeGuests, unmergeGuests } from './guest-merge.js';
import { refreshAllValues } from './guest-value.js';
import { pruneNameDictionary } from './name-dictionary.js';

export type { GuestsDeps, GuestsSettings } from './deps.js';

/**
 * The guests service's use cases, bound once to a running service. Resolvers and consumers translate a
 * request or a message into one of these calls; the calls own transactions, rules and events.
 */
function build(deps: GuestsDeps) {
  return {
    ...deps,
    checkIn: (ctx: RequestContext, input: CheckIn, guest: GuestEntity) => checkIn(deps, ctx, input, guest),
    checkOut: (ctx: RequestContext, stayId: string, charges: Charges) => checkOut(deps, ctx, stayId, charges),
    followUpComplaint: (tx: EntityManager, complaint: Parameters<typeof followUpComplaint>[2]) =>
      followUpComplaint(deps, tx, complaint),
    lookUpGuests: (ids: string[], stayIds?: string[] | null) => lookUpGuests(deps, ids, stayIds),
    likelyDuplicates: (guestId: string, first?: number | null) => likelyDuplicates(deps, guestId, first),
    mergeGuests: (ctx: RequestContext, survivorId: string, duplicateId: string, dryRun: boolean) =>
      mergeGuests(deps, ctx, survivorId, duplicateId, dryRun),
    unmergeGuests: (ctx: RequestContext, mergeId: string) => unmergeGuests(deps, ctx, mergeId),
    refreshAllValues: () => refreshAllValues(deps),
    pruneNameDictionary: () => pruneNameDictionary(deps),
  };
}

export type GuestsApp = ReturnType<typeof build>;

const apps = new WeakMap<Runtime, GuestsApp>();

/** The application of one running service, built on first use (one vault, one set of settings). */
export function appFor(rt: Runtime): GuestsApp {
  let app = apps.get(rt);
  if (!app) {
    app = build(depsFor(rt));
    apps.set(rt, app);
  }
  return app;
}
