import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { addDays } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';

// Seed 000 is the plan of a conference hotel: meeting staff note the room's temperature, the table layout and the
// VIPs on the rostrum, for the next time the organiser books. Events belong to the organiser account.
let desk: AccountsDesk;
beforeAll(async () => {
  desk = await startAccountsDesk();
});
afterAll(async () => desk?.dispose());

const today = () => desk.service.runtime.clock.today();
const shared = async (eventId: string) =>
  (
    await desk.service.runtime.dataSource.query(
      `SELECT payload FROM accounts.outbox WHERE type = 'hotel-event.notes-shared' ORDER BY seq`,
    )
  )
    .map((r: { payload: { data: Json } }) => r.payload.data)
    .filter((d: Json) => d.eventId === eventId);

const CREATE = `mutation($i: CreateHotelEventInput!) { createHotelEvent(input: $i) {
  id name status layout headcount functionRooms startsOn endsOn revenue plannerName planner { id } account { id } } }`;
const ATTEND = `mutation($e: ID!, $a: [HotelEventAttendeeInput!]!) { addHotelEventAttendees(eventId: $e, attendees: $a) {
  id attendees { guest { id } vip role } } }`;
const NOTE = `mutation($e: ID!, $i: HotelEventNoteInput!) { addHotelEventNote(eventId: $e, input: $i) {
  id topic audience text event { id } } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateHotelEventInput!) { updateHotelEvent(id: $id, input: $i) { id status revenue } }`;
const EVENT = `query($id: ID!) { hotelEvent(id: $id) { id name plannerName attendees { guest { id } vip }
  notes { topic text } lastTime { topic text event { id name } } } }`;

function eventInput(accountId: string, startsIn: number, extra: Record<string, unknown> = {}) {
  return {
    accountId,
    name: '年度经销商大会',
    startsOn: addDays(today(), startsIn),
    endsOn: addDays(today(), startsIn + 1),
    functionRooms: ['Grand Ballroom', 'Meeting Room 3'],
    layout: 'U_SHAPE',
    headcount: 120,
    plannerName: '王策划',
    plannerPhone: '13800138000',
    ...extra,
  };
}

