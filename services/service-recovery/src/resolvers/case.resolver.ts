import { badInput, guarded, guardedField, type RequestContext } from '@guest-graph/subgraph-kit';
import { listCases } from '../application/case-list.js';
import type { App } from '../application/index.js';
import { APPROVERS, RECOVERY, STAFF } from '../domain/access.js';
import type { CaseFilter } from '../persistence/case.repository.js';
import type { CaseTimelineEntry, Compensation, ComplaintCase } from '../persistence/index.js';
import { actorOf } from './actor.js';
import { loaders } from './loaders.js';

type Ctx = RequestContext;
type Id = { id: string };

export function caseResolvers(app: App) {
  const handling = app.cases;
  const load = (ctx: Ctx) => loaders(app, ctx);
  return {
    Query: {
      case: (_: unknown, { id }: Id, ctx: Ctx) => load(ctx).caseById.load(id),
      cases: async (
        _: unknown,
        args: { filter?: CaseFilter | null; first?: number; after?: string | null },
        ctx: Ctx,
      ) => {
        if (args.first !== undefined && (args.first < 1 || args.first > 200))
          throw badInput('first', 'first must be between 1 and 200');
        const page = await listCases(app, args.filter ?? {}, args.first ?? 50, args.after);
        // Later field resolvers (repeatOf, references) find these already loaded.
        const byId = load(ctx).caseById;
        for (const { node } of page.edges) byId.prime(node.id, node);
        return page;
      },
    },
    // The stays of the guests service, with the cases opened about each (reporting joins them per page).
    Stay: {
      __resolveReference: (ref: Id) => ({ id: ref.id }),
      cases: (stay: Id, _: unknown, ctx: Ctx) => load(ctx).casesByStay.load(stay.id),
    },
    Mutation: {
      openCase: guarded(STAFF, (_: unknown, { input }: { input: unknown }, ctx: Ctx) =>
        handling.open(input, actorOf(ctx)),
      ),
      acknowledgeCase: guarded(STAFF, (_: unknown, a: Id & { note?: string }, ctx: Ctx) =>
        handling.acknowledge(a.id, a.note, actorOf(ctx)),
      ),
      assignCase: guarded(STAFF, (_: unknown, a: Id & { to: string; note?: string }, ctx: Ctx) =>
        handling.assign(a.id, a.to, a.note, actorOf(ctx)),
      ),
      commentOnCase: guarded(STAFF, (_: unknown, a: Id & { text: string }, ctx: Ctx) =>
        handling.comment(a.id, a.text, actorOf(ctx)),
      ),
      recordInvestigation: guarded(STAFF, (_: unknown, a: Id & { input: unknown }, ctx: Ctx) =>
        handling.investigate(a.id, a.input, actorOf(ctx)),
      ),
      offerCompensation: guarded(STAFF, (_: unknown, a: { caseId: string; input: unknown }, ctx: Ctx) =>
        handling.offer(a.caseId, a.input, actorOf(ctx)),
      ),
      approveCompensation: guarded(APPROVERS, (_: unknown, a: Id, ctx: Ctx) => handling.approve(a.id, actorOf(ctx))),
      rejectCompensation: guarded(APPROVERS, (_: unknown, a: Id & { reason?: string }, ctx: Ctx) =>
        handling.reject(a.id, a.reason, actorOf(ctx)),
      ),
      resolveCase: guarded(RECOVERY, (_: unknown, a: Id & { input: unknown }, ctx: Ctx) =>
        handling.resolve(a.id, a.input, actorOf(ctx)),
      ),
      replyToGuest: guarded(RECOVERY, (_: unknown, a: Id & { input: unknown }, ctx: Ctx) =>
        handling.reply(a.id, a.input, actorOf(ctx)),
      ),
      recordFollowUp: guarded(RECOVERY, (_: unknown, a: Id & { input: unknown }, ctx: Ctx) =>
        handling.followUp(a.id, a.input, actorOf(ctx)),
      ),
      reopenCase: guarded(RECOVERY, (_: unknown, a: Id & { reason: string }, ctx: Ctx) =>
        handling.reopen(a.id, a.reason, actorOf(ctx)),
      ),
    },
    // The investigator's words may name or describe the guest: ANALYST reads the categories only.
    CaseInvestigation: { detail: guardedField(STAFF, 'detail') },
    Case: {
      __resolveReference: (ref: Id, ctx: Ctx) => load(ctx).caseById.load(ref.id),
      guest: (c: ComplaintCase) => ({ __typename: 'Guest', id: c.guestId }),
      repeatOf: (c: ComplaintCase, _: unknown, ctx: Ctx) =>
        c.repeatOfCaseId ? load(ctx).caseById.load(c.repeatOfCaseId) : null,
      description: guarded(STAFF, (c: ComplaintCase) => c.description),
      acknowledgeBreached: (c: ComplaintCase) => c.acknowledgeBreachedAt !== null,
      resolveBreached: (c: ComplaintCase) => c.resolveBreachedAt !== null,
      investigation: (c: ComplaintCase) =>
        c.rootCause || c.rootCauseDetail || c.responsibleDepartment
          ? { rootCause: c.rootCause, detail: c.rootCauseDetail, responsibleDepartment: c.responsibleDepartment }
          : null,
      reply: guarded(STAFF, (c: ComplaintCase) =>
        c.repliedAt ? { channel: c.replyChannel, text: c.replyText, sentAt: c.repliedAt } : null,
      ),
      followUp: (c: ComplaintCase) =>
        c.followUpDueAt || c.followedUpAt
          ? { dueAt: c.followUpDueAt, doneAt: c.followedUpAt, satisfied: c.satisfied }
          : null,
      compensations: (c: ComplaintCase, _: unknown, ctx: Ctx) => load(ctx).compensationsByCase.load(c.id),
      timeline: guarded(STAFF, (c: ComplaintCase, _: unknown, ctx: Ctx) => load(ctx).timelineByCase.load(c.id)),
      survey: (c: ComplaintCase, _: unknown, ctx: Ctx) => (c.surveyId ? load(ctx).surveyById.load(c.surveyId) : null),
    },
    CaseCompensation: {
      note: guarded(STAFF, (c: Compensation) => c.note),
    },
    CaseTimelineEntry: {
      note: (t: CaseTimelineEntry) => t.note,
    },
  };
}
