import {
  badInput,
  guarded,
  isUuid,
  notFound,
  pageOf,
  pageSize,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { CONTACT_READERS, SALES_ROLES } from '../domain/access.js';
import type { AccountRow } from '../persistence/account.repository.js';
import { actorOf } from './actor.js';
import { afterTime, timeCursor } from './cursors.js';
import { accountLoader, guestAccountLoader, travellersLoader } from './loaders.js';

/** The most travellers a page holds. */
const MAX_TRAVELLERS = 500;

export function guestLinkResolvers(app: App) {
  return {
    Guest: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      account: ({ id }: { id: string }, _: unknown, ctx: RequestContext) => guestAccountLoader(app, ctx).load(id),
    },

    Account: {
      // Who travels for whom identifies people: not for ANALYST.
      travellers: guarded(
        CONTACT_READERS,
        async (a: AccountRow, args: { first?: number | null; after?: string | null }, ctx: RequestContext) => {
          const first = pageSize(args.first, { max: MAX_TRAVELLERS, fallback: 50 });
          const after = afterTime('travellers', args.after);
          const rows = await travellersLoader(app, ctx, first, after && { linkedAt: after.at, guestId: after.id }).load(
            a.id,
          );
          return pageOf(
            rows.map((r) => ({
              guest: { id: r.guestId },
              linkedAt: r.linkedAt,
              cursor: timeCursor('travellers', r.sortKey, r.guestId),
            })),
            first,
            (t) => t.cursor,
          );
        },
      ),
    },

    Mutation: {
      linkGuestToAccount: async (_: unknown, args: { guestId: string; accountId: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        if (!isUuid(args.guestId)) throw badInput('guestId', 'guestId is not a guest id');
        // Nothing can exist under an id that is not one of ours: the account is simply not found.
        const account = isUuid(args.accountId) ? await accountLoader(app, ctx).load(args.accountId) : null;
        if (!account) throw notFound('Account', args.accountId);
        const guestId = await app.linkGuestToAccount(args.guestId, account.id, actorOf(ctx));
        guestAccountLoader(app, ctx).clear(guestId).prime(guestId, account);
        return { id: guestId };
      },

      unlinkGuestFromAccount: async (_: unknown, args: { guestId: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        if (!isUuid(args.guestId)) throw badInput('guestId', 'guestId is not a guest id');
        await app.unlinkGuestFromAccount(args.guestId, actorOf(ctx));
        guestAccountLoader(app, ctx).clear(args.guestId).prime(args.guestId, null);
        return { id: args.guestId };
      },
    },
  };
}
