import { ManualClock } from '@guest-graph/subgraph-kit';
import { startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// The day's arrivals list (housekeeping and F&B prepare rooms and tables from it): the hotel's today by default,
// guests who arrived that day and guests in house, with room and preferences, and nothing a role may not read.
const clock = new ManualClock('2026-06-10T02:00:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
});
afterAll(async () => {
  await service?.dispose();
});

const ok = <D>(res: { data?: D | null; errors?: readonly unknown[] }) => {
  expect(res.errors).toBeUndefined();
  return res.data as D;
};
const register = async (fullName: string) =>
  ok(
    await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input: { fullName, phone: `+86 139 ${String(Date.now()).slice(-8)}` } },
      ['FRONT_OFFICE'],
    ),
  ).registerGuest.id;
const checkIn = async (guestId: string, arrivalDate: string, departureDate: string, roomNumber?: string) =>
  ok(
    await service.query<{ checkIn: { id: string } }>(
      'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }',
      {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          roomNumber,
          arrivalDate,
          departureDate,
          nightlyRate: '500.00',
          paymentMethod: 'CARD',
        },
      },
      ['FRONT_OFFICE'],
    ),
  ).checkIn.id;

interface ArrivalNode {
  status: string;
  roomNumber: string | null;
  stay: { id: string } | null;
  guest: { id: string; fullName: string; preferences: { category: string; value: string }[] };
}
type Arrivals = {
  arrivals: {
    date: string;
    edges: { cursor: string; node: ArrivalNode }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const ARRIVALS = `query($date: Date, $first: Int, $after: String) {
  arrivals(date: $date, first: $first, after: $after) {
    date
    edges { cursor node { status roomNumber stay { id } guest { id fullName preferences { category value } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('the arrivals list', () => {
  it("lists today's arrivals and the house, by room, with the preferences that prepare the room", async () => {
    const today = clock.today();
    const arriving = await register('Arriving Today');
    const staying = await register('Staying On');
    const gone = await register('Gone Yesterday');
    const later = await register('Arriving Tomorrow');
    ok(
      await service.query(
        'mutation($g: ID!, $input: PreferenceInput!) { recordPreference(guestId: $g, input: $input) { id } }',
        { g: arriving, input: { category: 'PILLOW', value: 'Buckwheat' } },
        ['HOUSEKEEPING'],
      ),
    );
    const arrivedStay = await checkIn(arriving, today, '2026-06-12', '0907');
    const stayingStay = await checkIn(staying, '2026-06-08', '2026-06-11', '0905');
    const goneStay = await checkIn(gone, '2026-06-08', '2026-06-09', '0906');
    ok(await service.query('mutation($s: ID!) { checkOut(stayId: $s, charges: []) { id } }', { s: goneStay }));
    // Checked in tomorrow (a check-in is never ahead of the hotel's day): the clock moves a day and back.
    const was = clock.now();
    clock.set(new Date(was.getTime() + 86_400_000));
    try {
      await checkIn(later, '2026-06-11', '2026-06-12', '0908');
    } finally {
      clock.set(was);
    }

    const { arrivals } = ok(await service.query<Arrivals>(ARRIVALS, {}, ['HOUSEKEEPING']));
    expect(arrivals.date).toBe(today);
    const mine = arrivals.edges.map((e) => e.node).filter((n) => [arriving, staying, gone, later].includes(n.guest.id));
    expect(mine.map((n) => [n.guest.fullName, n.status, n.roomNumber, n.stay?.id])).toEqual([
      ['Staying On', 'IN_HOUSE', '0905', stayingStay],
      ['Arriving Today', 'ARRIVED', '0907', arrivedStay],
    ]);
    expect(mine[1].guest.preferences).toContainEqual({ category: 'PILLOW', value: 'Buckwheat' });

    // Tomorrow's list: tomorrow's arrival, and the house as it stands.
    const tomorrow = ok(await service.query<Arrivals>(ARRIVALS, { date: '2026-06-11' }, ['FOOD_AND_BEVERAGE']));
    const names = tomorrow.arrivals.edges.map((e) => e.node.guest.fullName);
    expect(names).toEqual(expect.arrayContaining(['Arriving Tomorrow', 'Arriving Today', 'Staying On']));
    expect(names).not.toContain('Gone Yesterday');
  });

  it('pages without a gap or a repeat, and refuses a size above 500 and a cursor not its own', async () => {
    const today = clock.today();
    for (let i = 0; i < 5; i++) await checkIn(await register(`Paged Guest ${i}`), today, '2026-06-11');
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Arrivals = ok(await service.query<Arrivals>(ARRIVALS, { first: 2, after }, ['FRONT_OFFICE']));
      seen.push(...page.arrivals.edges.map((e) => e.node.stay!.id));
      if (!page.arrivals.pageInfo.hasNextPage) break;
      after = page.arrivals.pageInfo.endCursor;
    }
    const all = ok(await service.query<Arrivals>(ARRIVALS, { first: 500 }, ['FRONT_OFFICE']));
    expect(seen).toEqual(all.arrivals.edges.map((e) => e.node.stay!.id));
    expect(new Set(seen).size).toBe(seen.length);

    const big = await service.query(ARRIVALS, { first: 501 }, ['FRONT_OFFICE']);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const foreign = await service.query(ARRIVALS, { after: 'bm90LW91cnM' }, ['FRONT_OFFICE']);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is for the roles that prepare rooms and tables, and keeps contacts from housekeeping', async () => {
    const guest = await register('Private Guest');
    await checkIn(guest, clock.today(), '2026-06-11');
    for (const role of ['SALES', 'FINANCE', 'LOYALTY', 'ANALYST'] as const) {
      const res = await service.query(ARRIVALS, {}, [role]);
      expect(res.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    const res = await service.query<{ arrivals: { edges: { node: { guest: { phone: string | null } } }[] } }>(
      '{ arrivals { edges { node { guest { phone } } } } }',
      {},
      ['HOUSEKEEPING'],
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(res.data ?? {})).not.toContain('+86');
  });
});
