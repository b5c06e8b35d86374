import {
  badInput,
  guarded,
  guardedField,
  isUuid,
  parseInput,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CONTACT_READERS, SALES_ROLES, TIMELINE_READERS } from '../domain/access.js';
import { createAccountInput, updateAccountInput } from '../domain/account-file.js';
import { cadenceDays } from '../domain/contact-cadence.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { decodeCursor, encodeCursor, type OrderField } from '../persistence/account-page.js';
import { actorOf } from './actor.js';
import { accountLoader, branchesLoader, primeAccounts } from './loaders.js';

const MAX_PAGE = 500;

export function accountResolvers(app: App) {
  const load = (ctx: RequestContext, id: string) => accountLoader(app, ctx).load(id);
  const primed = (ctx: RequestContext, row: AccountRow) => {
    primeAccounts(app, ctx, [row]);
    return row;
  };

  return {
    Query: {
      account: (_: unknown, { id }: { id: string }, ctx: RequestContext) => load(ctx, id),

      accounts: async (
        _: unknown,
        args: {
          first: number;
          after?: string | null;
          filter?: Record<string, string | null> | null;
          orderBy?: { field: OrderField; direction?: 'ASC' | 'DESC' | null } | null;
        },
        ctx: RequestContext,
      ) => {
        if (args.first < 1 || args.first > MAX_PAGE) throw badInput('first', `first must be 1 to ${MAX_PAGE}`);
        const field = args.orderBy?.field ?? 'NAME';
        const direction = args.orderBy?.direction ?? 'ASC';
        const order = `${field}:${direction}`;
        const after = args.after ? decodeCursor(order, args.after) : null;
        if (args.after && !after) throw badInput('after', 'after is not a cursor of this list and ordering');
        const filter = args.filter ?? {};
        if (filter.parentId && !isUuid(filter.parentId))
          return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
        const { rows, hasNextPage } = await app.accountPage({ first: args.first, after, filter, field, direction });
        primeAccounts(app, ctx, rows);
        const edges = rows.map((r) => ({ cursor: encodeCursor(order, { key: r.sortKey, id: r.id }), node: r }));
        return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
      },
    },

    Account: {
      timeline: guarded(
        TIMELINE_READERS,
        (a: { id: string }, args: { first?: number | null; after?: string | null }, ctx: RequestContext) =>
          app.accountTimelinePage(ctx, a.id, args.first, args.after),
      ),
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => load(ctx, ref.id),
      personInCharge: guardedField(CONTACT_READERS, 'personInCharge'),
      contactName: guardedField(CONTACT_READERS, 'contactName'),
      contactPhone: guardedField(CONTACT_READERS, 'contactPhone'),
      parent: (a: AccountRow, _: unknown, ctx: RequestContext) => (a.parentId ? load(ctx, a.parentId) : null),
      branches: (a: AccountRow, _: unknown, ctx: RequestContext) => branchesLoader(app, ctx).load(a.id),
      contactCadenceDays: (a: AccountRow) => cadenceDays(app.cadence, a.grade),
    },

    Mutation: {
      createAccount: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(createAccountInput, args.input);
        return primed(ctx, await app.createAccount(input, actorOf(ctx)));
      },

      updateAccount: async (_: unknown, args: { id: string; input: Record<string, unknown> }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        const input = parseInput(updateAccountInput, args.input);
        // Only the fields the caller named change; a named null clears.
        const changes = Object.fromEntries(
          Object.keys(args.input).map((field) => [field, (input as Record<string, unknown>)[field] ?? null]),
        );
        return primed(ctx, await app.updateAccount(args.id, changes, actorOf(ctx)));
      },

      setParentAccount: async (
        _: unknown,
        args: { accountId: string; parentId?: string | null },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, SALES_ROLES);
        return primed(ctx, await app.setParentAccount(args.accountId, args.parentId ?? null, actorOf(ctx)));
      },
    },
  };
}
