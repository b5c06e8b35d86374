import type { Runtime } from '@guest-graph/subgraph-kit';
import { accountResolvers } from './account.resolver.js';
import { accountContactResolvers } from './account-contact.resolver.js';
import { contactCadenceResolvers } from './contact-cadence.resolver.js';
import { contractResolvers } from './contract.resolver.js';
import { guestLinkResolvers } from './guest-link.resolver.js';
import { negotiatedRateResolvers } from './negotiated-rate.resolver.js';
import { productionResolvers } from './production.resolver.js';
import { salesActivityResolvers } from './sales-activity.resolver.js';
import { salesTargetResolvers } from './sales-target.resolver.js';

type ResolverMap = Record<string, Record<string, unknown>>;

/** Each feature contributes fields to the same types (Account, Query, Mutation); merge them type by type. */
function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps)
    for (const [type, fields] of Object.entries(map)) {
      for (const name of Object.keys(fields))
        if (out[type] && name in out[type]) throw new Error(`Resolver ${type}.${name} is defined twice`);
      out[type] = { ...out[type], ...fields };
    }
  return out;
}

export const resolvers = (rt: Runtime) =>
  merge(
    accountResolvers(rt),
    guestLinkResolvers(rt),
    productionResolvers(rt),
    accountContactResolvers(rt),
    negotiatedRateResolvers(rt),
    salesActivityResolvers(rt),
    contractResolvers(rt),
    contactCadenceResolvers(rt),
    salesTargetResolvers(rt),
  );
