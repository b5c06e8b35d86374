import { guarded, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { RestPaidBy } from '../application/check-out.js';
import type { GuestsApp } from '../application/index.js';
import { ARRIVAL_READERS, BI_READERS, FRONT_DESK, REPORTERS } from '../domain/access.js';
import { chargesSchema, checkInSchema, restPaidBySchema } from '../domain/check-in.js';
import type { StayEntity } from '../persistence/stay.entity.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

/** A row of the arrivals list: a stay, or an expected arrival's reservation. */
type ArrivalNode = { stay: StayEntity | null; reservationId: string | null };

export function stayResolvers(app: GuestsApp) {
  const ds = app.rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);
  const arrivalReservation = async (a: ArrivalNode, ctx: RequestContext) => {
    const r = await L(ctx).reservation.load(a.reservationId!);
    if (!r) throw new Error(`reservation ${a.reservationId} of an expected arrival is gone`);
    return r;
  };
  return {
    Query: {
      stay: (_: unknown, { id }: { id: string }, ctx: RequestContext) => L(ctx).stay.load(id),
      staysCheckedOut: guarded(
        REPORTERS,
        (_: unknown, args: { from: string; to: string; first?: number | null; after?: string | null }) =>
          app.staysCheckedOutPage({ from: args.from, to: args.to }, args.first, args.after),
      ),
      staysForExport: guarded(
        REPORTERS,
        (_: unknown, args: { from: string; to: string; first?: number | null; after?: string | null }) =>
          app.staysForExportPage({ from: args.from, to: args.to }, args.first, args.after),
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
    // An expected arrival has no stay yet: its reservation says who, which room type and which dates.
    Arrival: {
      guest: async (a: ArrivalNode, _: unknown, ctx: RequestContext) =>
        L(ctx).guest.load(a.stay ? a.stay.guestId : (await arrivalReservation(a, ctx)).guestId),
      roomNumber: (a: ArrivalNode) => a.stay?.roomNumber ?? null,
      roomType: async (a: ArrivalNode, _: unknown, ctx: RequestContext) =>
        a.stay ? a.stay.roomType : (await arrivalReservation(a, ctx)).roomType,
      arrivalDate: async (a: ArrivalNode, _: unknown, ctx: RequestContext) =>
        a.stay ? a.stay.arrivalDate : (await arrivalReservation(a, ctx)).arrivalDate,
      departureDate: async (a: ArrivalNode, _: unknown, ctx: RequestContext) =>
        a.stay ? a.stay.departureDate : (await arrivalReservation(a, ctx)).departureDate,
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
