import { STAFF_BUT_ANALYST } from '@guest-graph/auth';
import {
  decodeCursor,
  encodeCursor,
  guarded,
  pageOf,
  pageSize,
  parseInput,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { App } from '../application/index.js';
import { SALES_ROLES } from '../domain/access.js';
import { createAccountInput } from '../domain/account-file.js';
import { assignLeadInput, LEAD_STATUSES, type LeadStatus, leadSource, passLeadInput } from '../domain/sales-lead.js';
import type { LeadRow } from '../persistence/sales-lead.repository.js';
import { actorOf } from './actor.js';
import { accountLoader } from './loaders.js';

const convertInput = createAccountInput.extend({ name: createAccountInput.shape.name.nullish() });

/** Hand-offs to sales: any department passes a lead; sales assigns, converts or dismisses it. */
export function salesLeadResolvers(app: App) {
  return {
    SalesLead: {
      account: (l: LeadRow, _: unknown, ctx: RequestContext) =>
        l.accountId ? accountLoader(app, ctx).load(l.accountId) : null,
    },
    Query: {
      salesLeads: async (
        _: unknown,
        args: { status?: string | null; assignedTo?: string | null; first?: number | null; after?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        const first = pageSize(args.first, { max: 200, fallback: 50 });
        const status = args.status && (LEAD_STATUSES as readonly string[]).includes(args.status) ? args.status : null;
        let after: { at: string; id: string } | null = null;
        if (args.after) {
          const [at, id] = decodeCursor(args.after);
          const parsed = z.tuple([z.string().datetime(), z.string().uuid()]).safeParse([at, id]);
          after = parsed.success ? { at: parsed.data[0], id: parsed.data[1] } : null;
        }
        const rows = await app.salesLeads(
          app.db,
          { status: status as LeadStatus | null, assignedTo: args.assignedTo ?? null },
          first,
          after,
        );
        return pageOf(rows, first, (l) => encodeCursor([new Date(l.createdAt).toISOString(), l.id]));
      },
    },
    Mutation: {
      passLead: guarded(STAFF_BUT_ANALYST, (_: unknown, args: { input: unknown }, ctx: RequestContext) =>
        app.passLead(parseInput(passLeadInput, args.input), leadSource(ctx.identity.roles), actorOf(ctx)),
      ),
      assignLead: (_: unknown, args: { id: string; salespersonId: string; dueOn: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(assignLeadInput, { salespersonId: args.salespersonId, dueOn: args.dueOn }, '');
        return app.assignLead(args.id, input.salespersonId, input.dueOn);
      },
      dismissLead: (_: unknown, args: { id: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return app.dismissLead(args.id);
      },
      convertLead: async (_: unknown, args: { id: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        return (await app.convertLead(args.id, parseInput(convertInput, args.input), actorOf(ctx))).lead;
      },
    },
  };
}
