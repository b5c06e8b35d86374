import { mergeResolvers, type Runtime } from '@guest-graph/subgraph-kit';
import { accountCreditResolvers } from './account-credit.resolver.js';
import { collectionResolvers } from './collection.resolver.js';
import { creditDetailResolvers } from './credit-detail.resolver.js';
import { creditTermsResolvers } from './credit-terms.resolver.js';
import { receivablesResolvers } from './receivables.resolver.js';
import { scorecardResolvers } from './scorecard.resolver.js';

export const resolvers = (rt: Runtime) =>
  mergeResolvers(
    accountCreditResolvers(rt),
    creditTermsResolvers(rt),
    receivablesResolvers(rt),
    creditDetailResolvers(rt),
    scorecardResolvers(rt),
    collectionResolvers(rt),
  );
