import type { Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { markSlaBreaches } from '../application/sla-breaches.js';

export function startJobs(rt: Runtime, app: App) {
  // A CRITICAL case has 15 minutes to be acknowledged: checking every minute keeps escalation timely.
  rt.schedule('sla-breaches', app.slaCheckMs, () => markSlaBreaches(app.rt, app.rt.clock.now()));
}
