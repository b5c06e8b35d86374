import { guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { RestPaidBy } from '../application/check-out.js';
import type { GuestsApp } from '../application/index.js';
import { ARRIVAL_READERS, BI_READERS, FRONT_DESK, REPORTERS } from '../domain/access.js';
import { chargesSchema, checkInSchema, restPaidBySchema } from '../domain/check-in.js';
import type { StayEntity } from '../persistence/stay.entity.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

export function stayResolvers(app: GuestsApp) {
  const ds = app.rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);
  return {
    Query: {
      stay: (_: unknown, { id }: { id: string }, ctx: RequestContext) => L(ctx).stay.load(id),
      staysCheckedOut: guarded(
        REPORTERS,
        (_: unknown, args: { from: string; to: string; first?: number | null; after?: string | null }) =>
          app.staysCheckedOutPage({ from: args.from, to: args.to }, args.first, args.after),
      ),
      guestsChanged: guarded(
        BI_READERS,
        (_: unknown, args: { changedSince?: string | null; first?: number | null; after?: string | null }) =>
          app.guestsChangedPage(args.changedSince ?? null, args.first, args.after),
      ),
      revenueByGuestTier: guarded(REPORTERS, (_: unknown, args: { from: string; to: string }) =>
        app.revenueByValueAndMemberTier(args.from, args.to),
      ),
      arrivals: guarded(
        ARRIVAL_READERS,
        (_: unknown, args: { date?: string | null; first?: number | null; after?: string | null }) =>
          app.arrivalsPage(args.date, args.first, args.after),
      ),
    },
    Mutation: {
      checkIn: guarded(FRONT_DESK, async (_: unknown, { input }: { input: unknown }, ctx) => {
        const parsed = parseInput(checkInSchema, input, 'input');
        const guest = await liveGuest(ctx, app, parsed.guestId);
        if (!guest) throw notFound('Guest', parsed.guestId);
        return app.checkIn(ctx, parsed, guest);
      }),
      checkOut: guarded(
        FRONT_DESK,
        (_: unknown, args: { stayId: string; charges: unknown; restPaidBy?: unknown }, ctx) =>
          app.checkOut(
            ctx,
            args.stayId,
            parseInput(chargesSchema, args.charges, 'charges'),
            (parseInput(restPaidBySchema, args.restPaidBy, 'restPaidBy') ?? null) as RestPaidBy,
          ),
      ),
    },
    GuestChange: {
      guest: (c: { guestId: string }, _: unknown, ctx: RequestContext) => L(ctx).guest.load(c.guestId),
    },
    Arrival: {
      guest: (a: { stay: StayEntity }, _: unknown, ctx: RequestContext) => L(ctx).guest.load(a.stay.guestId),
      roomNumber: (a: { stay: StayEntity }) => a.stay.roomNumber,
      roomType: (a: { stay: StayEntity }) => a.stay.roomType,
      arrivalDate: (a: { stay: StayEntity }) => a.stay.arrivalDate,
      departureDate: (a: { stay: StayEntity }) => a.stay.departureDate,
    },
    Stay: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => L(ctx).stay.load(ref.id),
      guest: (s: StayEntity, _: unknown, ctx: RequestContext) => L(ctx).guest.load(s.guestId),
      account: (s: StayEntity) => (s.accountId ? { id: s.accountId } : null),
      charges: async (s: StayEntity, _: unknown, ctx: RequestContext) =>
        (await L(ctx).charges.load(s.id)).map((c) => ({ outlet: c.outlet, amount: c.amount })),
      arrivalDate: (s: StayEntity) => s.arrivalDate,
      directBilled: (s: StayEntity) => s.directBilled ?? null,
      restPaidBy: (s: StayEntity) => s.restPaidBy ?? null,
      restPaid: (s: StayEntity) => s.restPaid ?? null,
    },
  };
}
