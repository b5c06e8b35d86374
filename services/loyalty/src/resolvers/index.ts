import { mergeResolvers, type Runtime } from '@guest-graph/subgraph-kit';
import { loyaltyOf } from '../operations/loyalty.js';
import { ledgerResolvers } from './ledger.resolver.js';
import { membershipResolvers } from './membership.resolver.js';
import { programmeResolvers } from './programme.resolver.js';
import { redemptionResolvers } from './redemption.resolver.js';

export const resolvers = (rt: Runtime) => {
  const l = loyaltyOf(rt);
  return mergeResolvers(membershipResolvers(l), ledgerResolvers(l), redemptionResolvers(l), programmeResolvers(l));
};
