import {
  badInput,
  decodeCursor,
  encodeCursor,
  isUuid,
  pageOf,
  pageSize,
  type RequestContext,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { satisfactionClass } from '../domain/survey.js';
import { loaders } from './loaders.js';

type GuestRef = { id: string };

/** The keyset position a cursor of this guest's case history holds; any other is BAD_USER_INPUT on `after`. */
function positionIn(guestId: string, cursor: string): { at: Date; id: string } {
  const [owner, at, id] = decodeCursor(cursor);
  const date = new Date(typeof at === 'string' ? at : '');
  if (owner !== guestId || Number.isNaN(date.getTime()) || !isUuid(id))
    throw badInput('after', "after is not a cursor of this guest's cases");
  return { at: date, id };
}

/** The cursors of a guest's open cases carry this mark, so a cursor of the case history is refused here. */
const OPEN = 'open';

/** The keyset position a cursor of this guest's open cases holds; any other is BAD_USER_INPUT on `after`. */
function openPositionIn(guestId: string, cursor: string): { at: Date; id: string } {
  const [mark, owner, at, id] = decodeCursor(cursor);
  const date = new Date(typeof at === 'string' ? at : '');
  if (mark !== OPEN || owner !== guestId || Number.isNaN(date.getTime()) || !isUuid(id))
    throw badInput('after', "after is not a cursor of this guest's open cases");
  return { at: date, id };
}

/** The fields service-recovery adds to guests' Guest, each batched across every guest in the response. */
export function guestResolvers(app: App) {
  return {
    Guest: {
      satisfaction: async (g: GuestRef, _: unknown, ctx: RequestContext) =>
        satisfactionClass((await loaders(app, ctx).overallScoresByGuest.load(g.id)).map((r) => r.overall)),
      openCases: (g: GuestRef, _: unknown, ctx: RequestContext) => loaders(app, ctx).openCasesByGuest.load(g.id),
      cases: async (g: GuestRef, args: { first?: number | null; after?: string | null }, ctx: RequestContext) => {
        const n = pageSize(args.first, { max: 200, fallback: 20 });
        if (n < 1) throw badInput('first', 'first must be between 1 and 200');
        const after = args.after ? positionIn(g.id, args.after) : null;
        const rows = await loaders(app, ctx)
          .latestCasesByGuest(n + 1, after)
          .load(g.id);
        return pageOf(rows, n, (c) => encodeCursor([g.id, c.openedAt.toISOString(), c.id]));
      },
      openCasesConnection: async (
        g: GuestRef,
        args: { first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        const n = pageSize(args.first, { max: 200, fallback: 20 });
        const after = args.after ? openPositionIn(g.id, args.after) : null;
        const rows = await loaders(app, ctx)
          .openCasesPageByGuest(n + 1, after)
          .load(g.id);
        return pageOf(rows, n, (c) => encodeCursor([OPEN, g.id, c.dueAt.toISOString(), c.id]));
      },
      previousComplaint: (g: GuestRef, _: unknown, ctx: RequestContext) =>
        loaders(app, ctx).previousComplaint.load(g.id),
    },
  };
}
