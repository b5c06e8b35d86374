import type { Queryable } from '@guest-graph/db';

// Months are bucketed by PostgreSQL in the hotel's zone (its own copy of the IANA database, the same rules as
// the clock's `Intl`), so a complaint at 00:30 on 1 April in Beijing counts for April.

type Count = { key: string; count: number };

/** The case analysis's figures over cases opened in [start, end), as the database sums them. */
export async function caseFigures(db: Queryable, start: Date, end: Date, timeZone: string) {
  const q = <T>(sql: string, zoned = false) =>
    db.query(sql, zoned ? [start, end, timeZone] : [start, end]) as Promise<T[]>;
  const inPeriod = 'FROM service_recovery.complaint_case c WHERE c.opened_at >= $1 AND c.opened_at < $2';
  const countBy = (expr: string) =>
    q<Count>(`SELECT ${expr} AS key, count(*)::int AS count ${inPeriod} GROUP BY 1 ORDER BY 2 DESC, 1`);
  const [byCategory, byDepartment, byRootCause, byMonth, durations, sla, departments, compensation, byGuestTier] =
    await Promise.all([
      countBy('c.category'),
      countBy('c.department'),
      countBy(`COALESCE(c.root_cause, 'UNKNOWN')`),
      q<Count>(
        `SELECT to_char(c.opened_at AT TIME ZONE $3, 'YYYY-MM') AS key, count(*)::int AS count ${inPeriod}
          GROUP BY 1 ORDER BY 1`,
        true,
      ),
      q<{ hours: number }>(
        `SELECT extract(epoch FROM (c.resolved_at - c.opened_at)) / 3600.0 AS hours ${inPeriod}
            AND c.resolved_at IS NOT NULL`,
      ),
      q<{
        total: number;
        resolved: number;
        resolved_in_time: number;
        acked: number;
        acked_in_time: number;
        repeats: number;
      }>(
        `SELECT count(*)::int AS total,
                count(*) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS resolved,
                count(*) FILTER (WHERE c.resolved_at IS NOT NULL AND c.resolved_at <= c.due_at)::int AS resolved_in_time,
                count(*) FILTER (WHERE c.acknowledged_at IS NOT NULL)::int AS acked,
                count(*) FILTER (WHERE c.acknowledged_at IS NOT NULL
                                   AND c.acknowledged_at <= c.acknowledge_due_at)::int AS acked_in_time,
                count(*) FILTER (WHERE c.repeat_of_case_id IS NOT NULL)::int AS repeats
           ${inPeriod}`,
      ),
      q<{ department: string; cases: number; ack: number; res: number; resolved: number; in_time: number }>(
        `SELECT c.department, count(*)::int AS cases,
                count(*) FILTER (WHERE c.acknowledge_breached_at IS NOT NULL)::int AS ack,
                count(*) FILTER (WHERE c.resolve_breached_at IS NOT NULL)::int AS res,
                count(*) FILTER (WHERE c.resolved_at IS NOT NULL)::int AS resolved,
                count(*) FILTER (WHERE c.resolved_at IS NOT NULL AND c.resolved_at <= c.due_at)::int AS in_time
           ${inPeriod} GROUP BY c.department ORDER BY c.department`,
      ),
      q<{ kind: string; count: number; points: number; amount: string }>(
        `SELECT k.kind, count(*)::int AS count, sum(k.points)::int AS points, sum(k.amount)::numeric(14,2)::text AS amount
           FROM service_recovery.compensation k
           JOIN service_recovery.complaint_case c ON c.id = k.case_id
          WHERE c.opened_at >= $1 AND c.opened_at < $2 AND k.status = 'GRANTED'
          GROUP BY k.kind ORDER BY k.kind`,
      ),
      // Tier as loyalty knows it today: which of the best guests the hotel keeps failing.
      q<Count>(
        `SELECT COALESCE(t.tier, 'NOT_A_MEMBER') AS key, count(*)::int AS count
           FROM service_recovery.complaint_case c
           LEFT JOIN service_recovery.guest_tier t ON t.guest_id = c.guest_id
          WHERE c.opened_at >= $1 AND c.opened_at < $2
          GROUP BY 1 ORDER BY 2 DESC, 1`,
      ),
    ]);
  return { byCategory, byDepartment, byRootCause, byMonth, durations, sla, departments, compensation, byGuestTier };
}

/** Survey answers submitted in [start, end), gathered per property and month of answer (hotel time). */
export async function surveyAnswersByPropertyMonth(
  db: Queryable,
  start: Date,
  end: Date,
  propertyCode: string | null,
  timeZone: string,
) {
  const rows: {
    property_code: string;
    month: string;
    overall: number[];
    room: number[];
    service: number[];
    fb: (number | null)[];
    recommend: number[];
  }[] = await db.query(
    `SELECT property_code, to_char(submitted_at AT TIME ZONE $4, 'YYYY-MM') AS month,
            array_agg(overall) AS overall, array_agg(room) AS room, array_agg(service) AS service,
            array_agg(food_and_beverage) AS fb, array_agg(recommend) AS recommend
       FROM service_recovery.survey
      WHERE submitted_at >= $1 AND submitted_at < $2 AND ($3::text IS NULL OR property_code = $3)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [start, end, propertyCode, timeZone],
  );
  return rows;
}

export type RateRow = { dimension: 'property' | 'department' | 'segment'; key: string; stays: number; cases: number };

/**
 * Checked-out stays departing in [from, to] from this service's copy of the stays (fed by the guests service's
 * stay events), and the cases opened about them, by property and by the department handling them: one
 * statement. A department's rate is over all the period's stays (any stay can give any department a case); a
 * segment's over its stays, by the guest's segment at check-out (UNKNOWN when the event did not carry it).
 */
export function complaintRateRows(db: Queryable, from: string, to: string): Promise<RateRow[]> {
  return db.query(
    `WITH s AS (SELECT stay_id, property_code, coalesce(segment, 'UNKNOWN') AS segment FROM service_recovery.stay
                 WHERE checked_out_at IS NOT NULL AND departure_date BETWEEN $1::date AND $2::date),
          c AS (SELECT c.department, s.property_code, s.segment
                  FROM service_recovery.complaint_case c JOIN s ON s.stay_id = c.stay_id)
     SELECT 'property' AS dimension, s.property_code AS key, count(*)::int AS stays,
            (SELECT count(*) FROM c WHERE c.property_code = s.property_code)::int AS cases
       FROM s GROUP BY s.property_code
     UNION ALL
     SELECT 'segment', s.segment, count(*)::int, (SELECT count(*) FROM c WHERE c.segment = s.segment)::int
       FROM s GROUP BY s.segment
     UNION ALL
     SELECT 'department', c.department, (SELECT count(*) FROM s)::int, count(*)::int FROM c GROUP BY c.department
     ORDER BY 1, 2`,
    [from, to],
  ) as Promise<RateRow[]>;
}
