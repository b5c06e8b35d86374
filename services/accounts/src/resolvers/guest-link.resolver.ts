import { changedRows } from '@guest-graph/db';
import { accounts as catalogue, guests as guestEvents } from '@guest-graph/events';
import {
  askOrUnavailable,
  badInput,
  guarded,
  isUuid,
  notFound,
  type RequestContext,
  type Runtime,
  requireRole,
} from '@guest-graph/subgraph-kit';
import { type AccountRow } from '../persistence/account.repository.js';
import { accountLoader, guestAccountLoader, travellersLoader } from './loaders.js';
import { CONTACT_READERS, SALES_ROLES } from './roles.js';

export function guestLinkResolvers(rt: Runtime) {
  /**
   * Asks the guests service whether the guest exists: our own view of guests may lag a registration made a
   * moment ago. A merged duplicate resolves to the guest it was merged into.
   */
  async function existingGuest(guestId: string): Promise<string> {
    const reply = await askOrUnavailable(
      rt.bus,
      guestEvents.lookupGuests,
      { ids: [guestId] },
      { about: 'the guest', refusalIsUnavailable: true },
    );
    const guest = reply.guests.find((g) => g.id === guestId);
    if (!guest) throw notFound('Guest', guestId);
    return guest.mergedInto ?? guest.id;
  }

  return {
    Guest: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
      account: ({ id }: { id: string }, _: unknown, ctx: RequestContext) => guestAccountLoader(rt, ctx).load(id),
    },

    Account: {
      // Who travels for whom identifies people: not for ANALYST.
      travellers: guarded(
        CONTACT_READERS,
        async (a: AccountRow, args: { first?: number | null }, ctx: RequestContext) => {
          const first = args.first ?? 50;
          if (first < 1 || first > 500) throw badInput('first', 'first must be 1 to 500');
          const rows = await travellersLoader(rt, ctx, first).load(a.id);
          return rows.map((r) => ({ guest: { id: r.guestId }, linkedAt: r.linkedAt }));
        },
      ),
    },

    Mutation: {
      linkGuestToAccount: async (_: unknown, args: { guestId: string; accountId: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        if (!isUuid(args.guestId)) throw badInput('guestId', 'guestId is not a guest id');
        // Nothing can exist under an id that is not one of ours: the account is simply not found.
        const account = isUuid(args.accountId) ? await accountLoader(rt, ctx).load(args.accountId) : null;
        if (!account) throw notFound('Account', args.accountId);
        const guestId = await existingGuest(args.guestId);
        const now = rt.clock.now();
        await rt.bus.transact(async (tx) => {
          const changed = await tx.query(
            `INSERT INTO accounts.guest_link (guest_id, account_id, linked_at, linked_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (guest_id) DO UPDATE SET account_id = EXCLUDED.account_id, linked_at = EXCLUDED.linked_at,
               linked_by = EXCLUDED.linked_by
             WHERE accounts.guest_link.account_id <> EXCLUDED.account_id
             RETURNING guest_id`,
            [guestId, account.id, now, ctx.identity.sub],
          );
          // Linking again to the same account changes nothing and tells nobody.
          if (changed.length)
            await rt.bus.emit(
              tx,
              catalogue.guestLinkedToAccount,
              { guestId, accountId: account.id, linkedAt: now.toISOString() },
              { requestId: ctx.requestId },
            );
        });
        guestAccountLoader(rt, ctx).clear(guestId).prime(guestId, account);
        return { id: guestId };
      },

      unlinkGuestFromAccount: async (_: unknown, args: { guestId: string }, ctx: RequestContext) => {
        requireRole(ctx, SALES_ROLES);
        if (!isUuid(args.guestId)) throw badInput('guestId', 'guestId is not a guest id');
        const now = rt.clock.now();
        await rt.bus.transact(async (tx) => {
          const gone = await changedRows(tx, 'DELETE FROM accounts.guest_link WHERE guest_id = $1 RETURNING guest_id', [
            args.guestId,
          ]);
          if (gone.length)
            await rt.bus.emit(
              tx,
              catalogue.guestLinkedToAccount,
              { guestId: args.guestId, accountId: null, linkedAt: now.toISOString() },
              { requestId: ctx.requestId },
            );
        });
        guestAccountLoader(rt, ctx).clear(args.guestId).prime(args.guestId, null);
        return { id: args.guestId };
      },
    },
  };
}
