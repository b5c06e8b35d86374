import { randomUUID } from 'node:crypto';
import { type EventBus, envelope, type Producer, timeline } from '@guest-graph/events';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, sql, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFor } from './application/index.js';
import { guestsService } from './index.js';

// One guest's story as the guests service keeps it: its own lines written with the change, the other
// services' lines from their `timeline.noted` events, newest first in stable pages, credit's lines only for
// the money roles, a merged duplicate's history included and given back, and a backfill that changes nothing
// the second time.
const clock = new ManualClock('2026-06-01T09:00:00Z');
let service: TestService;
const neighbours: EventBus[] = [];
const answered: Record<string, timeline.TimelineEntry[]> = {};
let loyaltyBus: EventBus;
let creditBus: EventBus;

beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
  for (const source of ['accounts', 'service-recovery', 'loyalty', 'credit'] as const) {
    const bus = await neighbourBus(source, service.namespace);
    neighbours.push(bus);
    // The backfill's question, answered with whatever the test put there (in key order, as a service does).
    bus.respond(timeline.timelineHistory[source], async ({ subject, after, limit }) => {
      const entries = (answered[source] ?? [])
        .filter((e) => e.subject === subject && (after === null || e.key > after))
        .sort((a, b) => a.key.localeCompare(b.key))
        .slice(0, limit);
      return { entries, next: entries.length === limit ? entries.at(-1)!.key : null };
    });
    if (source === 'loyalty') loyaltyBus = bus;
    if (source === 'credit') creditBus = bus;
  }
});
afterAll(async () => {
  for (const bus of neighbours) await bus.close();
  await service?.dispose();
});

