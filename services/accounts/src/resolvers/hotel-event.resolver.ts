import {
  guarded,
  guardedField,
  pageSize,
  parseInput,
  type RequestContext,
  requireRole,
} from '@guest-graph/subgraph-kit';
import type { App } from '../application/index.js';
import { EVENT_BOOKERS, EVENT_PEOPLE_READERS, EVENT_REVENUE_READERS } from '../domain/access.js';
import {
  attendeesInput,
  createEventInput,
  type EventStatus,
  eventNoteInput,
  updateEventInput,
} from '../domain/hotel-event.js';
import type { AccountRow } from '../persistence/account.repository.js';
import type { AttendeeRow, EventNoteRow, HotelEventRow } from '../persistence/hotel-event.repository.js';
import type { ProductionWithEvents } from '../persistence/stay-production.repository.js';
import { actorOf } from './actor.js';
import {
  accountEventsLoader,
  accountLoader,
  earlierNotesLoader,
  eventAttendeesLoader,
  eventNotesLoader,
  guestEventsLoader,
  hotelEventLoader,
} from './loaders.js';

type Paging = { first?: number | null; after?: string | null };

/** Conference and banquet events: sales books them; the serving departments read who comes and what was noted. */
export function hotelEventResolvers(app: App) {
  const primed = (ctx: RequestContext, row: HotelEventRow) => {
    hotelEventLoader(app, ctx).clear(row.id).prime(row.id, row);
    return row;
  };
  return {
    HotelEvent: {
      account: (e: HotelEventRow, _: unknown, ctx: RequestContext) => accountLoader(app, ctx).load(e.accountId),
      revenue: guardedField(EVENT_REVENUE_READERS, 'revenue'),
      plannerName: guardedField(EVENT_PEOPLE_READERS, 'plannerName'),
      plannerPhone: guardedField(EVENT_PEOPLE_READERS, 'plannerPhone'),
      planner: guarded(EVENT_PEOPLE_READERS, (e: HotelEventRow) =>
        e.plannerGuestId ? { id: e.plannerGuestId } : null,
      ),
      attendees: guarded(EVENT_PEOPLE_READERS, (e: HotelEventRow, _: unknown, ctx: RequestContext) =>
        eventAttendeesLoader(app, ctx).load(e.id),
      ),
      notes: guarded(EVENT_PEOPLE_READERS, (e: HotelEventRow, _: unknown, ctx: RequestContext) =>
        eventNotesLoader(app, ctx).load(e.id),
      ),
      lastTime: guarded(EVENT_PEOPLE_READERS, (e: HotelEventRow, _: unknown, ctx: RequestContext) =>
        earlierNotesLoader(app, ctx).load(e.id),
      ),
    },
    HotelEventAttendee: {
      guest: (a: AttendeeRow) => ({ id: a.guestId }),
    },
    HotelEventNote: {
      event: (n: EventNoteRow, _: unknown, ctx: RequestContext) => hotelEventLoader(app, ctx).load(n.eventId),
    },
    AccountProduction: {
      events: (p: Partial<ProductionWithEvents>) => p.events ?? 0,
      eventRevenue: (p: Partial<ProductionWithEvents>) => p.eventRevenue ?? '0.00',
    },
    AccountMonthlyProduction: {
      events: (p: Partial<ProductionWithEvents>) => p.events ?? 0,
      eventRevenue: (p: Partial<ProductionWithEvents>) => p.eventRevenue ?? '0.00',
    },
    Account: {
      events: (a: AccountRow, args: { first?: number | null }, ctx: RequestContext) =>
        accountEventsLoader(app, ctx, pageSize(args.first, { max: 100, fallback: 20 })).load(a.id),
    },
    Guest: {
      events: guarded(EVENT_PEOPLE_READERS, ({ id }: { id: string }, _: unknown, ctx: RequestContext) =>
        guestEventsLoader(app, ctx).load(id),
      ),
    },
    Query: {
      hotelEvent: (_: unknown, { id }: { id: string }, ctx: RequestContext) => hotelEventLoader(app, ctx).load(id),
      hotelEvents: (_: unknown, args: Paging & { accountId: string }) =>
        app.hotelEventsOfAccount(args.accountId, args.first, args.after),
      upcomingHotelEvents: (
        _: unknown,
        args: Paging & { from?: string | null; to?: string | null; status?: EventStatus | null },
      ) => app.upcomingHotelEvents(args, args.first, args.after),
    },
    Mutation: {
      createHotelEvent: async (_: unknown, args: { input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, EVENT_BOOKERS);
        return primed(ctx, await app.createHotelEvent(parseInput(createEventInput, args.input), actorOf(ctx)));
      },
      updateHotelEvent: async (_: unknown, args: { id: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, EVENT_BOOKERS);
        const input = parseInput(updateEventInput, args.input);
        return primed(ctx, await app.updateHotelEvent(args.id, input, actorOf(ctx)));
      },
      addHotelEventAttendees: async (
        _: unknown,
        args: { eventId: string; attendees: unknown },
        ctx: RequestContext,
      ) => {
        requireRole(ctx, EVENT_BOOKERS);
        const attendees = parseInput(attendeesInput, args.attendees, 'attendees');
        return primed(ctx, await app.addHotelEventAttendees(args.eventId, attendees, actorOf(ctx)));
      },
      removeHotelEventAttendee: async (_: unknown, args: { eventId: string; guestId: string }, ctx: RequestContext) => {
        requireRole(ctx, EVENT_BOOKERS);
        return primed(ctx, await app.removeHotelEventAttendee(args.eventId, args.guestId));
      },
      addHotelEventNote: (_: unknown, args: { eventId: string; input: unknown }, ctx: RequestContext) => {
        requireRole(ctx, EVENT_BOOKERS);
        return app.addHotelEventNote(args.eventId, parseInput(eventNoteInput, args.input), actorOf(ctx));
      },
    },
  };
}
