import { mergeResolvers } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { accountResolvers } from './account.resolver.js';
import { accountContactResolvers } from './account-contact.resolver.js';
import { contactCadenceResolvers } from './contact-cadence.resolver.js';
import { contractResolvers } from './contract.resolver.js';
import { guestLinkResolvers } from './guest-link.resolver.js';
import { hotelEventResolvers } from './hotel-event.resolver.js';
import { negotiatedRateResolvers } from './negotiated-rate.resolver.js';
import { productionResolvers } from './production.resolver.js';
import { reportingResolvers } from './reporting.resolver.js';
import { salesActivityResolvers } from './sales-activity.resolver.js';
import { salesLeadResolvers } from './sales-lead.resolver.js';
import { salesTargetResolvers } from './sales-target.resolver.js';

export const resolvers = (app: App) =>
  mergeResolvers(
    accountResolvers(app),
    guestLinkResolvers(app),
    productionResolvers(app),
    accountContactResolvers(app),
    negotiatedRateResolvers(app),
    salesActivityResolvers(app),
    contractResolvers(app),
    contactCadenceResolvers(app),
    salesTargetResolvers(app),
    salesLeadResolvers(app),
    hotelEventResolvers(app),
    reportingResolvers(app),
  );
