import { addDays, badInput, type Clock, daysBetween, type Runtime } from '@guest-graph/subgraph-kit';
import { compliance, mean, percentile, round1 } from '../domain/analysis.js';
import { csat, nps } from '../domain/survey.js';

/** [from, to] as whole hotel days (to inclusive): from midnight at the hotel, not in UTC. */
function period(clock: Clock, from: string, to: string) {
  const days = daysBetween(from, to);
  if (days < 0) throw badInput('to', 'to must not be before from');
  if (days > 3 * 366) throw badInput('to', 'At most three years at a time');
  return [clock.startOfDay(from), clock.startOfDay(addDays(to, 1))] as const;
}

// Months are bucketed by PostgreSQL in the hotel's zone (its own copy of the IANA database, the same rules as
// the clock's `Intl`), so a complaint at 00:30 on 1 April in Beijing counts for April.

type Count = { key: string; count: number };

/**
 * The complaint analysis (seed 004, step 8): what went wrong where, how fast it was put right, whether the
 * promises held, and what it cost. Cases are counted in the period they were opened.
 */
export async function caseAnalysis(rt: Runtime, from: string, to: string) {
  const [start, end] = period(rt.clock, from, to);
  const q = <T>(sql: string, zoned = false) =>
    rt.dataSource.query(sql, zoned ? [start, end, rt.clock.timeZone] : [start, end]) as Promise<T[]>;
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
  const hours = durations.map((d) => Number(d.hours));
  const s = sla[0]!;
  return {
    from,
    to,
    total: s.total,
    byCategory,
    byDepartment,
    byRootCause,
    byMonth,
    byGuestTier,
    meanHoursToResolve: round1(mean(hours)),
    p90HoursToResolve: round1(percentile(hours, 90)),
    resolveCompliance: compliance(s.resolved_in_time, s.resolved),
    acknowledgeCompliance: compliance(s.acked_in_time, s.acked),
    slaByDepartment: departments.map((d) => ({
      department: d.department,
      cases: d.cases,
      acknowledgeBreaches: d.ack,
      resolveBreaches: d.res,
      resolveCompliance: compliance(d.in_time, d.resolved),
    })),
    repeatCases: s.repeats,
    compensation: compensation.map((k) => ({
      kind: k.kind,
      count: k.count,
      points: k.points,
      amount: k.amount,
    })),
  };
}

/** CSAT per question and NPS by property and month of answer (the survey report). */
export async function surveyScores(rt: Runtime, from: string, to: string, propertyCode?: string | null) {
  const [start, end] = period(rt.clock, from, to);
  const rows: {
    property_code: string;
    month: string;
    overall: number[];
    room: number[];
    service: number[];
    fb: (number | null)[];
    recommend: number[];
  }[] = await rt.dataSource.query(
    `SELECT property_code, to_char(submitted_at AT TIME ZONE $4, 'YYYY-MM') AS month,
            array_agg(overall) AS overall, array_agg(room) AS room, array_agg(service) AS service,
            array_agg(food_and_beverage) AS fb, array_agg(recommend) AS recommend
       FROM service_recovery.survey
      WHERE submitted_at >= $1 AND submitted_at < $2 AND ($3::text IS NULL OR property_code = $3)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [start, end, propertyCode ?? null, rt.clock.timeZone],
  );
  return rows.map((r) => ({
    propertyCode: r.property_code,
    month: r.month,
    responses: r.overall.length,
    csatOverall: csat(r.overall),
    csatRoom: csat(r.room),
    csatService: csat(r.service),
    csatFoodAndBeverage: csat(r.fb.filter((x): x is number => x !== null)),
    nps: nps(r.recommend),
  }));
}
