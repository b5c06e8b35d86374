import { mergeResolvers } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { accountCreditResolvers } from './account-credit.resolver.js';
import { collectionResolvers } from './collection.resolver.js';
import { creditDetailResolvers } from './credit-detail.resolver.js';
import { creditTermsResolvers } from './credit-terms.resolver.js';
import { receivablesResolvers } from './receivables.resolver.js';
import { reportingResolvers } from './reporting.resolver.js';
import { scorecardResolvers } from './scorecard.resolver.js';

export const resolvers = (app: App) =>
  mergeResolvers(
    accountCreditResolvers(app),
    creditTermsResolvers(app),
    receivablesResolvers(app),
    creditDetailResolvers(app),
    scorecardResolvers(app),
    collectionResolvers(app),
    reportingResolvers(app),
  );
