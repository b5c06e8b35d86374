import type { Runtime } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { expirePoints } from '../application/points-expiry.js';
import { rollOverYear } from '../application/year-roll-over.js';

/**
 * Both jobs are idempotent and cost one indexed query when nothing is due, so they run every ten minutes:
 * often enough that a service redeployed more often than hourly still runs them, and a second run changes
 * nothing.
 */
const EVERY = 10 * 60_000;

export function startJobs(rt: Runtime, l: App) {
  rt.schedule('year-roll-over', EVERY, () => rollOverYear(l, l.clock.now()));
  rt.schedule('points-expiry', EVERY, () => expirePoints(l, l.clock.now()));
}
