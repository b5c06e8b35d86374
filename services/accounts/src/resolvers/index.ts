import type { Runtime } from '@guest-graph/subgraph-kit';
import { accountResolvers } from './account.resolver.js';
import { guestLinkResolvers } from './guest-link.resolver.js';
import { productionResolvers } from './production.resolver.js';

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

export const resolvers = (rt: Runtime) => merge(accountResolvers(rt), guestLinkResolvers(rt), productionResolvers(rt));
