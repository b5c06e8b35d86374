import type { Runtime } from '@guest-graph/subgraph-kit';
import type { Loyalty } from '../operations/loyalty.js';
import { expirePoints } from '../operations/points-expiry.js';
import { rollOverYear } from '../operations/year-roll-over.js';

const HOUR = 3_600_000;

/** Both jobs are idempotent, so an hourly run catches up after downtime and a second run changes nothing. */
export function startJobs(rt: Runtime, l: Loyalty) {
  rt.schedule('year-roll-over', HOUR, () => rollOverYear(l, l.clock.now()));
  rt.schedule('points-expiry', HOUR, () => expirePoints(l, l.clock.now()));
}
