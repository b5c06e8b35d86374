import { randomUUID } from 'node:crypto';
import { accounts as catalogue, timeline } from '@guest-graph/events';
import {
  addDays,
  badInput,
  decodeCursor,
  encodeCursor,
  invalidState,
  isUuid,
  isValidDate,
  notFound,
  pageOf,
  pageSize,
  type Runtime,
} from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import {
  type Attendance,
  type AttendeesInput,
  type CreateEventInput,
  canMoveEvent,
  type EventNoteInput,
  type EventStatus,
  guestsReached,
  preferenceCategoryOf,
  type UpdateEventInput,
} from '../domain/hotel-event.js';
import { eventLineKey, guestLine } from '../domain/timeline.js';
import { accountsByIds } from '../persistence/account.repository.js';
import {
  type AttendeeMerge,
  attendeeOriginsOf,
  attendeesOfEvents,
  deleteAttendee,
  type EventKey,
  type EventNoteRow,
  eventsByIds,
  eventsOfAccountPage,
  eventsStartingPage,
  type HotelEventRow,
  insertEvent,
  insertNote,
  lockedEvent,
  moveAttendeesOnMerge,
  notesOfEvents,
  restoreAttendeesOnUnmerge,
  saveEvent,
  upsertAttendees,
} from '../persistence/hotel-event.repository.js';
import type { Actor } from './actor.js';
import { existingGuest, existingGuests } from './guest-link.js';

export const EVENT_PAGE = { max: 200, fallback: 50 } as const;

const GUESTS_PER_NOTE = 1000;
/** The catalogue's bound on the lines of one `timeline.noted` message. */
const LINES_PER_MESSAGE = 500;
const NOTES_PER_MESSAGE = 50;
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const cursorOf = (e: HotelEventRow) => encodeCursor([e.startsOn, e.id]);
function eventKey(after: string | null | undefined): EventKey | null {
  if (after == null) return null;
  const [startsOn, id] = decodeCursor(after);
  if (typeof startsOn !== 'string' || !isValidDate(startsOn) || !isUuid(id))
    throw badInput('after', 'after: not a cursor of this list');
  return { startsOn, id: id as string };
}

/**
 * Conference and banquet business, booked by sales with the organiser account (seed 000, a conference hotel).
 * Service notes reach the guests they are about as preferences: the guests service owns preferences, so each change
 * emits `hotel-event.notes-shared` with the new (note, guest) pairs, in the transaction of the change (outbox).
 */
