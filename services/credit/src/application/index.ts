import { settingsOf } from '@guest-graph/config';
import type { Runtime } from '@guest-graph/subgraph-kit';
import { type CollectionPolicy, collectionPolicyFrom } from '../domain/collection-stage.js';

/** What credit's use cases take from the running service. */
export type Credit = Pick<Runtime, 'dataSource' | 'bus' | 'clock' | 'logger'>;

/** The composition root: the running service and credit's settings, built once per runtime. */
export interface App extends Credit {
  /** Days past due at which each collection stage starts (`CREDIT_COLLECTION_DAYS`). */
  policy: CollectionPolicy;
  /** How often the collection job runs. */
  collectionEveryMs: number;
  /** How long an authorisation waits for its check-in before it counts as abandoned. */
  authorizationWindowMs: number;
}

const apps = new WeakMap<Runtime, App>();

export function appFor(rt: Runtime): App {
  let app = apps.get(rt);
  if (!app) {
    const settings = settingsOf('credit', rt.env);
    app = {
      dataSource: rt.dataSource,
      bus: rt.bus,
      clock: rt.clock,
      logger: rt.logger,
      policy: collectionPolicyFrom(settings.CREDIT_COLLECTION_DAYS),
      collectionEveryMs: settings.CREDIT_COLLECTION_EVERY_MS,
      authorizationWindowMs: settings.CREDIT_AUTHORIZATION_WINDOW_MS,
    };
    apps.set(rt, app);
  }
  return app;
}
