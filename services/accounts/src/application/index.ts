import { settingsOf } from '@guest-graph/config';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { parseCadence } from '../domain/contact-cadence.js';
import { accountFile } from './account-file.js';
import { recordCheckOuts } from './check-out-production.js';
import { contactCadence } from './contact-cadence.js';
import { contacts } from './contacts.js';
import { contracts } from './contracts.js';
import { dormancy } from './dormancy.js';
import { guestLinks } from './guest-link.js';
import { guestMerges } from './guest-merge.js';
import { hotelEvents } from './hotel-events.js';
import { negotiatedRates } from './negotiated-rates.js';
import { reporting } from './reporting.js';
import { salesActivities } from './sales-activity.js';
import { salesLeads } from './sales-leads.js';
import { salesTargets } from './sales-targets.js';
import { accountTimeline } from './timeline.js';

export type { Actor } from './actor.js';

/** The accounts service's use cases, over one runtime: what resolvers, consumers and jobs call. */
function buildApp(rt: Runtime) {
  const settings = settingsOf('accounts', rt.env);
  const cadence = parseCadence(settings.ACCOUNTS_CONTACT_CADENCE);
  const file = accountFile(rt);
  return {
    /** Reads for the request loaders (`resolvers/loaders.ts`), which hand it to repository functions. */
    db: rt.dataSource,
    clock: rt.clock,
    cadence,
    renewalAlertDays: settings.ACCOUNTS_RENEWAL_ALERT_DAYS,
    dormancyEveryMs: settings.ACCOUNTS_DORMANCY_EVERY_MS,
    ...dormancy(rt, settings.ACCOUNTS_DORMANT_AFTER_DAYS),
    ...file,
    ...salesLeads(rt, file.createAccount),
    ...guestLinks(rt),
    ...contacts(rt),
    ...negotiatedRates(rt),
    ...contracts(rt),
    ...salesActivities(rt),
    ...contactCadence(rt, cadence),
    ...salesTargets(rt),
    ...guestMerges(rt),
    ...hotelEvents(rt),
    ...accountTimeline(rt),
    ...reporting(rt),
    recordCheckOuts: (tx: Parameters<typeof recordCheckOuts>[1], stays: Parameters<typeof recordCheckOuts>[2]) =>
      recordCheckOuts(rt, tx, stays, rt.clock.now()),
  };
}

export type App = ReturnType<typeof buildApp>;

const apps = new WeakMap<Runtime, App>();

/** The application of a runtime, built once: resolvers, consumers and jobs share it. */
export function appFor(rt: Runtime): App {
  let app = apps.get(rt);
  if (!app) {
    app = buildApp(rt);
    apps.set(rt, app);
  }
  return app;
}