export function hotelEvents(rt: Runtime) {
  async function changing<T>(id: string, work: (tx: EntityManager, event: HotelEventRow) => Promise<T>): Promise<T> {
    if (!isUuid(id)) throw notFound('HotelEvent', id);
    return rt.bus.transact(async (tx) => {
      const event = await lockedEvent(tx, id);
      if (!event) throw notFound('HotelEvent', id);
      return work(tx, event);
    });
  }

  /** Emits the notes that now reach guests (nothing when no note becomes a preference or nobody is reached). */
  async function share(
    tx: EntityManager,
    event: HotelEventRow,
    pairs: { note: EventNoteRow; guestIds: string[] }[],
    by: Actor,
  ): Promise<void> {
    // A large conference's note reaches thousands: the catalogue bounds a message, so the pairs travel in slices.
    const notes = pairs.flatMap(({ note, guestIds }) => {
      const category = preferenceCategoryOf(note.topic);
      if (!category) return [];
      return chunks(guestIds, GUESTS_PER_NOTE).map((slice) => ({
        noteId: note.id,
        category,
        value: note.text,
        recordedBy: note.recordedBy,
        recordedAt: new Date(note.recordedAt).toISOString(),
        guestIds: slice,
      }));
    });
    for (const slice of chunks(notes, NOTES_PER_MESSAGE))
      await rt.bus.emit(
        tx,
        catalogue.hotelEventNotesShared,
        {
          eventId: event.id,
          accountId: event.accountId,
          eventName: event.name,
          startsOn: event.startsOn,
          notes: slice,
        },
        { requestId: by.requestId },
      );
  }

  /**
   * Notes lines on the attendees' timelines (kept by the guests service) in the transaction of the change:
   * on the attendee list when added, attended when the event is held. Keyed by event and guest, so the backfill
   * (`timeline.repository` history) answers the same lines.
   */
  async function noteAttendance(
    tx: EntityManager,
    event: HotelEventRow,
    what: 'invited' | 'attended',
    attendees: readonly { guestId: string; vip: boolean }[],
  ): Promise<void> {
    const at = rt.clock.now().toISOString();
    const entries: timeline.TimelineEntry[] = attendees.map((a) => ({
      subject: 'GUEST',
      subjectId: a.guestId,
      key: what === 'invited' ? eventLineKey.invited(event.id, a.guestId) : eventLineKey.attended(event.id, a.guestId),
      at,
      ...(what === 'invited' ? guestLine.eventInvited : guestLine.eventAttended)(event.startsOn, event.endsOn, a.vip),
    }));
    for (const slice of chunks(entries, LINES_PER_MESSAGE))
      await rt.bus.emit(tx, timeline.timelineNoted.accounts, { entries: slice });
  }

  async function attendancesOf(tx: EntityManager, eventId: string): Promise<Attendance[]> {
    return (await attendeesOfEvents(tx, [eventId])).map((a) => ({ guestId: a.guestId, vip: a.vip }));
  }

  return {
    async createHotelEvent(input: CreateEventInput, by: Actor): Promise<HotelEventRow> {
      const [account] = await accountsByIds(rt.dataSource, [input.accountId]);
      if (!account) throw badInput('input.accountId', 'input.accountId: no such account');
      const plannerGuestId = input.plannerGuestId ? await existingGuest(rt, input.plannerGuestId) : null;
      const now = rt.clock.now();
      const event: HotelEventRow = {
        id: randomUUID(),
        accountId: account.id,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        functionRooms: input.functionRooms,
        layout: input.layout,
        headcount: input.headcount,
        status: input.status ?? 'TENTATIVE',
        revenue: input.revenue ?? null,
        plannerName: input.plannerName || null,
        plannerPhone: input.plannerPhone || null,
        plannerGuestId,
        createdBy: by.staffId,
        createdAt: now,
        updatedAt: now,
      };
      await insertEvent(rt.dataSource, event);
      return event;
    },

    /** Changes the fields given; a status moves only forward (TENTATIVE → CONFIRMED → HELD, or CANCELLED). */
    async updateHotelEvent(id: string, input: UpdateEventInput, by: Actor): Promise<HotelEventRow> {
      const plannerGuestId = input.plannerGuestId ? await existingGuest(rt, input.plannerGuestId) : undefined;
      return changing(id, async (tx, event) => {
        if (input.status && !canMoveEvent(event.status, input.status))
          throw invalidState(`A ${event.status} event cannot become ${input.status}`);
        const next: HotelEventRow = {
          ...event,
          name: input.name ?? event.name,
          startsOn: input.startsOn ?? event.startsOn,
          endsOn: input.endsOn ?? event.endsOn,
          functionRooms: input.functionRooms ?? event.functionRooms,
          layout: input.layout ?? event.layout,
          headcount: input.headcount ?? event.headcount,
          status: input.status ?? event.status,
          revenue: input.revenue === undefined ? event.revenue : input.revenue,
          plannerName: input.plannerName === undefined ? event.plannerName : input.plannerName || null,
          plannerPhone: input.plannerPhone === undefined ? event.plannerPhone : input.plannerPhone || null,
          plannerGuestId:
            input.plannerGuestId === undefined ? event.plannerGuestId : (plannerGuestId ?? input.plannerGuestId),
          updatedAt: rt.clock.now(),
        };
        if (next.endsOn < next.startsOn)
          throw badInput(input.endsOn ? 'input.endsOn' : 'input.startsOn', 'the event must not end before it starts');
        await saveEvent(tx, next);
        if (next.status === 'HELD' && event.status !== 'HELD')
          await noteAttendance(tx, next, 'attended', await attendeeOriginsOf(tx, next.id));
        // A new planner learns what was noted for the planner and for everyone.
        if (next.plannerGuestId && next.plannerGuestId !== event.plannerGuestId) {
          const notes = await notesOfEvents(tx, [event.id]);
          await share(
            tx,
            next,
            notes.map((note) => ({ note, guestIds: guestsReached(note.audience, next.plannerGuestId, []) })),
            by,
          );
        }
        return next;
      });
    },

    /**
     * Adds attendees (or changes their VIP flag and role): each guest is checked with the guests service first.
     * The event's notes reach a new attendee, and the VIPs' notes an attendee who became a VIP.
     */
    async addHotelEventAttendees(id: string, attendees: AttendeesInput, by: Actor): Promise<HotelEventRow> {
      const known = await existingGuests(
        rt,
        attendees.map((a) => a.guestId),
      );
      // A merged duplicate attends as the guest it became; named twice, the last entry wins.
      const byGuest = new Map(
        attendees.map((a) => [
          known.get(a.guestId)!,
          { guestId: known.get(a.guestId)!, vip: Boolean(a.vip), role: a.role ?? null },
        ]),
      );
      return changing(id, async (tx, event) => {
        if (event.status === 'CANCELLED' || event.status === 'HELD')
          throw invalidState(`A ${event.status} event takes no more attendees`);
        const rows = await upsertAttendees(tx, event.id, [...byGuest.values()], by.staffId, rt.clock.now());
        const fresh = rows.filter((r) => r.fresh).map((r) => ({ guestId: r.guestId, vip: r.vip }));
        await noteAttendance(tx, event, 'invited', fresh);
        // Someone already there who became a VIP gets only the VIPs' notes: the rest reached them before.
        const promoted = rows.filter((r) => r.promoted).map((r) => ({ guestId: r.guestId, vip: true }));
        if (fresh.length || promoted.length) {
          const notes = await notesOfEvents(tx, [event.id]);
          await share(
            tx,
            event,
            notes.map((note) => ({
              note,
              guestIds: [
                ...guestsReached(note.audience, null, fresh),
                ...(note.audience === 'VIPS' ? guestsReached(note.audience, null, promoted) : []),
              ],
            })),
            by,
          );
        }
        return event;
      });
    },

    async removeHotelEventAttendee(id: string, guestId: string): Promise<HotelEventRow> {
      return changing(id, async (tx, event) => {
        if (!isUuid(guestId) || !(await deleteAttendee(tx, event.id, guestId)))
          throw badInput('guestId', 'guestId: not an attendee of this event');
        return event;
      });
    },

    /** A service note (seed 000 §3.1(3)); it reaches its audience's guests as a preference. */
    async addHotelEventNote(id: string, input: EventNoteInput, by: Actor): Promise<EventNoteRow> {
      return changing(id, async (tx, event) => {
        if (event.status === 'CANCELLED') throw invalidState('A cancelled event takes no notes');
        const note: EventNoteRow = {
          id: randomUUID(),
          eventId: event.id,
          topic: input.topic,
          audience: input.audience ?? 'EVERYONE',
          text: input.text,
          recordedBy: by.staffId,
          recordedAt: rt.clock.now(),
        };
        await insertNote(tx, note);
        const guestIds = guestsReached(note.audience, event.plannerGuestId, await attendancesOf(tx, event.id));
        await share(tx, event, [{ note, guestIds }], by);
        return note;
      });
    },

    /**
     * `guest.merged`: the duplicate's attendances (and planned events) become the survivor's, without listing the
     * survivor twice on an event. In the consumer's transaction, with its inbox row: a redelivery does nothing.
     */
    async moveAttendeesOnMerge(tx: EntityManager, m: AttendeeMerge): Promise<void> {
      await moveAttendeesOnMerge(tx, m, rt.clock.now());
    },

    /** `guest.unmerged`: the duplicate's attendances come back as the merge found them. */
    async restoreAttendeesOnUnmerge(tx: EntityManager, m: AttendeeMerge): Promise<void> {
      await restoreAttendeesOnUnmerge(tx, m, rt.clock.now());
    },

    hotelEventsByIds: (ids: readonly string[]) => eventsByIds(rt.dataSource, ids.filter(isUuid)),

    /** An account's events, latest first, a page at a time. */
    async hotelEventsOfAccount(accountId: string, first: number | null | undefined, after: string | null | undefined) {
      const size = pageSize(first, EVENT_PAGE);
      const key = eventKey(after);
      if (!isUuid(accountId)) return pageOf([], size, cursorOf);
      return pageOf(await eventsOfAccountPage(rt.dataSource, accountId, key, size + 1), size, cursorOf);
    },

    /** Events starting in a range of hotel dates (default: today and the next 30 days), earliest first. */
    async upcomingHotelEvents(
      range: { from?: string | null; to?: string | null; status?: EventStatus | null },
      first: number | null | undefined,
      after: string | null | undefined,
    ) {
      const size = pageSize(first, EVENT_PAGE);
      const from = range.from ?? rt.clock.today();
      const to = range.to ?? addDays(from, 30);
      if (to < from) throw badInput('to', 'to must not be before from');
      const key = eventKey(after);
      const rows = await eventsStartingPage(rt.dataSource, { from, to, status: range.status ?? null }, key, size + 1);
      return pageOf(rows, size, cursorOf);
    },
  };
}
