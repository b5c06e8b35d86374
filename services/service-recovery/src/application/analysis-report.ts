import { addDays, badInput, type Clock, daysBetween, type Runtime } from '@guest-graph/subgraph-kit';
import { casesPer100Stays, compliance, mean, percentile, round1 } from '../domain/analysis.js';
import { csat, nps } from '../domain/survey.js';
import { caseFigures, complaintRateRows, surveyAnswersByPropertyMonth } from '../persistence/analysis.repository.js';

/** [from, to] as whole hotel days (to inclusive): from midnight at the hotel, not in UTC. */
function period(clock: Clock, from: string, to: string) {
  const days = daysBetween(from, to);
  if (days < 0) throw badInput('to', 'to must not be before from');
  if (days > 3 * 366) throw badInput('to', 'At most three years at a time');
  return [clock.startOfDay(from), clock.startOfDay(addDays(to, 1))] as const;
}

/**
 * The complaint analysis (seed 004, step 8): what went wrong where, how fast it was put right, whether the
 * promises held, and what it cost. Cases are counted in the period they were opened.
 */
export async function caseAnalysis(rt: Runtime, from: string, to: string) {
  const [start, end] = period(rt.clock, from, to);
  const { byCategory, byDepartment, byRootCause, byMonth, durations, sla, departments, compensation, byGuestTier } =
    await caseFigures(rt.dataSource, start, end, rt.clock.timeZone);
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
  const rows = await surveyAnswersByPropertyMonth(rt.dataSource, start, end, propertyCode ?? null, rt.clock.timeZone);
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

/**
 * The complaint rate BI asks for (issue 17): cases per 100 checked-out stays departing in [from, to], by
 * property and by department, from this service's own copy of the stays, so it is one query and one statement.
 */
export async function complaintRates(rt: Runtime, from: string, to: string) {
  period(rt.clock, from, to);
  const rows = await complaintRateRows(rt.dataSource, from, to);
  const rate = (r: (typeof rows)[number]) => ({
    key: r.key,
    stays: r.stays,
    cases: r.cases,
    casesPer100Stays: casesPer100Stays(r.cases, r.stays),
  });
  const byProperty = rows.filter((r) => r.dimension === 'property').map(rate);
  const stays = byProperty.reduce((t, r) => t + r.stays, 0);
  const cases = byProperty.reduce((t, r) => t + r.cases, 0);
  return {
    from,
    to,
    stays,
    cases,
    casesPer100Stays: casesPer100Stays(cases, stays),
    byProperty,
    byDepartment: rows.filter((r) => r.dimension === 'department').map(rate),
    bySegment: rows.filter((r) => r.dimension === 'segment').map(rate),
  };
}
