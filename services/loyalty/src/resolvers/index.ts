import type { Runtime } from '@guest-graph/subgraph-kit';
import { loyaltyOf } from '../operations/loyalty.js';
import { ledgerResolvers } from './ledger.resolver.js';
import { membershipResolvers } from './membership.resolver.js';
import { programmeResolvers } from './programme.resolver.js';
import { redemptionResolvers } from './redemption.resolver.js';

type ResolverMap = Record<string, Record<string, unknown>>;

function merge(...maps: ResolverMap[]): ResolverMap {
  const out: ResolverMap = {};
  for (const map of maps) for (const [type, fields] of Object.entries(map)) out[type] = { ...out[type], ...fields };
  return out;
}

export const resolvers = (rt: Runtime) => {
  const l = loyaltyOf(rt);
  return merge(membershipResolvers(l), ledgerResolvers(l), redemptionResolvers(l), programmeResolvers(l));
};