type Line = { at: string; kind: string; service: string; summary: string };
type Page = { edges: { cursor: string; node: Line }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
const TIMELINE = `query($id: ID!, $first: Int!, $after: String) { guest(id: $id) { id
  timeline(first: $first, after: $after) { edges { cursor node { at kind service summary } } pageInfo { hasNextPage endCursor } } } }`;

const gql = async <D>(
  q: string,
  variables: Record<string, unknown> = {},
  roles: Parameters<TestService['query']>[2] = ['MANAGER'],
) => service.query<D>(q, variables, roles);
const page = async (
  id: string,
  first: number,
  after: string | null,
  roles: Parameters<TestService['query']>[2] = ['MANAGER'],
) => (await gql<{ guest: { timeline: Page } }>(TIMELINE, { id, first, after }, roles)).data!.guest.timeline;
/** Every line, page by page. */
const all = async (id: string, roles: Parameters<TestService['query']>[2] = ['MANAGER'], first = 2) => {
  const lines: { cursor: string; node: Line }[] = [];
  let after: string | null = null;
  for (;;) {
    const p: Page = await page(id, first, after, roles);
    lines.push(...p.edges);
    if (!p.pageInfo.hasNextPage) return lines;
    after = p.pageInfo.endCursor;
  }
};
const kinds = async (id: string, roles: Parameters<TestService['query']>[2] = ['MANAGER']) =>
  (await all(id, roles, 100)).map((e) => e.node.kind);

const register = async (fullName: string) => {
  clock.advance(60_000);
  return (
    await gql<{ registerGuest: { id: string } }>(
      'mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }',
      {
        i: { fullName, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}` },
      },
    )
  ).data!.registerGuest.id;
};
const stay = async (guestId: string) => {
  clock.advance(60_000);
  const today = clock.today();
  const stayId = (
    await gql<{ checkIn: { id: string } }>('mutation($i: CheckInInput!) { checkIn(input: $i) { id } }', {
      i: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate: today,
        departureDate: addDays(today, 2),
        nightlyRate: '800.00',
        paymentMethod: 'CARD',
      },
    })
  ).data!.checkIn.id;
  clock.advance(60_000);
  await gql('mutation($s: ID!) { checkOut(stayId: $s, charges: [{ outlet: ROOM, amount: "1600.00" }]) { id } }', {
    s: stayId,
  });
  return stayId;
};
const noted = (
  source: Producer,
  guestId: string,
  kind: timeline.TimelineKind,
  summary: string,
  key: string = randomUUID(),
) => {
  clock.advance(60_000);
  return {
    subject: 'GUEST' as const,
    subjectId: guestId,
    key: `${source}:${key}`,
    kind,
    at: clock.now().toISOString(),
    summary,
  };
};
const publish = async (bus: EventBus, source: Producer, entries: timeline.TimelineEntry[], id?: string) => {
  const def = timeline.timelineNoted[source];
  const env = envelope(def, { entries }, { id });
  await bus.publishDirect(def, env, env.id);
  return env.id;
};

describe('a guest timeline', () => {
  let guest: string;
  let earned: timeline.TimelineEntry;
  beforeAll(async () => {
    guest = await register('王芳');
    clock.advance(60_000);
    await gql(
      'mutation($g: ID!) { recordPreference(guestId: $g, input: { category: PILLOW, value: "Buckwheat" }) { id } }',
      { g: guest },
      ['FRONT_OFFICE'],
    );
    clock.advance(60_000);
    await gql(
      'mutation($g: ID!) { setMarketingConsent(guestId: $g, input: { channel: SMS, granted: false, source: "Unsubscribed by reply" }) { id } }',
      { g: guest },
    );
    await stay(guest);
    earned = noted('loyalty', guest, 'POINTS_EARNED', 'Points earned: 1600');
    await publish(loyaltyBus, 'loyalty', [earned]);
    await publish(creditBus, 'credit', [noted('credit', guest, 'INVOICE_ISSUED', 'Invoice issued: 1600.00')]);
    await waitFor(async () => (await kinds(guest)).length === 7);
  });

  it('shows every service’s lines newest first, with plain words and no personal data', async () => {
    const lines = (await all(guest, ['MANAGER'], 100)).map((e) => e.node);
    expect(lines.map((l) => l.kind)).toEqual([
      'INVOICE_ISSUED',
      'POINTS_EARNED',
      'STAY_CHECKED_OUT',
      'STAY_CHECKED_IN',
      'CONSENT_RECORDED',
      'PREFERENCE_RECORDED',
      'GUEST_REGISTERED',
    ]);
    expect(lines.map((l) => l.service)).toEqual([
      'credit',
      'loyalty',
      'guests',
      'guests',
      'guests',
      'guests',
      'guests',
    ]);
    const text = JSON.stringify(lines);
    for (const personal of ['王芳', 'Buckwheat', 'Unsubscribed', '139']) expect(text).not.toContain(personal);
    expect(lines.find((l) => l.kind === 'CONSENT_RECORDED')!.summary).toBe('Marketing consent withdrawn (sms)');
    const ats = lines.map((l) => Date.parse(l.at));
    expect([...ats].sort((a, b) => b - a)).toEqual(ats);
  });

  it('pages without gaps or repeats, and a page stays put while newer lines arrive', async () => {
    const whole = await all(guest, ['MANAGER'], 100);
    const first = await page(guest, 3, null);
    await publish(loyaltyBus, 'loyalty', [
      noted('loyalty', guest, 'TIER_CHANGED', 'Tier changed from member to silver'),
    ]);
    await waitFor(async () => (await kinds(guest)).length === 8);
    let after = first.pageInfo.endCursor;
    const seen = [...first.edges];
    for (;;) {
      const p = await page(guest, 2, after);
      seen.push(...p.edges);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen.map((e) => e.cursor)).toEqual(whole.map((e) => e.cursor));
    expect(new Set(seen.map((e) => e.cursor)).size).toBe(seen.length);
  });

  it('shows credit’s lines only to FINANCE, MANAGER and SALES, and refuses ANALYST', async () => {
    for (const role of ['FINANCE', 'MANAGER', 'SALES'] as const)
      expect(await kinds(guest, [role])).toContain('INVOICE_ISSUED');
    for (const role of ['FRONT_OFFICE', 'HOUSEKEEPING', 'GUEST_RELATIONS', 'LOYALTY'] as const) {
      const seen = await kinds(guest, [role]);
      expect(seen).not.toContain('INVOICE_ISSUED');
      expect(seen).toContain('POINTS_EARNED');
    }
    const res = await gql<{ guest: { timeline: null } }>(TIMELINE, { id: guest, first: 5, after: null }, ['ANALYST']);
    expect(res.data!.guest.timeline).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['guest', 'timeline']);
  });

  it('files a redelivered or replayed event once', async () => {
    const before = (await kinds(guest)).length;
    const id = await publish(loyaltyBus, 'loyalty', [earned]);
    await publish(loyaltyBus, 'loyalty', [earned], id);
    await publish(loyaltyBus, 'loyalty', [earned]);
    // A marker sent after them: once it is filed, the replays before it were handled.
    await publish(loyaltyBus, 'loyalty', [noted('loyalty', guest, 'POINTS_REDEEMED', 'Points redeemed: 100')]);
    await waitFor(async () => (await kinds(guest)).includes('POINTS_REDEEMED'));
    expect((await kinds(guest)).length).toBe(before + 1);
  });

  it('refuses a page size out of range and a cursor that is not its own', async () => {
    const big = await gql(TIMELINE, { id: guest, first: 101, after: null });
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const bad = await gql(TIMELINE, { id: guest, first: 5, after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('merge and unmerge', () => {
  it('includes the duplicate’s history after a merge and gives it back after an unmerge', async () => {
    const survivor = await register('李雷');
    const duplicate = await register('李雷');
    await stay(duplicate);
    await publish(loyaltyBus, 'loyalty', [
      noted('loyalty', duplicate, 'MEMBER_ENROLLED', 'Joined the loyalty programme'),
    ]);
    await waitFor(async () => (await kinds(duplicate)).includes('MEMBER_ENROLLED'));
    const duplicateKinds = await kinds(duplicate);

    clock.advance(60_000);
    const merged = await gql<{ mergeGuests: { mergeId: string } }>(
      'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
      { s: survivor, d: duplicate },
    );
    const mergeId = merged.data!.mergeGuests.mergeId;
    const after = await kinds(survivor);
    expect(after[0]).toBe('GUESTS_MERGED');
    expect(after.filter((k) => k === 'GUEST_REGISTERED')).toHaveLength(2);
    for (const k of duplicateKinds) expect(after).toContain(k);
    // The merged-away id still finds its guest, with the whole story.
    expect(await kinds(duplicate)).toEqual(after);
    // A line noted about the duplicate after the merge lands on the survivor's story too.
    await publish(loyaltyBus, 'loyalty', [noted('loyalty', duplicate, 'POINTS_EARNED', 'Points earned: 50')]);
    await waitFor(async () => (await kinds(survivor)).includes('POINTS_EARNED'));

    clock.advance(60_000);
    await gql('mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId } }', { m: mergeId });
    const survivorNow = await kinds(survivor);
    expect(survivorNow.filter((k) => k === 'GUEST_REGISTERED')).toHaveLength(1);
    expect(survivorNow).not.toContain('STAY_CHECKED_IN');
    expect(survivorNow).not.toContain('POINTS_EARNED');
    expect(survivorNow.slice(0, 2)).toEqual(['GUESTS_UNMERGED', 'GUESTS_MERGED']);
    const duplicateNow = await kinds(duplicate);
    expect(duplicateNow[0]).toBe('GUESTS_UNMERGED');
    for (const k of [...duplicateKinds, 'POINTS_EARNED']) expect(duplicateNow).toContain(k);
  });
});

describe('backfill', () => {
  it('loads history from every service once: a second run leaves the same lines', async () => {
    const guest = await register('韩梅梅');
    const stayId = await stay(guest);
    // History from before timelines existed: the guests service's own lines gone, other services holding theirs.
    await sql(service.databaseUrl, `DELETE FROM guests.timeline_entry WHERE guest_id = '${guest}'`);
    await sql(service.databaseUrl, 'DELETE FROM guests.timeline_backfill');
    answered['service-recovery'] = [
      noted('service-recovery', guest, 'CASE_OPENED', 'Case opened: noise, low severity', 'case-opened:1'),
    ];
    answered.credit = [noted('credit', guest, 'INVOICE_ISSUED', 'Invoice issued: 1600.00', 'invoice:1')];
    answered.accounts = [
      { ...noted('accounts', guest, 'ACCOUNT_LINKED', 'Linked to a company or agency account', 'linked:1') },
      // A conference the guest attended: accounts owns hotel events and answers their lines.
      noted(
        'accounts',
        guest,
        'EVENT_ATTENDED',
        'Attended a conference or banquet, 2026-03-01 to 2026-03-02',
        'event-attended:1',
      ),
      // Lines about accounts are the accounts service's: not filed here.
      { ...noted('accounts', guest, 'ACCOUNT_CREATED', 'Account opened'), subject: 'ACCOUNT' as const },
    ];

    const app = appFor(service.runtime);
    const everything = async () =>
      sql<{ key: string; kind: string; summary: string; at: Date }>(
        service.databaseUrl,
        'SELECT key, kind, summary, at FROM guests.timeline_entry ORDER BY key',
      );
    expect(await app.backfillTimelines()).toBe(true);
    const once = await everything();
    expect(await kinds(guest)).toEqual([
      'EVENT_ATTENDED',
      'ACCOUNT_LINKED',
      'INVOICE_ISSUED',
      'CASE_OPENED',
      'STAY_CHECKED_OUT',
      'STAY_CHECKED_IN',
      'GUEST_REGISTERED',
    ]);
    expect(once.find((l) => l.key === `guests:checked-out:${stayId}`)?.summary).toBe(
      'Checked out, 2 night(s), spend 1600.00',
    );
    const progress = await sql<{ source: string; completed_at: Date | null }>(
      service.databaseUrl,
      'SELECT source, completed_at FROM guests.timeline_backfill ORDER BY source',
    );
    expect(progress.map((p) => p.source)).toEqual(['accounts', 'credit', 'guests', 'loyalty', 'service-recovery']);
    expect(progress.every((p) => p.completed_at)).toBe(true);

    // Run again from scratch (as if the progress were lost): the same lines, none doubled.
    await sql(service.databaseUrl, 'DELETE FROM guests.timeline_backfill');
    expect(await app.backfillTimelines()).toBe(true);
    expect(await everything()).toEqual(once);
  });

  it('forgets what is guest-specific on an erased guest’s lines', async () => {
    const guest = await register('赵敏');
    await gql(
      'mutation($g: ID!) { recordPreference(guestId: $g, input: { category: DIET, value: "Vegetarian" }) { id } }',
      { g: guest },
      ['FRONT_OFFICE'],
    );
    await appFor(service.runtime).forgetGuest(guest);
    const lines = (await all(guest, ['MANAGER'], 100)).map((e) => e.node);
    expect(lines.find((l) => l.kind === 'PREFERENCE_RECORDED')!.summary).toBe('Preference recorded');
  });
});
