import { byKey, groupByKey, isUuid, type RequestContext, type Runtime } from '@guest-graph/subgraph-kit';
import { In } from 'typeorm';
import { hadComplaintSince } from '../domain/repeat-complaint.js';
import { CaseTimelineEntry, Compensation, ComplaintCase, StaySurvey } from '../persistence/index.js';

/** Ids that are not uuids cannot match a row; leaving them out keeps Postgres from refusing the batch. */
const valid = (keys: readonly string[]) => keys.filter(isUuid);

// One SQL statement per loader per request, whatever the number of guests or cases asked for.
export function loaders(rt: Runtime, ctx: RequestContext) {
  const cases = () => rt.dataSource.getRepository(ComplaintCase);
  return {
    caseById: ctx.loaders.for<string, ComplaintCase | null>('case-by-id', async (ids) =>
      byKey(ids, await cases().findBy({ id: In(valid(ids)) }), (c) => c.id),
    ),
    openCasesByGuest: ctx.loaders.for<string, ComplaintCase[]>('open-cases-by-guest', async (guestIds) =>
      groupByKey(
        guestIds,
        await cases().find({
          where: { guestId: In(valid(guestIds)), status: In(['OPEN', 'IN_PROGRESS']) },
          order: { dueAt: 'ASC', id: 'ASC' },
        }),
        (c) => c.guestId,
      ),
    ),
    casesByGuest: ctx.loaders.for<string, ComplaintCase[]>('cases-by-guest', async (guestIds) =>
      groupByKey(
        guestIds,
        await cases().find({ where: { guestId: In(valid(guestIds)) }, order: { openedAt: 'DESC', id: 'DESC' } }),
        (c) => c.guestId,
      ),
    ),
    previousComplaint: ctx.loaders.for<string, boolean>('previous-complaint', async (guestIds) => {
      const rows: { guest_id: string }[] = await rt.dataSource.query(
        `SELECT DISTINCT guest_id FROM service_recovery.complaint_case
          WHERE guest_id = ANY($1::uuid[]) AND opened_at >= $2`,
        [valid(guestIds), hadComplaintSince(rt.clock.now())],
      );
      const found = new Set(rows.map((r) => r.guest_id));
      return guestIds.map((g) => found.has(g));
    }),
    timelineByCase: ctx.loaders.for<string, CaseTimelineEntry[]>('timeline-by-case', async (caseIds) =>
      groupByKey(
        caseIds,
        await rt.dataSource
          .getRepository(CaseTimelineEntry)
          .find({ where: { caseId: In(valid(caseIds)) }, order: { id: 'ASC' } }),
        (t) => t.caseId,
      ),
    ),
    compensationsByCase: ctx.loaders.for<string, Compensation[]>('compensations-by-case', async (caseIds) =>
      groupByKey(
        caseIds,
        await rt.dataSource
          .getRepository(Compensation)
          .find({ where: { caseId: In(valid(caseIds)) }, order: { offeredAt: 'ASC', id: 'ASC' } }),
        (t) => t.caseId,
      ),
    ),
    surveyById: ctx.loaders.for<string, StaySurvey | null>('survey-by-id', async (ids) =>
      byKey(ids, await rt.dataSource.getRepository(StaySurvey).findBy({ id: In(valid(ids)) }), (s) => s.id),
    ),
    surveyByStay: ctx.loaders.for<string, StaySurvey | null>('survey-by-stay', async (ids) =>
      byKey(ids, await rt.dataSource.getRepository(StaySurvey).findBy({ stayId: In(valid(ids)) }), (s) => s.stayId),
    ),
  };
}
