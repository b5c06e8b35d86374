import type { Runtime } from '@guest-graph/subgraph-kit';
import type { Loyalty } from '../operations/loyalty.js';
import { expirePoints } from '../operations/points-expiry.js';
import { rollOverYear } from '../operations/year-roll-over.js';

/**
 * Both jobs are idempotent and cost one indexed query when nothing is due, so they run every ten minutes:
 * often enough that a service redeployed more often than hourly still runs them, and a second run changes
 * nothing.
 */
const EVERY = 10 * 60_000;

export function startJobs(rt: Runtime, l: Loyalty) {
  rt.schedule('year-roll-over', EVERY, () => rollOverYear(l, l.clock.now()));
  rt.schedule('points-expiry', EVERY, () => expirePoints(l, l.clock.now()));
}
