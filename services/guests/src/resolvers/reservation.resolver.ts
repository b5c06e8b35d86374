import { guarded, guardedField, notFound, parseInput, type RequestContext } from '@guest-graph/subgraph-kit';
import type { GuestsApp } from '../application/index.js';
import { itemOf, type PreparationItem } from '../application/reservations.js';
import { ARRIVAL_READERS, FRONT_DESK, STAFF_BUT_ANALYST } from '../domain/access.js';
import {
  ANY_PREPARER,
  cancelReasonSchema,
  type PreparationArea,
  reservationCheckInSchema,
  reserveSchema,
} from '../domain/reservation.js';
import type { ReservationRow, ReservationStatus } from '../persistence/reservation.repository.js';
import { liveGuest } from './guest.resolver.js';
import { loaders } from './loaders.js';

/** Reservations, the arrivals they add and the morning's preparation list: translation only. */
export function reservationResolvers(app: GuestsApp) {
  const ds = app.rt.dataSource;
  const L = (ctx: RequestContext) => loaders(ctx, ds);
  return {
    Query: {
      reservation: (_: unknown, { id }: { id: string }, ctx: RequestContext) => L(ctx).reservation.load(id),
      reservationsByArrival: guarded(
        ARRIVAL_READERS,
        (
          _: unknown,
          args: {
            from: string;
            to: string;
            status?: ReservationStatus | null;
            first?: number | null;
            after?: string | null;
          },
        ) =>
          app.reservationsByArrivalPage({ from: args.from, to: args.to, status: args.status }, args.first, args.after),
      ),
      preparationList: guarded(
        ARRIVAL_READERS,
        (_: unknown, args: { date?: string | null; area?: PreparationArea | null }) =>
          app.preparationList(args.date, args.area),
      ),
    },
    Mutation: {
      reserveRoom: guarded(FRONT_DESK, async (_: unknown, { input }: { input: unknown }, ctx) => {
        const parsed = parseInput(reserveSchema, input, 'input');
        const guest = await liveGuest(ctx, app, parsed.guestId);
        if (!guest) throw notFound('Guest', parsed.guestId);
        return app.reserveRoom(ctx, parsed, guest);
      }),
      cancelReservation: guarded(FRONT_DESK, (_: unknown, args: { id: string; reason: unknown }, ctx) =>
        app.cancelReservation(ctx, args.id, parseInput(cancelReasonSchema, args.reason, 'reason')),
      ),
      markReservationNoShow: guarded(FRONT_DESK, (_: unknown, args: { id: string }, ctx) =>
        app.markReservationNoShow(ctx, args.id),
      ),
      checkInReservation: guarded(FRONT_DESK, (_: unknown, args: { id: string; input?: unknown }, ctx) =>
        app.checkInReservation(
          ctx,
          args.id,
          parseInput(reservationCheckInSchema, args.input, 'input') ?? {},
          (guestId) => liveGuest(ctx, app, guestId),
        ),
      ),
      markPreparationDone: guarded(ANY_PREPARER, (_: unknown, args: { itemId: string }, ctx) =>
        app.markPreparationDone(ctx, args.itemId),
      ),
    },
    Guest: {
      reservations: (g: { id: string }, _: unknown, ctx: RequestContext) =>
        L(ctx).upcomingReservations(app.rt.clock.today()).load(g.id),
    },
    Reservation: {
      __resolveReference: (ref: { id: string }, ctx: RequestContext) => L(ctx).reservation.load(ref.id),
      guest: (r: ReservationRow, _: unknown, ctx: RequestContext) => L(ctx).guest.load(r.guestId),
      account: (r: ReservationRow) => (r.accountId ? { id: r.accountId } : null),
      stay: (r: ReservationRow, _: unknown, ctx: RequestContext) => (r.stayId ? L(ctx).stay.load(r.stayId) : null),
      notes: guardedField(STAFF_BUT_ANALYST, 'notes'),
      cancelReason: guardedField(STAFF_BUT_ANALYST, 'cancelReason'),
      preparation: guarded(ARRIVAL_READERS, async (r: ReservationRow, _: unknown, ctx: RequestContext) =>
        (await L(ctx).preparation.load(r.id)).map(itemOf),
      ),
    },
    PreparationItem: {
      reservation: (i: PreparationItem, _: unknown, ctx: RequestContext) => L(ctx).reservation.load(i.reservationId),
      guest: (i: PreparationItem, _: unknown, ctx: RequestContext) => L(ctx).guest.load(i.guestId),
      done: (i: PreparationItem) => i.doneBy != null,
    },
    Stay: {
      reservation: (s: { reservationId?: string | null }, _: unknown, ctx: RequestContext) =>
        s.reservationId ? L(ctx).reservation.load(s.reservationId) : null,
    },
    Arrival: {
      reservation: (a: { reservationId: string | null }, _: unknown, ctx: RequestContext) =>
        a.reservationId ? L(ctx).reservation.load(a.reservationId) : null,
    },
  };
}
