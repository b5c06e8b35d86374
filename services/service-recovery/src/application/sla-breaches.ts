import { changedRows } from '@guest-graph/db';
import { serviceRecovery } from '@guest-graph/events';
import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';

interface Breached {
  id: string;
  guest_id: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  department: string;
  due_at: Date;
}

const CLOCKS = {
  ACKNOWLEDGE: {
    mark: 'acknowledge_breached_at',
    due: 'acknowledge_due_at',
    statuses: `('OPEN')`,
  },
  RESOLVE: {
    mark: 'resolve_breached_at',
    due: 'due_at',
    statuses: `('OPEN','IN_PROGRESS')`,
  },
} as const;

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

async function markClock(rt: Runtime, tx: EntityManager, clock: keyof typeof CLOCKS, now: Date) {
  const c = CLOCKS[clock];
  const rows = await changedRows<Breached>(
    tx,
    `UPDATE service_recovery.complaint_case
        SET ${c.mark} = $1, escalated_at = COALESCE(escalated_at, $1)
      WHERE status IN ${c.statuses} AND ${c.mark} IS NULL AND ${c.due} <= $1
      RETURNING id, guest_id, severity, department, ${c.due} AS due_at`,
    [now],
  );
  if (!rows.length) return 0;
  const ids = rows.map((r) => r.id);
  await tx.query(
    `INSERT INTO service_recovery.case_timeline (case_id, at, actor, kind, note)
     SELECT id, $2, 'system', 'SLA_BREACHED', $3 FROM unnest($1::uuid[]) AS id`,
    [ids, now, `${clock.toLowerCase()} clock ran out; escalated to MANAGER`],
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
