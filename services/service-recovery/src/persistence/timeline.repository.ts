import type { DataSource } from 'typeorm';

export interface TimelineFact {
  guestId: string;
  key: string;
  kind: 'CASE_OPENED' | 'CASE_RESOLVED' | 'COMPENSATION_GRANTED' | 'SURVEY_SUBMITTED';
  category: string | null;
  severity: string | null;
  compensationKind: string | null;
  points: number | null;
  amount: string | null;
  overall: number | null;
  at: Date;
}

/** Cases, granted compensation and answered surveys as timeline facts, in key order after `after`. */
export const timelineHistory = (db: DataSource, after: string | null, limit: number): Promise<TimelineFact[]> =>
  db.query(
    `SELECT * FROM (
       SELECT guest_id AS "guestId", 'service-recovery:case-opened:' || id AS key, 'CASE_OPENED' AS kind,
              category, severity, NULL AS "compensationKind", NULL::int AS points, NULL::text AS amount,
              NULL::int AS overall, opened_at AS at
         FROM service_recovery.complaint_case
       UNION ALL
       SELECT guest_id, 'service-recovery:case-resolved:' || id || ':'
                || to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'CASE_RESOLVED', category, NULL, NULL, NULL, NULL, NULL, resolved_at
         FROM service_recovery.complaint_case WHERE resolved_at IS NOT NULL AND NOT resolved_event_held
       UNION ALL
       SELECT c.guest_id, 'service-recovery:compensation:' || x.id, 'COMPENSATION_GRANTED', NULL, NULL, x.kind,
              x.points, x.amount::text, NULL, x.granted_at
         FROM service_recovery.compensation x JOIN service_recovery.complaint_case c ON c.id = x.case_id
        WHERE x.status = 'GRANTED'
       UNION ALL
       SELECT guest_id, 'service-recovery:survey:' || id, 'SURVEY_SUBMITTED', NULL, NULL, NULL, NULL, NULL,
              overall, submitted_at
         FROM service_recovery.survey WHERE submitted_at IS NOT NULL
     ) h WHERE $1::text IS NULL OR key > $1 ORDER BY key LIMIT $2`,
    [after, limit],
  );

/**
 * Cases opened about a stay, in id order after `after` (the primary key's range), with the stay and the words
 * `case.opened` told: the stay report backfill's pages (guests).
 */
export const stayCasePage = (
  db: DataSource,
  after: string | null,
  limit: number,
): Promise<
  { caseId: string; stayId: string; category: string; severity: string; department: string; openedAt: Date }[]
> =>
  db.query(
    `SELECT id AS "caseId", stay_id AS "stayId", category, severity, department, opened_at AS "openedAt"
       FROM service_recovery.complaint_case
      WHERE ($1::uuid IS NULL OR id > $1::uuid) AND stay_id IS NOT NULL
      ORDER BY id LIMIT $2`,
    [after, limit],
  );
