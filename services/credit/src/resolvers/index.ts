import type { Runtime } from '@guest-graph/subgraph-kit';
import { accountCreditResolvers } from './account-credit.resolver.js';
import { collectionResolvers } from './collection.resolver.js';
import { creditDetailResolvers } from './credit-detail.resolver.js';
import { creditTermsResolvers } from './credit-terms.resolver.js';
import { receivablesResolvers } from './receivables.resolver.js';
import { scorecardResolvers } from './scorecard.resolver.js';

type ResolverMap = Record<string, Record<string, unknown>>;

/** Merges each feature's resolvers type by type. */
export const resolvers = (rt: Runtime) => {
  const merged: ResolverMap = {};
  const parts = [
    accountCreditResolvers(rt),
    creditTermsResolvers(rt),
    receivablesResolvers(rt),
    creditDetailResolvers(rt),
    scorecardResolvers(rt),
    collectionResolvers(rt),
  ] as ResolverMap[];
  for (const part of parts)
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...fields };
  return merged;
};
