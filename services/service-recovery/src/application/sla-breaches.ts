import { serviceRecovery } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { addSystemEntries, markBreached, type SlaClock } from '../persistence/case.repository.js';

/**
 * Marks every case whose acknowledge or resolve clock ran out by `now`, escalates it to the manager and
 * publishes case.sla-breached. The mark is set by the same UPDATE that finds the case, so a second run (or
 * two running at once) finds nothing more to do.
 */
export async function markSlaBreaches(rt: Runtime, now: Date): Promise<{ acknowledge: number; resolve: number }> {
  return rt.bus.transact(async (tx) => {
    const acknowledge = await markClock(rt, tx, 'ACKNOWLEDGE', now);
    const resolve = await markClock(rt, tx, 'RESOLVE', now);
    return { acknowledge, resolve };
  });
}

async function markClock(rt: Runtime, tx: EntityManager, clock: SlaClock, now: Date) {
  const rows = await markBreached(tx, clock, now);
  if (!rows.length) return 0;
  await addSystemEntries(
    tx,
    rows.map((r) => r.id),
    now,
    'SLA_BREACHED',
    `${clock.toLowerCase()} clock ran out; escalated to MANAGER`,
  );
  for (const r of rows)
    await rt.bus.emit(tx, serviceRecovery.caseSlaBreached, {
      caseId: r.id,
      guestId: r.guest_id,
      clock,
      severity: r.severity,
      department: r.department,
      dueAt: new Date(r.due_at).toISOString(),
      breachedAt: now.toISOString(),
    });
  return rows.length;
}
