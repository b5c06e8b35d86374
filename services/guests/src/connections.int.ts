import { ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Connections: every page follows the last without a gap or a repeat while rows are added between pages;
// a page size above the documented maximum and a cursor that is not ours are bad input.
const clock = new ManualClock('2026-05-04T02:00:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
});
afterAll(async () => {
  await service?.dispose();
});

type Page<T> = { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

const register = async (input: Record<string, unknown>) => {
  const res = await service.query<{ registerGuest: { id: string } }>(
    'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
    { input },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerGuest.id;
};
/** A stay checked in on its arrival day (the clock goes there and back). */
const checkIn = async (guestId: string, arrivalDate: string, departureDate: string) => {
  const res = await onHotelDate(clock, arrivalDate, () =>
    service.query<{ checkIn: { id: string } }>('mutation($input: CheckInInput!) { checkIn(input: $input) { id } }', {
      input: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate,
        departureDate,
        nightlyRate: '500.00',
        paymentMethod: 'CARD',
      },
    }),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.checkIn.id;
};
const checkOut = async (stayId: string) => {
  const res = await service.query('mutation($s: ID!) { checkOut(stayId: $s, charges: []) { id } }', { s: stayId });
  expect(res.errors).toBeUndefined();
};

/** Reads every page of `size`, calling `between` after each page but the last. */
async function readAll<T>(
  fetch: (after: string | null) => Promise<Page<T>>,
  between: (page: number) => Promise<void> = async () => {},
): Promise<T[]> {
  const seen: T[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const p = await fetch(after);
    seen.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage) return seen;
    expect(p.pageInfo.endCursor).toBe(p.edges.at(-1)!.cursor);
    after = p.pageInfo.endCursor;
    await between(page);
  }
  throw new Error('the connection never ended');
}

const errorOf = (res: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => ({
  code: res.errors?.[0]?.extensions?.code,
  field: res.errors?.[0]?.extensions?.field,
});

describe('connections', () => {
  it("pages through a guest's stays, newest first, with no gap or repeat while stays are added", async () => {
    const guest = await register({ fullName: '翻页住客' });
    const stays: string[] = [];
    for (let d = 10; d <= 14; d++) stays.push(await checkIn(guest, `2026-04-${d}`, `2026-04-${d + 1}`));
    let older = '';
    const seen = await readAll(
      async (after) => {
        const res = await service.query<{ guest: { stayHistory: Page<{ id: string; arrivalDate: string }> } }>(
          'query($g: ID!, $a: String) { guest(id: $g) { stayHistory(first: 2, after: $a) { edges { cursor node { id arrivalDate } } pageInfo { hasNextPage endCursor } } } }',
          { g: guest, a: after },
        );
        expect(res.errors).toBeUndefined();
        return res.data!.guest.stayHistory;
      },
      async (page) => {
        if (page !== 0) return;
        // A newer stay lands before the pages already read, an older one after them.
        await checkIn(guest, '2026-04-20', '2026-04-21');
        older = await checkIn(guest, '2026-04-01', '2026-04-02');
      },
    );
    expect(seen.map((s) => s.id)).toEqual([...stays.reverse(), older]);
  });

  it('pages through follow-up calls, earliest due first, with calls added between pages', async () => {
    const due = async () => {
      const guest = await register({ fullName: '回访贵宾', vip: true });
      await checkOut(await checkIn(guest, '2026-05-03', '2026-05-04'));
    };
    for (let i = 0; i < 5; i++) await due();
    const before = (
      await service.query<{ followUps: { id: string }[] }>('{ followUps(first: 500) { id } }', {}, ['GUEST_RELATIONS'])
    ).data!.followUps.map((f) => f.id);
    expect(before).toHaveLength(5);
    const seen = await readAll(
      async (after) => {
        const res = await service.query<{ followUpsConnection: Page<{ id: string; dueDate: string }> }>(
          'query($a: String) { followUpsConnection(first: 2, after: $a) { edges { cursor node { id dueDate } } pageInfo { hasNextPage endCursor } } }',
          { a: after },
          ['GUEST_RELATIONS'],
        );
        expect(res.errors).toBeUndefined();
        return res.data!.followUpsConnection;
      },
      async () => {
        // A later check-out is due later: it joins the end of the list.
        clock.advanceDays(1);
        await due();
      },
    );
    const ids = seen.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 5)).toEqual(before);
    expect(ids.length).toBeGreaterThan(5);
    expect(seen.map((f) => f.dueDate)).toEqual([...seen.map((f) => f.dueDate)].sort());
  });

  it('pages through the document reveal audit, newest first', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const g = await register({
        fullName: `出示证件${i}`,
        idDocument: { type: 'RESIDENT_ID', number: completeResidentId(`51010719900101${i}23`) },
      });
      const shown = await service.query(
        'mutation($g: ID!) { revealIdDocument(guestId: $g, reason: "Police registration") { number } }',
        { g },
        ['MANAGER'],
      );
      expect(shown.errors).toBeUndefined();
      ids.push(g);
      clock.advance(1000);
    }
    const seen = await readAll(async (after) => {
      const res = await service.query<{ idDocumentRevealsConnection: Page<{ guestId: string }> }>(
        'query($a: String) { idDocumentRevealsConnection(first: 2, after: $a) { edges { cursor node { guestId } } pageInfo { hasNextPage endCursor } } }',
        { a: after },
        ['MANAGER'],
      );
      expect(res.errors).toBeUndefined();
      return res.data!.idDocumentRevealsConnection;
    });
    expect(seen.map((r) => r.guestId)).toEqual([...ids].reverse());
  });

  it('pages through guests by value in a stable order', async () => {
    const seen = await readAll(async (after) => {
      const res = await service.query<{ guestsByValueConnection: Page<{ id: string }> }>(
        'query($a: String) { guestsByValueConnection(first: 3, after: $a) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }',
        { a: after },
        ['SALES'],
      );
      expect(res.errors).toBeUndefined();
      return res.data!.guestsByValueConnection;
    });
    const ids = seen.map((g) => g.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('pages through festival greeting recipients, VIPs first then by name, with guests added between pages', async () => {
    const greeted: string[] = [];
    for (const [name, vip] of [
      ['节日甲', true],
      ['节日乙', false],
      ['节日丙', true],
      ['节日丁', false],
      ['节日戊', false],
    ] as const)
      greeted.push(
        await register({ fullName: name, vip, phone: `1391111${greeted.length}000`, marketingConsent: true }),
      );
    const page = (after: string | null) =>
      service.query<{
        festivalGreetings: { recipientsConnection: Page<{ id: string; fullName: string; vip: boolean }> };
      }>(
        'query($a: String) { festivalGreetings(festival: "MID_AUTUMN", channel: SMS) { recipientsConnection(first: 2, after: $a) { edges { cursor node { id fullName vip } } pageInfo { hasNextPage endCursor } } } }',
        { a: after },
        ['SALES'],
      );
    const all = (
      await service.query<{ festivalGreetings: { recipients: { id: string }[] } }>(
        '{ festivalGreetings(festival: "MID_AUTUMN", channel: SMS, first: 1000) { recipients { id } } }',
        {},
        ['SALES'],
      )
    ).data!.festivalGreetings.recipients.map((g) => g.id);
    let late = '';
    const seen = await readAll(
      async (after) => {
        const res = await page(after);
        expect(res.errors).toBeUndefined();
        return res.data!.festivalGreetings.recipientsConnection;
      },
      async (n) => {
        // A guest sorting after every page read so far joins the end; no one read already comes back.
        if (n === 0) late = await register({ fullName: '节日（后到）', phone: '13911119999', marketingConsent: true });
      },
    );
    const ids = seen.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...all, late].filter((id) => ids.includes(id)));
    expect(ids).toEqual(expect.arrayContaining([...greeted, late]));
    expect(seen.findIndex((g) => !g.vip)).toBeGreaterThan(seen.findLastIndex((g) => g.vip));
  });

  it('pages through the care list in its ranked order, with birthdays added between pages', async () => {
    const celebrating: string[] = [];
    for (let i = 1; i <= 5; i++)
      celebrating.push(await register({ fullName: `六月寿星${i}`, birthDate: `1980-06-1${i}` }));
    const inHouse = await register({ fullName: '六月在住', anniversaryDate: '2005-06-20' });
    await checkIn(inHouse, '2026-05-03', '2026-05-06');
    const window = { from: '2026-06-01', to: '2026-06-30' };
    const whole = (
      await service.query<{ careList: { guest: { id: string }; date: string }[] }>(
        'query($f: Date!, $t: Date!) { careList(from: $f, to: $t, first: 500) { date guest { id } } }',
        { f: window.from, t: window.to },
        ['GUEST_RELATIONS'],
      )
    ).data!.careList.map((e) => e.guest.id);
    let late = '';
    const seen = await readAll(
      async (after) => {
        const res = await service.query<{
          careListConnection: Page<{ date: string; inHouse: boolean; guest: { id: string } }>;
        }>(
          'query($f: Date!, $t: Date!, $a: String) { careListConnection(from: $f, to: $t, first: 2, after: $a) { edges { cursor node { date inHouse guest { id } } } pageInfo { hasNextPage endCursor } } }',
          { f: window.from, t: window.to, a: after },
          ['GUEST_RELATIONS'],
        );
        expect(res.errors).toBeUndefined();
        return res.data!.careListConnection;
      },
      async (n) => {
        // One birthday lands before the pages read (not repeated), one at the end (not skipped).
        if (n !== 0) return;
        await register({ fullName: '六月寿星早', birthDate: '1980-06-02' });
        late = await register({ fullName: '六月寿星晚', birthDate: '1980-06-29' });
      },
    );
    const ids = seen.map((e) => e.guest.id);
    expect(seen[0]!.inHouse).toBe(true);
    expect(ids).toEqual([...whole, late]);
    expect(ids).toEqual(expect.arrayContaining([inHouse, ...celebrating]));
  });

  it('pages the stays of 100 guests through _entities with the same number of statements as 10', async () => {
    const guests: string[] = [];
    for (let i = 0; i < 100; i++) {
      const g = await register({ fullName: `批量翻页${i}` });
      if (i % 10 === 0) await checkIn(g, '2026-04-01', '2026-04-02');
      guests.push(g);
    }
    const counter = service.runtime.queries;
    // The outbox relay polls on its own timer; only the statements this query sends are counted.
    const original = counter.logQuery.bind(counter);
    counter.logQuery = (query: string, ...rest: unknown[]) => {
      if (!query.includes('.outbox')) (original as (...a: unknown[]) => void)(query, ...rest);
    };
    const cost = async (ids: string[]) => {
      counter.reset();
      const res = await service.query(
        'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Guest { id stayHistory(first: 3) { edges { cursor node { id } } pageInfo { hasNextPage } } } } }',
        { reps: ids.map((id) => ({ __typename: 'Guest', id })) },
        ['MANAGER'],
      );
      expect(res.errors).toBeUndefined();
      return counter.count;
    };
    try {
      const ten = await cost(guests.slice(0, 10));
      const hundred = await cost(guests);
      expect(ten).toBeGreaterThan(0);
      expect(hundred).toBe(ten);
    } finally {
      counter.logQuery = original;
    }
  });

  it('refuses a page above the maximum and a cursor that is not ours, as bad input naming the argument', async () => {
    const guest = await register({ fullName: '错误翻页' });
    const cases: [string, Record<string, unknown>, string[], string][] = [
      [
        'query($g: ID!) { guest(id: $g) { stayHistory(first: 101) { edges { cursor } } } }',
        { g: guest },
        ['FRONT_OFFICE'],
        'first',
      ],
      [
        'query($g: ID!) { guest(id: $g) { stayHistory(after: "bm90IG91cnM") { edges { cursor } } } }',
        { g: guest },
        ['FRONT_OFFICE'],
        'after',
      ],
      ['{ followUpsConnection(first: 201) { edges { cursor } } }', {}, ['GUEST_RELATIONS'], 'first'],
      ['{ followUpsConnection(after: "WyJ4Il0") { edges { cursor } } }', {}, ['GUEST_RELATIONS'], 'after'],
      ['{ idDocumentRevealsConnection(first: 201) { edges { cursor } } }', {}, ['MANAGER'], 'first'],
      ['{ idDocumentRevealsConnection(after: "%%%") { edges { cursor } } }', {}, ['MANAGER'], 'after'],
      ['{ guestsByValueConnection(first: 501) { edges { cursor } } }', {}, ['SALES'], 'first'],
      [
        '{ careListConnection(from: "2026-06-01", to: "2026-06-30", first: 501) { edges { cursor } } }',
        {},
        ['GUEST_RELATIONS'],
        'first',
      ],
      [
        '{ careListConnection(from: "2026-06-01", to: "2026-06-30", after: "WzMsIngiXQ") { edges { cursor } } }',
        {},
        ['GUEST_RELATIONS'],
        'after',
      ],
      ['{ guestsByValueConnection(after: "WzFd") { edges { cursor } } }', {}, ['SALES'], 'after'],
      [
        '{ festivalGreetings(festival: "MID_AUTUMN", channel: SMS) { recipientsConnection(first: 1001) { edges { cursor } } } }',
        {},
        ['SALES'],
        'first',
      ],
      [
        '{ festivalGreetings(festival: "MID_AUTUMN", channel: SMS) { recipientsConnection(after: "WyJ4IiwxLDJd") { edges { cursor } } } }',
        {},
        ['SALES'],
        'after',
      ],
    ];
    for (const [query, variables, roles, field] of cases) {
      const res = await service.query(query, variables, roles as never);
      expect(errorOf(res as never), query).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });
});
