import { mergeResolvers } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { ledgerResolvers } from './ledger.resolver.js';
import { membershipResolvers } from './membership.resolver.js';
import { programmeResolvers } from './programme.resolver.js';
import { redemptionResolvers } from './redemption.resolver.js';

export const resolvers = (app: App) =>
  mergeResolvers(membershipResolvers(app), ledgerResolvers(app), redemptionResolvers(app), programmeResolvers(app));
