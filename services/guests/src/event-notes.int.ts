import { randomUUID } from 'node:crypto';
import { accounts, type EventBus, type EventData, envelope } from '@guest-graph/events';
import { neighbourBus, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// Seed 000 §3.1(3): what meeting staff note at a conference (the room's temperature, the layout, the tea) becomes
// the preferences of the guests it is about, as accounts shares it; and seed 000 §3.1(4): invitations to themed
// events, for guests whose preferences fit and who may be sent marketing on the channel.
let service: TestService;
let accountsBus: EventBus;
beforeAll(async () => {
  service = await startTestService(guestsService);
  accountsBus = await neighbourBus('accounts', service.namespace);
});
afterAll(async () => {
  await accountsBus?.close();
  await service?.dispose();
});

// biome-ignore lint/suspicious/noExplicitAny: GraphQL answers are read by shape; the assertions check them
type Json = any;
const gql = async (query: string, variables: Record<string, unknown> = {}, roles?: Json) => {
  const res = await service.query(query, variables, roles);
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data as Json;
};
const register = async (input: Record<string, unknown>) =>
  (await gql('mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }', { input })).registerGuest
    .id as string;
const consent = (g: string, input: Record<string, unknown>) =>
  gql('mutation($g: ID!, $input: ConsentInput!) { recordConsent(guestId: $g, input: $input) { purpose } }', {
    g,
    input: { noticeVersion: 'v1', source: 'desk', ...input },
  });
const prefs = async (id: string) =>
  (await gql('query($id: ID!) { guest(id: $id) { preferences { category value note source confirmations } } }', { id }))
    .guest.preferences;
const share = async (data: EventData<typeof accounts.hotelEventNotesShared>, id?: string) => {
  const def = accounts.hotelEventNotesShared;
  const env = envelope(def, def.schema.parse(data), { id });
  await accountsBus.publishDirect(def, env, env.id);
};
const notes = (eventId: string, list: { noteId: string; category: string; value: string; guestIds: string[] }[]) => ({
  eventId,
  accountId: randomUUID(),
  eventName: 'Dealer conference',
  startsOn: '2026-10-12',
  notes: list.map((n) => ({ ...n, recordedBy: 'sales-wang', recordedAt: new Date().toISOString() })),
});

describe('hotel event notes', () => {
  it('become the preferences of the guests they reach, once, and never of a guest who withdrew personalisation', async () => {
    const chair = await register({ fullName: '会议主席' });
    const delegate = await register({ fullName: '会议代表' });
    const private_ = await register({ fullName: '不要个性化' });
    await consent(private_, { purpose: 'PERSONALISATION', granted: false });
    const eventId = randomUUID();
    const temperature = randomUUID();
    const tea = randomUUID();
    const data = notes(eventId, [
      { noteId: temperature, category: 'ROOM_TEMPERATURE', value: '22°C', guestIds: [chair, delegate, private_] },
      { noteId: tea, category: 'TEA_COFFEE', value: 'Longjing, no sugar', guestIds: [chair] },
    ]);
    await share(data);
    const chairPrefs = await waitFor(
      () => prefs(chair),
      (p) => p.length === 2,
    );
    expect(chairPrefs).toEqual(
      expect.arrayContaining([
        {
          category: 'ROOM_TEMPERATURE',
          value: '22°C',
          note: 'Dealer conference (2026-10-12)',
          source: 'STAFF',
          confirmations: 0,
        },
        {
          category: 'TEA_COFFEE',
          value: 'Longjing, no sugar',
          note: 'Dealer conference (2026-10-12)',
          source: 'STAFF',
          confirmations: 0,
        },
      ]),
    );
    await waitFor(
      () => prefs(delegate),
      (p) => p.length === 1,
    );

    // Redelivered, and replayed under another event id: nothing is recorded or confirmed twice.
    const eventEnvelopeId = randomUUID();
    await share(data, eventEnvelopeId);
    await share(data, eventEnvelopeId);
    // A later note for the delegate alone proves the earlier messages were handled before it.
    const layout = randomUUID();
    await share(
      notes(eventId, [{ noteId: layout, category: 'MEETING_SETUP', value: 'U-shape', guestIds: [delegate] }]),
    );
    await waitFor(
      () => prefs(delegate),
      (p) => p.length === 2,
    );
    const applied = await service.runtime.dataSource.query(
      'SELECT note_id, outcome FROM guests.event_note_applied WHERE guest_id = $1',
      [private_],
    );
    expect(applied).toEqual([{ note_id: temperature, outcome: 'NO_CONSENT' }]);
    expect((await prefs(chair)).map((p: Json) => p.confirmations)).toEqual([0, 0]);
    expect(await prefs(private_)).toEqual([]);
  });
});

describe('the invitation list for a themed event', () => {
  it('lists guests holding the preference, of the segment, who may be sent marketing on the channel', async () => {
    const tag = randomUUID().slice(0, 8);
    const PREF = `mutation($g: ID!, $input: PreferenceInput!) { recordPreference(guestId: $g, input: $input) { id } }`;
    const guest = async (name: string, extra: Record<string, unknown>, wine = 'Burgundy red wine') => {
      const id = await register({ fullName: `${name}${tag}`, email: `${name}.${tag}@example.com`, ...extra });
      await gql(PREF, { g: id, input: { category: 'BEVERAGE', value: wine } }, ['FOOD_AND_BEVERAGE']);
      return id;
    };
    const yes = await guest('amy', { marketingConsent: true, segment: 'BUSINESS' });
    const vip = await guest('zed', { marketingConsent: true, segment: 'BUSINESS', vip: true });
    const withdrew = await guest('bob', { marketingConsent: true, segment: 'BUSINESS' });
    await consent(withdrew, { purpose: 'MARKETING', channel: 'EMAIL', granted: false });
    await guest('cat', { segment: 'BUSINESS' }); // never consented
    await guest('dan', { marketingConsent: true, segment: 'LEISURE' });
    await guest('eve', { marketingConsent: true, segment: 'BUSINESS' }, 'Green tea only');

    const LIST = `query($p: [InvitationPreferenceInput!]!, $s: [GuestSegment!], $c: MarketingChannel!, $first: Int, $after: String) {
      themedEventInvitations(preferences: $p, segments: $s, channel: $c, first: $first, after: $after) {
        edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const vars = { p: [{ category: 'BEVERAGE', contains: ' WINE ' }], s: ['BUSINESS'], c: 'EMAIL' };
    const ids = async (v: Record<string, unknown>) =>
      (await gql(LIST, v, ['SALES'])).themedEventInvitations.edges.map((e: Json) => e.node.id);
    const list = await ids(vars);
    // VIPs first; the withdrawn, the never-asked, another segment and another taste are left out.
    expect(list).toEqual([vip, yes]);
    // Every segment: the leisure guest joins.
    expect(await ids({ ...vars, s: null })).toHaveLength(3);
    // Pages keep the order.
    const first = (await gql(LIST, { ...vars, first: 1 }, ['GUEST_RELATIONS'])).themedEventInvitations;
    expect(first.edges.map((e: Json) => e.node.id)).toEqual([vip]);
    const second = (await gql(LIST, { ...vars, first: 1, after: first.pageInfo.endCursor }, ['LOYALTY']))
      .themedEventInvitations;
    expect(second.edges.map((e: Json) => e.node.id)).toEqual([yes]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const analyst = await service.query(LIST, vars, ['ANALYST']);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const none = await service.query(LIST, { ...vars, p: [] }, ['SALES']);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'preferences' });
    const badCursor = await service.query(LIST, { ...vars, after: 'nope' }, ['SALES']);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
