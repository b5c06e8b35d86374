import type { Graph } from './graph.js';

/** What runs on its own timers (the relay, the inbox, scheduled jobs, health probes), never the query's own. */
const BACKGROUND = /outbox|inbox|scheduled_job|^\s*SELECT 1\b/i;

/**
 * Each subgraph's SQL statements for one run of `work`, the fewest of `tries` runs. A consumer, a backfill or a
 * job may still run a statement of its own while `work` runs (they are not all named above, and a slow machine
 * moves them into any window); such a statement can only add to a count, so the fewest is the query's own cost.
 */
export async function statementCost(graph: Graph, work: () => Promise<unknown>, tries = 3) {
  const counters = Object.entries(graph.services).map(([name, s]) => {
    const counter = s.runtime.queries;
    const original = counter.logQuery.bind(counter);
    counter.logQuery = (query: string, ...rest: unknown[]) => {
      if (!BACKGROUND.test(query)) (original as (...a: unknown[]) => void)(query, ...rest);
    };
    return { name, counter, restore: () => (counter.logQuery = original) };
  });
  const fewest: Record<string, number> = {};
  try {
    for (let i = 0; i < tries; i++) {
      for (const c of counters) c.counter.reset();
      await work();
      for (const c of counters) fewest[c.name] = Math.min(fewest[c.name] ?? Number.POSITIVE_INFINITY, c.counter.count);
    }
  } finally {
    for (const c of counters) c.restore();
  }
  return fewest;
}
