import {
  badInput,
  decodeCursor,
  isValidDate,
  pageSize,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { REPORT_READERS, SALES_ROLES } from '../domain/access.js';
import { primeAccounts } from './loaders.js';

export function contactCadenceResolvers(app: App) {
  return {
    Query: {
      accountsDueForContact: async (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const due = await app.accountsDueForContact(args.ownerId ?? null);
        primeAccounts(
          app,
          ctx,
          due.map((d) => d.account),
        );
        return due.map(contactDueNode);
      },
      accountsDueForContactConnection: async (
        _: unknown,
        args: { ownerId?: string | null; first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        const first = pageSize(args.first, { max: DUE_PAGE_MAX, fallback: 50 });
        const after = args.after ? dueCursor(args.after) : null;
        const page = await app.accountsDueForContactPage(args.ownerId ?? null, first, after);
        primeAccounts(
          app,
          ctx,
          page.edges.map((e) => e.node.account),
        );
        return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: contactDueNode(e.node) })) };
      },
      accountCadenceCompliance: (_: unknown, args: { ownerId?: string | null }, ctx: RequestContext) => {
        requireRole(ctx, REPORT_READERS);
        return app.accountCadenceCompliance(args.ownerId ?? null);
      },
    },
  };
}

/** The documented maximum page size of accountsDueForContactConnection. */
const DUE_PAGE_MAX = 200;

/** A cursor of accountsDueForContactConnection: [dueOn, account id]; anything else is BAD_USER_INPUT on after. */
function dueCursor(cursor: string): [string, string] {
  const [dueOn, id, ...more] = decodeCursor(cursor);
  if (typeof dueOn !== 'string' || !isValidDate(dueOn) || typeof id !== 'string' || more.length)
    throw badInput('after', 'after is not a cursor of this list');
  return [dueOn, id];
}

type DueRow = Awaited<ReturnType<App['accountsDueForContact']>>[number];
const contactDueNode = ({ account, due }: DueRow) => ({
  account,
  grade: account.grade,
  cadenceDays: due.cadenceDays,
  lastContactAt: account.lastContactAt,
  dueOn: due.dueOn,
  daysOverdue: due.daysOverdue,
});
