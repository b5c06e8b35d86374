import { randomUUID } from 'node:crypto';
import { guests, timeline } from '@guest-graph/events';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountsDesk, type Json, startAccountsDesk } from './guest-desk.fixture.js';
import { eraseGuestRecords, guestRecords } from './persistence/guest-data.repository.js';

// A conference's attendees are guests of the guests service: when two profiles turn out to be one guest, the
// duplicate's attendances become the survivor's (not only resolved on read), and an unmerge gives them back.
// Each attendance is a line on the guest's timeline: on the list, then attended once the event is held.
const clock = new ManualClock('2026-05-04T02:00:00Z');
let desk: AccountsDesk;
beforeAll(async () => {
  desk = await startAccountsDesk({ clock });
});
afterAll(async () => desk?.dispose());

const today = () => clock.today();
const CREATE = `mutation($i: CreateHotelEventInput!) { createHotelEvent(input: $i) { id startsOn endsOn } }`;
const ATTEND = `mutation($e: ID!, $a: [HotelEventAttendeeInput!]!) { addHotelEventAttendees(eventId: $e, attendees: $a) { id } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateHotelEventInput!) { updateHotelEvent(id: $id, input: $i) { id status } }`;
const EVENT = `query($id: ID!) { hotelEvent(id: $id) { id planner { id } attendees { guest { id } vip role } } }`;

const eventInput = (accountId: string, startsIn: number, extra: Record<string, unknown> = {}) => ({
  accountId,
  name: 'Dealers conference',
  startsOn: addDays(today(), startsIn),
  endsOn: addDays(today(), startsIn + 1),
  functionRooms: ['Grand Ballroom'],
  layout: 'THEATRE',
  headcount: 80,
  ...extra,
});
const create = async (accountId: string, startsIn: number, extra: Record<string, unknown> = {}) =>
  (await desk.gql(CREATE, { i: eventInput(accountId, startsIn, extra) }, ['SALES'])).createHotelEvent;
const event = async (id: string) => (await desk.gql(EVENT, { id }, ['SALES'])).hotelEvent;
const handled = (consumer: string, eventId: string) =>
  waitFor(
    async () =>
      (
        await desk.service.runtime.dataSource.query(
          'SELECT 1 FROM accounts.inbox WHERE consumer = $1 AND event_id = $2',
          [`accounts__${consumer}`, eventId],
        )
      ).length,
    (n) => n > 0,
  );
const merge = async (mergeId: string, survivorId: string, duplicateId: string, eventId = randomUUID()) => {
  await desk.publish(
    guests.guestMerged,
    { mergeId, survivorId, duplicateId, mergedAt: clock.now().toISOString() },
    eventId,
  );
  return eventId;
};
const unmerge = async (mergeId: string, survivorId: string, duplicateId: string, eventId = randomUUID()) => {
  await desk.publish(
    guests.guestUnmerged,
    { mergeId, survivorId, duplicateId, unmergedAt: clock.now().toISOString() },
    eventId,
  );
  return eventId;
};
/** The lines noted for guests' timelines (the outbox of `timeline.noted`), by key prefix. */
const noted = async (prefix: string): Promise<timeline.TimelineEntry[]> =>
  (
    await desk.service.runtime.dataSource.query(
      `SELECT payload FROM accounts.outbox WHERE type = 'timeline.noted' ORDER BY seq`,
    )
  )
    .flatMap((r: { payload: { data: { entries: timeline.TimelineEntry[] } } }) => r.payload.data.entries)
    .filter((e: timeline.TimelineEntry) => e.key.startsWith(prefix));

