import { settingsOf } from '@guest-graph/config';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { Loyalty } from './loyalty.js';

/**
 * The composition root: what every use case, resolver and consumer of this service works with, built once per
 * runtime (the resolvers and the consumers of one service share it).
 */
export type App = Loyalty;

const apps = new WeakMap<Runtime, App>();

export function appFor(rt: Runtime): App {
  let app = apps.get(rt);
  if (!app) {
    const settings = settingsOf('loyalty', rt.env);
    app = {
      dataSource: rt.dataSource,
      bus: rt.bus,
      clock: rt.clock,
      logger: rt.logger,
      expiryMonths: settings.LOYALTY_POINTS_EXPIRY_MONTHS,
    };
    apps.set(rt, app);
  }
  return app;
}
