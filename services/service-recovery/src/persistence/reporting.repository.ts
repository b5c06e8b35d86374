import type { Queryable } from '@guest-graph/db';
import { MICROS_UTC } from '@guest-graph/subgraph-kit';

export type CaseChangeRow = {
  id: string;
  guestId: string;
  stayId: string | null;
  propertyCode: string | null;
  channel: string;
  category: string;
  severity: string;
  department: string;
  status: string;
  rootCause: string | null;
  responsibleDepartment: string | null;
  openedAt: Date;
  acknowledgeDueAt: Date;
  dueAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  acknowledgeBreachedAt: Date | null;
  resolveBreachedAt: Date | null;
  escalated: boolean;
  satisfied: boolean | null;
  reopenCount: number;
  changedAt: Date;
  changedKey: string;
};

/**
 * Cases changed at or after `since` (all when null), in the order of case_changed_idx (changed_at, id),
 * strictly after the key, with the property of the stay they are about (by its key): one statement a page.
 * Only what BI counts: never the guest's words or staff notes.
 */
export const changedCasePage = (
  db: Queryable,
  since: string | null,
  after: { changedKey: string; id: string } | null,
  limit: number,
): Promise<CaseChangeRow[]> =>
  db.query(
    `SELECT c.id, c.guest_id AS "guestId", c.stay_id AS "stayId", s.property_code AS "propertyCode", c.channel,
            c.category, c.severity, c.department, c.status, c.root_cause AS "rootCause",
            c.responsible_department AS "responsibleDepartment", c.opened_at AS "openedAt",
            c.acknowledge_due_at AS "acknowledgeDueAt", c.due_at AS "dueAt", c.acknowledged_at AS "acknowledgedAt",
            c.resolved_at AS "resolvedAt", c.closed_at AS "closedAt",
            c.acknowledge_breached_at AS "acknowledgeBreachedAt", c.resolve_breached_at AS "resolveBreachedAt",
            c.escalated_at IS NOT NULL AS escalated, c.satisfied, c.reopen_count AS "reopenCount",
            c.changed_at AS "changedAt", to_char(c.changed_at AT TIME ZONE 'UTC', ${MICROS_UTC}) AS "changedKey"
       FROM service_recovery.complaint_case c
       LEFT JOIN service_recovery.stay s ON s.stay_id = c.stay_id
      WHERE ($1::timestamptz IS NULL OR c.changed_at >= $1::timestamptz)
        AND ($2::timestamptz IS NULL OR (c.changed_at, c.id) > ($2::timestamptz, $3::uuid))
      ORDER BY c.changed_at, c.id LIMIT $4`,
    [since, after?.changedKey ?? null, after?.id ?? null, limit],
  );
