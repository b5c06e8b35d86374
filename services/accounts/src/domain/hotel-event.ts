import { isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

/**
 * Conference and banquet business (seed 000 is the plan of a conference hotel, 会议型酒店): an event booked by an
 * organiser account, in function rooms, with a table layout (会场台型), a headcount, attendees (some of them VIPs
 * on the rostrum, 主席台重要嘉宾) and the service notes meeting staff take (seed 000 §3.1(3)).
 */
export const EVENT_LAYOUTS = [
  'THEATRE',
  'CLASSROOM',
  'U_SHAPE',
  'HOLLOW_SQUARE',
  'BOARDROOM',
  'BANQUET_ROUNDS',
  'CABARET',
  'COCKTAIL',
] as const;
export type EventLayout = (typeof EVENT_LAYOUTS)[number];

export const EVENT_STATUSES = ['TENTATIVE', 'CONFIRMED', 'HELD', 'CANCELLED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

const NEXT: Record<EventStatus, EventStatus[]> = {
  TENTATIVE: ['TENTATIVE', 'CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['CONFIRMED', 'HELD', 'CANCELLED'],
  // What happened stays as it happened.
  HELD: ['HELD'],
  CANCELLED: ['CANCELLED'],
};
export const canMoveEvent = (from: EventStatus, to: EventStatus) => NEXT[from].includes(to);

/** A confirmed or held event's revenue counts in the organiser's production; a tentative or cancelled one's not. */
export const countsInProduction = (status: EventStatus) => status === 'CONFIRMED' || status === 'HELD';

export const EVENT_NOTE_TOPICS = [
  'TEMPERATURE',
  'LAYOUT',
  'TEA_BREAK',
  'FOOD_AND_DRINK',
  'AUDIO_VISUAL',
  'ROSTRUM',
  'OTHER',
] as const;
export type EventNoteTopic = (typeof EVENT_NOTE_TOPICS)[number];

/** Who a note is about: everyone (the planner and every attendee), the rostrum's VIPs, or the planner alone. */
export const EVENT_NOTE_AUDIENCES = ['EVERYONE', 'VIPS', 'PLANNER'] as const;
export type EventNoteAudience = (typeof EVENT_NOTE_AUDIENCES)[number];

/**
 * The guests service's preference category a note becomes, or null when the note belongs to the event only: the
 * microphones or the rostrum's order are what we learned about the organiser's meetings (shown when they book
 * again), not a person's preference.
 */
const PREFERENCE_OF: Record<EventNoteTopic, string | null> = {
  TEMPERATURE: 'ROOM_TEMPERATURE',
  LAYOUT: 'MEETING_SETUP',
  TEA_BREAK: 'TEA_COFFEE',
  FOOD_AND_DRINK: 'DIET',
  AUDIO_VISUAL: null,
  ROSTRUM: null,
  OTHER: null,
};
export const preferenceCategoryOf = (topic: EventNoteTopic): string | null => PREFERENCE_OF[topic];

export interface Attendance {
  guestId: string;
  vip: boolean;
}

/** The guests a note reaches: the planner (when a guest of ours) and the attendees its audience names. */
export function guestsReached(
  audience: EventNoteAudience,
  plannerGuestId: string | null,
  attendees: readonly Attendance[],
): string[] {
  const reached = new Set<string>();
  if (plannerGuestId && audience !== 'VIPS') reached.add(plannerGuestId);
  if (audience !== 'PLANNER') for (const a of attendees) if (audience === 'EVERYONE' || a.vip) reached.add(a.guestId);
  return [...reached];
}

const optional = (max: number) => z.string().trim().max(max).nullish();
const date = z.string().refine(isValidDate, 'must be a date');
/** Money arrives already shaped by the scalar; revenue is never below nothing. */
const revenue = z
  .string()
  .refine((s) => !s.startsWith('-'), 'must not be negative')
  .nullish();
const functionRooms = z
  .array(z.string().trim().min(1, 'must not be blank').max(100))
  .min(1, 'must name at least one room')
  .max(20, 'at most 20 rooms');

const eventFields = {
  name: z.string().trim().min(1, 'must not be blank').max(200),
  startsOn: date,
  endsOn: date,
  functionRooms,
  layout: z.enum(EVENT_LAYOUTS),
  headcount: z.number().int('must be a whole number').min(1, 'must be at least 1').max(10_000, 'at most 10000'),
  plannerName: optional(100),
  plannerPhone: optional(40),
  plannerGuestId: z.string().uuid('must be a guest id').nullish(),
  revenue,
};

const endsAfterStart = (e: { startsOn?: string; endsOn?: string }, ctx: z.RefinementCtx) => {
  if (e.startsOn && e.endsOn && e.endsOn < e.startsOn)
    ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'must not be before startsOn' });
};

export const createEventInput = z
  .object({
    accountId: z.string().uuid('must be an account id'),
    ...eventFields,
    // A booking starts tentative or is confirmed at once; it is held or cancelled later.
    status: z.enum(['TENTATIVE', 'CONFIRMED']).nullish(),
  })
  .superRefine(endsAfterStart);
export type CreateEventInput = z.output<typeof createEventInput>;

export const updateEventInput = z
  .object({
    name: eventFields.name.optional(),
    startsOn: date.optional(),
    endsOn: date.optional(),
    functionRooms: functionRooms.optional(),
    layout: eventFields.layout.optional(),
    headcount: eventFields.headcount.optional(),
    plannerName: eventFields.plannerName,
    plannerPhone: eventFields.plannerPhone,
    plannerGuestId: eventFields.plannerGuestId,
    revenue,
    status: z.enum(EVENT_STATUSES).optional(),
  })
  .superRefine(endsAfterStart);
export type UpdateEventInput = z.output<typeof updateEventInput>;

export const attendeesInput = z
  .array(
    z.object({
      guestId: z.string().uuid('must be a guest id'),
      vip: z.boolean().nullish(),
      role: optional(100),
    }),
  )
  .min(1, 'must name at least one attendee')
  .max(500, 'at most 500 at a time');
export type AttendeesInput = z.output<typeof attendeesInput>;

export const eventNoteInput = z.object({
  topic: z.enum(EVENT_NOTE_TOPICS),
  text: z.string().trim().min(1, 'must not be blank').max(500),
  audience: z.enum(EVENT_NOTE_AUDIENCES).nullish(),
});
export type EventNoteInput = z.output<typeof eventNoteInput>;
