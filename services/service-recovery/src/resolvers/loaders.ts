import { byKey, groupByKey, type RequestContext } from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { hadComplaintSince } from '../domain/repeat-complaint.js';
import {
  casesById,
  casesOfStays,
  compensationsOfCases,
  guestsWithCasesSince,
  latestCasesOfGuests,
  openCasesOfGuests,
  openCasesOfGuestsPage,
  surveysById,
  surveysOfStays,
  timelinesOfCases,
} from '../persistence/case.repository.js';
import type { CaseTimelineEntry, Compensation, ComplaintCase, StaySurvey } from '../persistence/index.js';
import { overallScoresOfGuests } from '../persistence/survey.repository.js';

// One SQL statement per loader per request, whatever the number of guests or cases asked for.
export function loaders(app: App, ctx: RequestContext) {
  const db = app.rt.dataSource;
  return {
    caseById: ctx.loaders.for<string, ComplaintCase | null>('case-by-id', async (ids) =>
      byKey(ids, await casesById(db, ids), (c) => c.id),
    ),
    casesByStay: ctx.loaders.for<string, ComplaintCase[]>('cases-by-stay', async (stayIds) =>
      groupByKey(stayIds, await casesOfStays(db, stayIds), (c) => c.stayId ?? ''),
    ),
    overallScoresByGuest: ctx.loaders.for<string, { guestId: string; overall: number }[]>(
      'overall-scores-by-guest',
      async (guestIds) => groupByKey(guestIds, await overallScoresOfGuests(db, guestIds), (r) => r.guestId),
    ),
    openCasesByGuest: ctx.loaders.for<string, ComplaintCase[]>('open-cases-by-guest', async (guestIds) =>
      groupByKey(guestIds, await openCasesOfGuests(db, guestIds), (c) => c.guestId),
    ),
    latestCasesByGuest: (limit: number, after: { at: Date; id: string } | null) =>
      ctx.loaders.for<string, ComplaintCase[]>(
        `latest-cases-by-guest:${limit}:${after ? `${after.at.toISOString()}|${after.id}` : ''}`,
        async (guestIds) =>
          groupByKey(guestIds, await latestCasesOfGuests(db, guestIds, limit, after), (c) => c.guestId),
      ),
    openCasesPageByGuest: (limit: number, after: { at: Date; id: string } | null) =>
      ctx.loaders.for<string, ComplaintCase[]>(
        `open-cases-page-by-guest:${limit}:${after ? `${after.at.toISOString()}|${after.id}` : ''}`,
        async (guestIds) =>
          groupByKey(guestIds, await openCasesOfGuestsPage(db, guestIds, limit, after), (c) => c.guestId),
      ),
    previousComplaint: ctx.loaders.for<string, boolean>('previous-complaint', async (guestIds) => {
      const found = await guestsWithCasesSince(db, guestIds, hadComplaintSince(app.rt.clock.now()));
      return guestIds.map((g) => found.has(g));
    }),
    timelineByCase: ctx.loaders.for<string, CaseTimelineEntry[]>('timeline-by-case', async (caseIds) =>
      groupByKey(caseIds, await timelinesOfCases(db, caseIds), (t) => t.caseId),
    ),
    compensationsByCase: ctx.loaders.for<string, Compensation[]>('compensations-by-case', async (caseIds) =>
      groupByKey(caseIds, await compensationsOfCases(db, caseIds), (t) => t.caseId),
    ),
    surveyById: ctx.loaders.for<string, StaySurvey | null>('survey-by-id', async (ids) =>
      byKey(ids, await surveysById(db, ids), (s) => s.id),
    ),
    surveyByStay: ctx.loaders.for<string, StaySurvey | null>('survey-by-stay', async (ids) =>
      byKey(ids, await surveysOfStays(db, ids), (s) => s.stayId),
    ),
  };
}