describe('hotel events', () => {
  it('books an event with attendees, whose service notes reach the guests they are about, once per guest', async () => {
    const account = await desk.createAccount({ name: 'Events Co', type: 'EVENT_PLANNER' });
    const planner = desk.registerGuest();
    const [chair, delegate] = [desk.registerGuest(), desk.registerGuest()];
    const created = (
      await desk.gql(CREATE, { i: eventInput(account.id, 10, { plannerGuestId: planner, revenue: '30000.00' }) }, [
        'SALES',
      ])
    ).createHotelEvent;
    expect(created).toMatchObject({
      status: 'TENTATIVE',
      layout: 'U_SHAPE',
      headcount: 120,
      functionRooms: ['Grand Ballroom', 'Meeting Room 3'],
      revenue: '30000.00',
      plannerName: '王策划',
      planner: { id: planner },
      account: { id: account.id },
    });

    // An unknown guest is refused and nobody is added.
    const unknown = await desk.raw(
      ATTEND,
      { e: created.id, a: [{ guestId: chair, vip: true }, { guestId: randomUUID() }] },
      ['SALES'],
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await desk.raw(ATTEND, { e: created.id, a: [{ guestId: 'nobody' }] }, ['SALES']);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attendees.0.guestId' });
    expect((await desk.gql(EVENT, { id: created.id })).hotelEvent.attendees).toEqual([]);

    const attended = await desk.gql(
      ATTEND,
      { e: created.id, a: [{ guestId: delegate }, { guestId: chair, vip: true, role: '主席台' }] },
      ['MANAGER'],
    );
    expect(attended.addHotelEventAttendees.attendees).toEqual([
      { guest: { id: chair }, vip: true, role: '主席台' },
      { guest: { id: delegate }, vip: false, role: null },
    ]);

    const temp = (
      await desk.gql(NOTE, { e: created.id, i: { topic: 'TEMPERATURE', text: '22°C, no draught on the rostrum' } }, [
        'SALES',
      ])
    ).addHotelEventNote;
    expect(temp).toMatchObject({ topic: 'TEMPERATURE', audience: 'EVERYONE', event: { id: created.id } });
    await desk.gql(NOTE, { e: created.id, i: { topic: 'TEA_BREAK', text: 'Longjing, no sugar', audience: 'VIPS' } }, [
      'SALES',
    ]);
    // Microphones are what we learned about the organiser's meetings, not anyone's preference: nothing travels.
    await desk.gql(NOTE, { e: created.id, i: { topic: 'AUDIO_VISUAL', text: 'Two lapel microphones' } }, ['SALES']);

    const sent = await shared(created.id);
    expect(sent).toHaveLength(2);
    expect(sent[0].notes[0]).toMatchObject({ category: 'ROOM_TEMPERATURE', value: '22°C, no draught on the rostrum' });
    expect([...sent[0].notes[0].guestIds].sort()).toEqual([planner, chair, delegate].sort());
    expect(sent[1].notes[0]).toMatchObject({ category: 'TEA_COFFEE', guestIds: [chair] });

    // A late attendee learns the notes for everyone; making the delegate a VIP brings them the VIPs' tea.
    const late = desk.registerGuest();
    await desk.gql(ATTEND, { e: created.id, a: [{ guestId: late }, { guestId: delegate, vip: true }] }, ['SALES']);
    const after = await shared(created.id);
    expect(after).toHaveLength(3);
    const byCategory = Object.fromEntries(after[2].notes.map((n: Json) => [n.category, [...n.guestIds].sort()]));
    expect(byCategory).toEqual({ ROOM_TEMPERATURE: [late], TEA_COFFEE: [delegate] });
  });

  it('refuses bad input naming the field, and roles other than sales and their manager', async () => {
    const account = await desk.createAccount({ name: 'Rules Co' });
    const backwards = await desk.raw(CREATE, { i: eventInput(account.id, 5, { endsOn: addDays(today(), 4) }) }, [
      'SALES',
    ]);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    const nobody = await desk.raw(CREATE, { i: eventInput(account.id, 5, { headcount: 0 }) }, ['SALES']);
    expect(nobody.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.headcount' });
    const noRooms = await desk.raw(CREATE, { i: eventInput(account.id, 5, { functionRooms: [] }) }, ['SALES']);
    expect(noRooms.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.functionRooms' });
    const noAccount = await desk.raw(CREATE, { i: eventInput(randomUUID(), 5) }, ['SALES']);
    expect(noAccount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.accountId' });
    for (const role of ['ANALYST', 'FRONT_OFFICE', 'FOOD_AND_BEVERAGE'] as const) {
      const refused = await desk.raw(CREATE, { i: eventInput(account.id, 5) }, [role]);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const count = await desk.service.runtime.dataSource.query(
      'SELECT count(*)::int AS n FROM accounts.hotel_event WHERE account_id = $1',
      [account.id],
    );
    expect(count[0].n).toBe(0);

    const event = (await desk.gql(CREATE, { i: eventInput(account.id, 5, { revenue: '800.00' }) }, ['SALES']))
      .createHotelEvent;
    await desk.gql(NOTE, { e: event.id, i: { topic: 'LAYOUT', text: 'U-shape, rostrum of five' } }, ['SALES']);
    const fbNote = await desk.raw(NOTE, { e: event.id, i: { topic: 'OTHER', text: 'x' } }, ['FOOD_AND_BEVERAGE']);
    expect(fbNote.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // F&B and the front office read the notes; ANALYST reads the event and its revenue, not its people or notes.
    const fb = await desk.gql(EVENT, { id: event.id }, ['FOOD_AND_BEVERAGE']);
    expect(fb.hotelEvent.notes).toEqual([{ topic: 'LAYOUT', text: 'U-shape, rostrum of five' }]);
    expect((await desk.gql(EVENT, { id: event.id }, ['FRONT_OFFICE'])).hotelEvent.notes).toHaveLength(1);
    const REVENUE = 'query($id: ID!) { hotelEvent(id: $id) { revenue } }';
    expect((await desk.gql(REVENUE, { id: event.id }, ['FINANCE'])).hotelEvent.revenue).toBe('800.00');
    expect((await desk.gql(REVENUE, { id: event.id }, ['ANALYST'])).hotelEvent.revenue).toBe('800.00');
    const fbRevenue = await desk.raw(REVENUE, { id: event.id }, ['FOOD_AND_BEVERAGE']);
    expect(fbRevenue.errors?.map((e: Json) => `${e.path.at(-1)}:${e.extensions.code}`)).toEqual(['revenue:FORBIDDEN']);
    const analyst = await desk.raw(EVENT, { id: event.id }, ['ANALYST']);
    expect((analyst.data as Json).hotelEvent).toMatchObject({
      name: '年度经销商大会',
      plannerName: null,
      attendees: null,
      notes: null,
    });
    const forbidden = (analyst.errors ?? []).map((e: Json) => `${e.path.at(-1)}:${e.extensions.code}`).sort();
    expect(forbidden).toEqual([
      'attendees:FORBIDDEN',
      'lastTime:FORBIDDEN',
      'notes:FORBIDDEN',
      'plannerName:FORBIDDEN',
    ]);

    // A status moves forward only.
    await desk.gql(UPDATE, { id: event.id, i: { status: 'CANCELLED' } }, ['MANAGER']);
    const back = await desk.raw(UPDATE, { id: event.id, i: { status: 'CONFIRMED' } }, ['MANAGER']);
    expect(back.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('shows what we learned last time when the organiser books again', async () => {
    const account = await desk.createAccount({ name: 'Returning Co', type: 'EVENT_PLANNER' });
    const first = (await desk.gql(CREATE, { i: eventInput(account.id, -40, { name: 'Spring summit' }) }, ['SALES']))
      .createHotelEvent;
    await desk.gql(NOTE, { e: first.id, i: { topic: 'TEMPERATURE', text: '21°C' } }, ['SALES']);
    await desk.gql(NOTE, { e: first.id, i: { topic: 'ROSTRUM', text: 'Chairman seated centre, name cards in gold' } }, [
      'SALES',
    ]);
    // A cancelled event taught us nothing; another organiser's notes are not ours.
    const cancelled = (await desk.gql(CREATE, { i: eventInput(account.id, -20) }, ['SALES'])).createHotelEvent;
    await desk.gql(NOTE, { e: cancelled.id, i: { topic: 'OTHER', text: 'never held' } }, ['SALES']);
    await desk.gql(UPDATE, { id: cancelled.id, i: { status: 'CANCELLED' } }, ['SALES']);
    const other = await desk.createAccount({ name: 'Other Co' });
    const theirs = (await desk.gql(CREATE, { i: eventInput(other.id, -30) }, ['SALES'])).createHotelEvent;
    await desk.gql(NOTE, { e: theirs.id, i: { topic: 'OTHER', text: 'not theirs' } }, ['SALES']);

    const again = (await desk.gql(CREATE, { i: eventInput(account.id, 20, { name: 'Autumn summit' }) }, ['SALES']))
      .createHotelEvent;
    const seen = await desk.gql(EVENT, { id: again.id }, ['FRONT_OFFICE']);
    expect(seen.hotelEvent.lastTime).toEqual([
      { topic: 'TEMPERATURE', text: '21°C', event: { id: first.id, name: 'Spring summit' } },
      {
        topic: 'ROSTRUM',
        text: 'Chairman seated centre, name cards in gold',
        event: { id: first.id, name: 'Spring summit' },
      },
    ]);
    // The first event has nothing before it.
    expect((await desk.gql(EVENT, { id: first.id })).hotelEvent.lastTime).toEqual([]);

    const ACCOUNT = `query($id: ID!) { account(id: $id) { events(first: 10) { id name } } }`;
    expect((await desk.gql(ACCOUNT, { id: account.id })).account.events.map((e: Json) => e.id)).toEqual([
      again.id,
      cancelled.id,
      first.id,
    ]);
    const LIST = `query($a: ID!, $first: Int, $after: String) { hotelEvents(accountId: $a, first: $first, after: $after) {
      edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await desk.gql(LIST, { a: account.id, first: 2 }, ['ANALYST'])).hotelEvents;
    expect(page1.edges.map((e: Json) => e.node.id)).toEqual([again.id, cancelled.id]);
    const page2 = (await desk.gql(LIST, { a: account.id, first: 2, after: page1.pageInfo.endCursor })).hotelEvents;
    expect(page2.edges.map((e: Json) => e.node.id)).toEqual([first.id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const UPCOMING = `query($from: Date, $to: Date, $s: HotelEventStatus) { upcomingHotelEvents(from: $from, to: $to, status: $s, first: 200) {
      edges { node { id } } } }`;
    const range = { from: addDays(today(), -45), to: addDays(today(), -15) };
    const inRange = (await desk.gql(UPCOMING, range)).upcomingHotelEvents.edges.map((e: Json) => e.node.id);
    expect(inRange).toEqual(expect.arrayContaining([first.id, theirs.id]));
    expect(inRange).not.toContain(cancelled.id);
    expect(inRange).not.toContain(again.id);
    const cancelledOnly = await desk.gql(UPCOMING, { ...range, s: 'CANCELLED' });
    expect(cancelledOnly.upcomingHotelEvents.edges.map((e: Json) => e.node.id)).toContain(cancelled.id);
    const wrong = await desk.raw(UPCOMING, { from: today(), to: addDays(today(), -1) });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it("counts a confirmed event's revenue in the organiser's production, by its last day", async () => {
    const account = await desk.createAccount({ name: 'Revenue Co' });
    const PRODUCTION = `query($id: ID!) { account(id: $id) {
      production { stays roomNights revenue events eventRevenue }
      productionByMonth { month stays revenue events eventRevenue } } }`;
    await desk.checkOut({ accountId: account.id, totalSpend: '1000.00', nights: 2 });
    const ended = addDays(today(), -3);
    const held = (
      await desk.gql(
        CREATE,
        {
          i: eventInput(account.id, -4, { endsOn: ended, revenue: '25000.50', status: 'CONFIRMED' }),
        },
        ['SALES'],
      )
    ).createHotelEvent;
    await desk.gql(UPDATE, { id: held.id, i: { status: 'HELD' } }, ['SALES']);
    // Tentative, cancelled and future business does not count yet.
    await desk.gql(CREATE, { i: eventInput(account.id, -6, { revenue: '9999.00' }) }, ['SALES']);
    const called = (
      await desk.gql(CREATE, { i: eventInput(account.id, -8, { revenue: '5000.00', status: 'CONFIRMED' }) }, ['SALES'])
    ).createHotelEvent;
    await desk.gql(UPDATE, { id: called.id, i: { status: 'CANCELLED' } }, ['SALES']);
    await desk.gql(CREATE, { i: eventInput(account.id, 30, { revenue: '7000.00', status: 'CONFIRMED' }) }, ['SALES']);

    let production: Json;
    for (let i = 0; i < 100; i++) {
      production = (await desk.gql(PRODUCTION, { id: account.id })).account;
      if (production.production.stays === 1) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(production.production).toEqual({
      stays: 1,
      roomNights: 2,
      revenue: '26000.50',
      events: 1,
      eventRevenue: '25000.50',
    });
    const months = production.productionByMonth;
    const total = months.reduce((t: number, m: Json) => t + Math.round(Number(m.eventRevenue) * 100), 0);
    expect(total).toBe(2500050);
    expect(months.find((m: Json) => m.month === ended.slice(0, 7))).toMatchObject({ events: 1 });
  });

  it("lists a guest's events through the entity and refuses them to ANALYST", async () => {
    const account = await desk.createAccount({ name: 'Guest Events Co' });
    const guest = desk.registerGuest();
    const duplicate = desk.registerGuest(guest);
    const event = (await desk.gql(CREATE, { i: eventInput(account.id, 3) }, ['SALES'])).createHotelEvent;
    // A merged duplicate attends as the guest it became.
    await desk.gql(ATTEND, { e: event.id, a: [{ guestId: duplicate }] }, ['SALES']);
    const Q = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest { id events { id name } } } }`;
    const reps = [{ __typename: 'Guest', id: guest }];
    expect((await desk.gql(Q, { reps }, ['FOOD_AND_BEVERAGE']))._entities[0].events).toEqual([
      { id: event.id, name: '年度经销商大会' },
    ]);
    // A duplicate merged later brings its events to the survivor.
    const later = desk.registerGuest();
    const other = (await desk.gql(CREATE, { i: eventInput(account.id, 9, { name: 'Gala dinner' }) }, ['SALES']))
      .createHotelEvent;
    await desk.gql(ATTEND, { e: other.id, a: [{ guestId: later }] }, ['SALES']);
    await desk.publish(guests.guestMerged, {
      mergeId: randomUUID(),
      survivorId: guest,
      duplicateId: later,
      mergedAt: new Date().toISOString(),
    });
    const merged = await waitFor(
      async () => (await desk.gql(Q, { reps }))._entities[0].events,
      (events: Json[]) => events.length === 2,
    );
    expect(merged.map((e: Json) => e.name)).toEqual(['Gala dinner', '年度经销商大会']);
    const analyst = await desk.raw(Q, { reps }, ['ANALYST']);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((analyst.data as Json)._entities[0].events).toBeNull();
  });
});
