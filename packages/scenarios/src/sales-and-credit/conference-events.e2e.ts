import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';

// Seed 000, a conference hotel: sales books the organiser's conference, meeting staff note the room's temperature,
// the layout and the rostrum's tea; the notes become the guests' preferences (in the guests service), the
// organiser's next booking shows them, the event's revenue counts in the account's production; and a themed
// dinner's invitation list keeps to the guests who may be sent marketing (seed 000 §3.1(4)).
// biome-ignore lint/suspicious/noExplicitAny: answers read by shape; the assertions check them
type Json = any;
/** A hotel date n days from another (calendar arithmetic on the date alone). */
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('conference events across accounts and guests', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const today = () => graph.services.accounts!.runtime.clock.today();
  const newGuest = async (input: Record<string, unknown> = {}) =>
    ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('与会'), ...input },
      }),
    ).registerGuest.id;
  const CREATE = `mutation($i: CreateHotelEventInput!) { createHotelEvent(input: $i) { id status } }`;
  const book = async (accountId: string, startsIn: number, extra: Record<string, unknown> = {}) =>
    ok(
      await graph.as('SALES')<{ createHotelEvent: { id: string } }>(CREATE, {
        i: {
          accountId,
          name: 'Dealer conference',
          startsOn: addDays(today(), startsIn),
          endsOn: addDays(today(), startsIn + 1),
          functionRooms: ['Ballroom A'],
          layout: 'CLASSROOM',
          headcount: 80,
          ...extra,
        },
      }),
    ).createHotelEvent.id;
  const NOTE = `mutation($e: ID!, $i: HotelEventNoteInput!) { addHotelEventNote(eventId: $e, input: $i) { id } }`;
  const PREFS = `query($id: ID!) { guest(id: $id) { preferences { category value } events { id name } } }`;

  it('turns service notes into preferences, shows them on rebooking, and counts the revenue', async () => {
    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: uniqueName('会务公司'), type: 'EVENT_PLANNER', grade: 'B' },
      }),
    ).createAccount.id;
    const planner = await newGuest();
    const vip = await newGuest();
    const delegate = await newGuest();
    const unwilling = await newGuest();
    ok(
      await graph.as('FRONT_OFFICE')(
        `mutation($g: ID!) { recordConsent(guestId: $g, input: { purpose: PERSONALISATION, granted: false,
          noticeVersion: "v1", source: "desk" }) { purpose } }`,
        { g: unwilling },
      ),
    );

    // The past conference, held, with its revenue; the desk and F&B may not book one, nor may ANALYST.
    const past = await book(accountId, -10, { plannerGuestId: planner, revenue: '48000.00', status: 'CONFIRMED' });
    for (const role of ['FRONT_OFFICE', 'FOOD_AND_BEVERAGE', 'ANALYST'] as const)
      expect(
        codeOf(
          await graph.as(role)(CREATE, {
            i: {
              accountId,
              name: 'Not theirs to book',
              startsOn: today(),
              endsOn: today(),
              functionRooms: ['A'],
              layout: 'THEATRE',
              headcount: 1,
            },
          }),
        ),
      ).toBe('FORBIDDEN');
    ok(
      await graph.as('SALES')(
        `mutation($e: ID!, $a: [HotelEventAttendeeInput!]!) { addHotelEventAttendees(eventId: $e, attendees: $a) { id } }`,
        {
          e: past,
          a: [{ guestId: vip, vip: true, role: '主席台' }, { guestId: delegate }, { guestId: unwilling }],
        },
      ),
    );
    ok(await graph.as('SALES')(NOTE, { e: past, i: { topic: 'TEMPERATURE', text: '22°C' } }));
    ok(await graph.as('MANAGER')(NOTE, { e: past, i: { topic: 'TEA_BREAK', text: '龙井', audience: 'VIPS' } }));
    ok(await graph.as('SALES')(NOTE, { e: past, i: { topic: 'LAYOUT', text: 'U-shape', audience: 'PLANNER' } }));
    expect(codeOf(await graph.as('FRONT_OFFICE')(NOTE, { e: past, i: { topic: 'OTHER', text: 'x' } }))).toBe(
      'FORBIDDEN',
    );
    ok(
      await graph.as('SALES')(`mutation($id: ID!) { updateHotelEvent(id: $id, input: { status: HELD }) { id } }`, {
        id: past,
      }),
    );

    // The notes reach the guests service as preferences of whom they are about; not of the guest who said no.
    const prefsOf = async (id: string) =>
      ok(await graph.as('FRONT_OFFICE')<Json>(PREFS, { id })).guest.preferences.map(
        (p: Json) => `${p.category}=${p.value}`,
      );
    expect(
      (
        await waitFor(
          () => prefsOf(vip),
          (p) => p.length === 2,
        )
      ).sort(),
    ).toEqual(['ROOM_TEMPERATURE=22°C', 'TEA_COFFEE=龙井']);
    expect(
      (
        await waitFor(
          () => prefsOf(planner),
          (p) => p.length === 2,
        )
      ).sort(),
    ).toEqual(['MEETING_SETUP=U-shape', 'ROOM_TEMPERATURE=22°C']);
    expect(
      await waitFor(
        () => prefsOf(delegate),
        (p) => p.length === 1,
      ),
    ).toEqual(['ROOM_TEMPERATURE=22°C']);
    expect(await prefsOf(unwilling)).toEqual([]);
    // Guest.events comes from accounts, on the guest's profile.
    const guestEvents = ok(await graph.as('FOOD_AND_BEVERAGE')<Json>(PREFS, { id: vip })).guest.events;
    expect(guestEvents).toEqual([{ id: past, name: 'Dealer conference' }]);
    const analyst = await graph.as('ANALYST')<Json>(`query($id: ID!) { guest(id: $id) { id events { id } } }`, {
      id: vip,
    });
    expect(codeOf(analyst)).toBe('FORBIDDEN');

    // The organiser books again: the new event shows what we learned last time.
    const next = await book(accountId, 30, { name: 'Dealer conference 2027' });
    const seen = ok(
      await graph.as('FOOD_AND_BEVERAGE')<Json>(
        `query($id: ID!) { hotelEvent(id: $id) { account { id } lastTime { topic text event { id } } } }`,
        { id: next },
      ),
    ).hotelEvent;
    expect(seen.account.id).toBe(accountId);
    expect(seen.lastTime.map((n: Json) => `${n.topic}:${n.text}`).sort()).toEqual([
      'LAYOUT:U-shape',
      'TEA_BREAK:龙井',
      'TEMPERATURE:22°C',
    ]);

    // The held conference's revenue is in the account's production; the next one is not held yet.
    const production = ok(
      await graph.as('SALES')<Json>(
        `query($id: ID!) { account(id: $id) { production { stays revenue events eventRevenue }
          events(first: 5) { id } } }`,
        { id: accountId },
      ),
    ).account;
    expect(production.production).toEqual({ stays: 0, revenue: '48000.00', events: 1, eventRevenue: '48000.00' });
    expect(production.events.map((e: Json) => e.id)).toEqual([next, past]);
  });

  it("moves a merged duplicate's attendance to the survivor and puts attendance on the guest's timeline", async () => {
    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: uniqueName('会务合并'), type: 'EVENT_PLANNER' },
      }),
    ).createAccount.id;
    const survivor = await newGuest();
    const duplicate = await newGuest();
    const event = await book(accountId, -3, { status: 'CONFIRMED' });
    ok(
      await graph.as('SALES')(
        `mutation($e: ID!, $a: [HotelEventAttendeeInput!]!) { addHotelEventAttendees(eventId: $e, attendees: $a) { id } }`,
        { e: event, a: [{ guestId: survivor }, { guestId: duplicate, vip: true, role: '主席台' }] },
      ),
    );
    ok(
      await graph.as('MANAGER')(
        'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
        { s: survivor, d: duplicate },
      ),
    );
    // accounts takes guest.merged: one attendance for the guest, with the duplicate's VIP seat and role.
    const ATTENDEES = `query($id: ID!) { hotelEvent(id: $id) { attendees { guest { id } vip role } } }`;
    const attendees = await waitFor(
      async () => ok(await graph.as('SALES')<Json>(ATTENDEES, { id: event })).hotelEvent.attendees,
      (a: Json[]) => a.length === 1,
    );
    expect(attendees).toEqual([{ guest: { id: survivor }, vip: true, role: '主席台' }]);
    ok(
      await graph.as('SALES')(`mutation($id: ID!) { updateHotelEvent(id: $id, input: { status: HELD }) { id } }`, {
        id: event,
      }),
    );
    // The guest's timeline (guests) files accounts' lines: both profiles were on the list, the guest attended once.
    const kinds = async () =>
      ok(
        await graph.as('GUEST_RELATIONS')<Json>(contract.GuestTimeline, { id: survivor, first: 50, after: null }),
      ).guest.timeline.edges.map((e: Json) => e.node);
    const lines = await waitFor(kinds, (l: Json[]) => l.some((n: Json) => n.kind === 'EVENT_ATTENDED'));
    expect(lines.filter((n: Json) => n.kind === 'EVENT_INVITED')).toHaveLength(2);
    const attended = lines.filter((n: Json) => n.kind === 'EVENT_ATTENDED');
    expect(attended).toHaveLength(1);
    expect(attended[0].summary).toBe(
      `Attended a conference or banquet, ${addDays(today(), -3)} to ${addDays(today(), -2)} (VIP)`,
    );
    expect(attended[0].service).toBe('accounts');
  });

  it('invites to a themed dinner only guests whose taste fits and whose marketing consent stands', async () => {
    const tag = uniqueName('wine');
    const winer = async (name: string, marketingConsent: boolean) => {
      const id = await newGuest({ fullName: `${name}${tag}`, email: `${name}.${tag}@example.com`, marketingConsent });
      ok(
        await graph.as('FOOD_AND_BEVERAGE')(
          `mutation($g: ID!) { recordPreference(guestId: $g, input: { category: BEVERAGE, value: "Bordeaux wine" }) { id } }`,
          { g: id },
        ),
      );
      return id;
    };
    const keen = await winer('keen', true);
    const withdrawn = await winer('withdrawn', true);
    await winer('silent', false);
    ok(
      await graph.as('GUEST_RELATIONS')(
        `mutation($g: ID!) { recordConsent(guestId: $g, input: { purpose: MARKETING, channel: EMAIL, granted: false,
          noticeVersion: "v1", source: "email" }) { purpose } }`,
        { g: withdrawn },
      ),
    );
    const LIST = `query { themedEventInvitations(preferences: [{ category: BEVERAGE, contains: "wine" }], channel: EMAIL) {
      edges { node { id fullName } } } }`;
    const invited = ok(await graph.as('SALES')<Json>(LIST)).themedEventInvitations.edges.map((e: Json) => e.node.id);
    expect(invited).toEqual([keen]);
    expect(codeOf(await graph.as('ANALYST')(LIST))).toBe('FORBIDDEN');
  });
});