describe('event attendees and guest merges', () => {
  it("moves the duplicate's attendances and planned events to the survivor, once, and back on unmerge", async () => {
    const account = await desk.createAccount({ name: 'Merge Events Co', type: 'EVENT_PLANNER' });
    const survivor = desk.registerGuest();
    const duplicate = desk.registerGuest();
    const both = await create(account.id, 5);
    const dupOnly = await create(account.id, 8, { name: 'Gala dinner' });
    const planned = await create(account.id, 12, { plannerGuestId: duplicate });
    await desk.gql(
      ATTEND,
      { e: both.id, a: [{ guestId: survivor }, { guestId: duplicate, vip: true, role: '主席台' }] },
      ['SALES'],
    );
    await desk.gql(ATTEND, { e: dupOnly.id, a: [{ guestId: duplicate, role: 'speaker' }] }, ['SALES']);

    const mergeId = randomUUID();
    const first = await merge(mergeId, survivor, duplicate);
    await handled('event-attendees-merged', first);
    // One attendance per guest: the survivor's own row carries the duplicate's VIP seat and role.
    expect((await event(both.id)).attendees).toEqual([{ guest: { id: survivor }, vip: true, role: '主席台' }]);
    expect((await event(dupOnly.id)).attendees).toEqual([{ guest: { id: survivor }, vip: false, role: 'speaker' }]);
    expect((await event(planned.id)).planner).toEqual({ id: survivor });

    // A replay of the merge under another message id changes nothing, and neither does a redelivery (the inbox).
    const replay = await merge(mergeId, survivor, duplicate);
    await handled('event-attendees-merged', replay);
    await merge(mergeId, survivor, duplicate, first);
    const rows = await desk.service.runtime.dataSource.query(
      `SELECT event_id AS "eventId", guest_id AS "guestId", vip FROM accounts.hotel_event_attendee
        WHERE event_id = ANY($1::uuid[]) ORDER BY event_id, guest_id`,
      [[both.id, dupOnly.id]],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r: Json) => r.guestId === survivor)).toBe(true);

    // Undone: the duplicate attends again as the merge found it, the survivor's row says what it said before.
    const undone = await unmerge(mergeId, survivor, duplicate);
    await handled('event-attendees-unmerged', undone);
    expect((await event(both.id)).attendees).toEqual([
      { guest: { id: duplicate }, vip: true, role: '主席台' },
      { guest: { id: survivor }, vip: false, role: null },
    ]);
    expect((await event(dupOnly.id)).attendees).toEqual([{ guest: { id: duplicate }, vip: false, role: 'speaker' }]);
    expect((await event(planned.id)).planner).toEqual({ id: duplicate });
  });

  it('keeps a staff change made while merged, and moves nothing for a merge whose unmerge came first', async () => {
    const account = await desk.createAccount({ name: 'Order Events Co' });
    const survivor = desk.registerGuest();
    const duplicate = desk.registerGuest();
    const e = await create(account.id, 3);
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: survivor }, { guestId: duplicate, vip: true }] }, ['SALES']);
    const mergeId = randomUUID();
    await handled('event-attendees-merged', await merge(mergeId, survivor, duplicate));
    // Sales names a role for the survivor while merged: the unmerge leaves that row alone.
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: survivor, vip: true, role: 'host' }] }, ['SALES']);
    await handled('event-attendees-unmerged', await unmerge(mergeId, survivor, duplicate));
    expect((await event(e.id)).attendees).toEqual(
      expect.arrayContaining([
        { guest: { id: survivor }, vip: true, role: 'host' },
        { guest: { id: duplicate }, vip: true, role: null },
      ]),
    );

    // The two events travel on separate consumers: an unmerge handled first leaves the late merge nothing to do.
    const late = desk.registerGuest();
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: late }] }, ['SALES']);
    const lateMerge = randomUUID();
    await handled('event-attendees-unmerged', await unmerge(lateMerge, survivor, late));
    await handled('event-attendees-merged', await merge(lateMerge, survivor, late));
    expect((await event(e.id)).attendees.map((a: Json) => a.guest.id)).toContain(late);
  });
});

describe('event attendees, merges and erasure', () => {
  it('exports what a merge moved, and after an erasure an unmerge brings no attendance back', async () => {
    const account = await desk.createAccount({ name: 'Erased Events Co' });
    const [survivor, duplicate] = [desk.registerGuest(), desk.registerGuest()];
    const e = await create(account.id, 6);
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: duplicate, role: 'speaker' }] }, ['SALES']);
    const mergeId = randomUUID();
    await handled('event-attendees-merged', await merge(mergeId, survivor, duplicate));
    const ds = desk.service.runtime.dataSource;
    const exported = (await ds.transaction((tx) => guestRecords(tx, [survivor]))) as Json;
    expect(exported.attendeeMerges).toMatchObject([{ merge_id: mergeId, event_id: e.id, role: 'speaker' }]);
    await ds.transaction((tx) => eraseGuestRecords(tx, [survivor, duplicate]));
    await handled('event-attendees-unmerged', await unmerge(mergeId, survivor, duplicate));
    expect((await event(e.id)).attendees).toEqual([]);
    // The late unmerge leaves only its mark (ids), no attendance.
    expect((await ds.transaction((tx) => guestRecords(tx, [survivor, duplicate]))).attendeeMerges).toMatchObject([
      { merge_id: mergeId, merged_at: null, event_id: null, role: null },
    ]);
  });
});

