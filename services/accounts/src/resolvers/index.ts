import { mergeResolvers, type Runtime } from '@guest-graph/subgraph-kit';
import { accountResolvers } from './account.resolver.js';
import { accountContactResolvers } from './account-contact.resolver.js';
import { contactCadenceResolvers } from './contact-cadence.resolver.js';
import { contractResolvers } from './contract.resolver.js';
import { guestLinkResolvers } from './guest-link.resolver.js';
import { negotiatedRateResolvers } from './negotiated-rate.resolver.js';
import { productionResolvers } from './production.resolver.js';
import { salesActivityResolvers } from './sales-activity.resolver.js';
import { salesTargetResolvers } from './sales-target.resolver.js';

export const resolvers = (rt: Runtime) =>
  mergeResolvers(
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