describe("attendance on guests' timelines", () => {
  it('notes a line when a guest joins the list and when the event is held, and the backfill answers the same', async () => {
    const account = await desk.createAccount({ name: 'Timeline Events Co', type: 'EVENT_PLANNER' });
    const [vip, delegate] = [desk.registerGuest(), desk.registerGuest()];
    const e = await create(account.id, -2, { status: 'CONFIRMED' });
    clock.advance(60_000);
    const addedAt = clock.now().toISOString();
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: vip, vip: true }, { guestId: delegate }] }, ['SALES']);
    const invited = await noted(`accounts:event-invited:${e.id}:`);
    const days = `${e.startsOn} to ${e.endsOn}`;
    expect(invited.sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [
        {
          subject: 'GUEST',
          subjectId: vip,
          key: `accounts:event-invited:${e.id}:${vip}`,
          kind: 'EVENT_INVITED',
          at: addedAt,
          summary: `On the attendee list of a conference or banquet, ${days} (VIP)`,
        },
        {
          subject: 'GUEST',
          subjectId: delegate,
          key: `accounts:event-invited:${e.id}:${delegate}`,
          kind: 'EVENT_INVITED',
          at: addedAt,
          summary: `On the attendee list of a conference or banquet, ${days}`,
        },
      ].sort((a, b) => a.key.localeCompare(b.key)),
    );
    // Made a VIP later: nobody new joined the list, so no new line.
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: delegate, vip: true }] }, ['SALES']);
    expect(await noted(`accounts:event-invited:${e.id}:`)).toHaveLength(2);
    expect(await noted(`accounts:event-attended:${e.id}:`)).toEqual([]);

    clock.advance(60_000);
    const heldAt = clock.now().toISOString();
    await desk.gql(UPDATE, { id: e.id, i: { status: 'HELD' } }, ['SALES']);
    const attended = await noted(`accounts:event-attended:${e.id}:`);
    expect(attended.map((l) => [l.subjectId, l.kind, l.at, l.summary]).sort()).toEqual(
      [
        [vip, 'EVENT_ATTENDED', heldAt, `Attended a conference or banquet, ${days} (VIP)`],
        [delegate, 'EVENT_ATTENDED', heldAt, `Attended a conference or banquet, ${days} (VIP)`],
      ].sort(),
    );

    // The guests backfill asks over request/reply and gets the same lines under the same keys.
    const history: timeline.TimelineEntry[] = [];
    let after: string | null = null;
    do {
      const page: { entries: timeline.TimelineEntry[]; next: string | null } = await desk.guestsBus.request(
        timeline.timelineHistory.accounts,
        {
          subject: 'GUEST',
          after,
          limit: 50,
        },
      );
      history.push(...page.entries);
      after = page.next;
    } while (after);
    const ours = history.filter((l) => l.key.includes(`:event-`) && l.key.includes(e.id));
    const live = [...(await noted(`accounts:event-invited:${e.id}:`)), ...attended];
    expect(ours.map((l) => [l.key, l.subjectId, l.kind, l.at]).sort()).toEqual(
      live.map((l) => [l.key, l.subjectId, l.kind, l.at]).sort(),
    );
    expect(ours.find((l) => l.key === attended[0]!.key)?.summary).toBe(attended[0]!.summary);
  });

  it('names an attendance after a merge by the guest it was first written for', async () => {
    const account = await desk.createAccount({ name: 'Merged Timeline Co' });
    const [survivor, duplicate] = [desk.registerGuest(), desk.registerGuest()];
    const e = await create(account.id, 4);
    await desk.gql(ATTEND, { e: e.id, a: [{ guestId: duplicate }] }, ['SALES']);
    await handled('event-attendees-merged', await merge(randomUUID(), survivor, duplicate));
    await desk.gql(UPDATE, { id: e.id, i: { status: 'CONFIRMED' } }, ['SALES']);
    await desk.gql(UPDATE, { id: e.id, i: { status: 'HELD' } }, ['SALES']);
    // Under the duplicate's id, as its line on the list: the survivor's timeline reads the duplicate's lines.
    const attended = await noted(`accounts:event-attended:${e.id}:`);
    expect(attended.map((l) => l.subjectId)).toEqual([duplicate]);
    const page = await desk.guestsBus.request(timeline.timelineHistory.accounts, {
      subject: 'GUEST',
      after: `accounts:event-attended:${e.id}`,
      limit: 1000,
    });
    expect(page.entries.filter((l) => l.key.includes(e.id)).map((l) => l.key)).toEqual([
      `accounts:event-attended:${e.id}:${duplicate}`,
      `accounts:event-invited:${e.id}:${duplicate}`,
    ]);
  });
});
