import { randomUUID } from 'node:crypto';
import { sql } from '@guest-graph/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normaliseMemberNumber } from './domain/member-number.js';
import { LoyaltyHarness } from './testing/harness.js';

// The contract's EnrollMember and PointsHistory, membership details, and the cost of Guest.membership.
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start();
});
// The ledger's invariant after every scenario: each membership's balance is the sum of its entries.
afterEach(async () => {
  await h.expectLedgerBalances();
});
afterAll(async () => {
  await h?.dispose();
});

const ENROL = 'mutation EnrollMember($guestId: ID!) { enrollMember(guestId: $guestId) { number tier pointsBalance } }';
const HISTORY = `query PointsHistory($guestId: ID!) { _entities(representations: [{ __typename: "Guest", id: $guestId }]) {
  ... on Guest { id membership { pointsBalance transactions(first: 20) { type points reference } } } } }`;

describe('enrollMember', () => {
  it('enrols a guest the guests service knows: a checked member number, MEMBER, zero points', async () => {
    const guestId = h.guest();
    const res = await h.query(ENROL, { guestId }, ['FRONT_OFFICE']);
    const m = (res.data as { enrollMember: { number: string; tier: string; pointsBalance: number } }).enrollMember;
    expect(m.tier).toBe('MEMBER');
    expect(m.pointsBalance).toBe(0);
    expect(normaliseMemberNumber(m.number)).toBe(m.number);
    // The enrolment is announced through the outbox, in the same transaction.
    const events = await sql<{ type: string; payload: { data: { guestId: string; number: string } } }>(
      h.db.url,
      `SELECT type, payload FROM loyalty.outbox WHERE type = 'member.enrolled'`,
    );
    expect(events.map((e) => e.payload.data)).toContainEqual(expect.objectContaining({ guestId, number: m.number }));
  });

  it('refuses a second enrolment of the same guest with INVALID_STATE naming the number', async () => {
    const { guestId, number } = await h.member();
    const res = await h.query(ENROL, { guestId }, ['LOYALTY']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', memberNumber: number });
    expect(res.errors?.[0]?.message).toContain(number);
    const [row] = await sql<{ c: number }>(
      h.db.url,
      `SELECT count(*)::int AS c FROM loyalty.membership WHERE guest_id = $1`,
      [guestId],
    );
    expect(row!.c).toBe(1);
  });

  it('lets only one of two desks enrolling the same guest at once through', async () => {
    const guestId = h.guest();
    const results = await Promise.all([h.query(ENROL, { guestId }), h.query(ENROL, { guestId })]);
    expect(results.filter((r) => r.data?.enrollMember)).toHaveLength(1);
    expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['INVALID_STATE']);
  });

  it('answers NOT_FOUND for a guest the guests service does not know, and enrols nobody', async () => {
    const res = await h.query(ENROL, { guestId: randomUUID() });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(res.data?.enrollMember ?? null).toBeNull();
  });

  it('refuses a guest merged into another, naming the survivor', async () => {
    const survivor = h.guest();
    const duplicate = h.guest();
    h.knownGuests.set(duplicate, { mergedInto: survivor });
    const res = await h.query(ENROL, { guestId: duplicate });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', mergedInto: survivor });
  });

  it('answers BAD_USER_INPUT for something that is not a guest id', async () => {
    const res = await h.query(ENROL, { guestId: 'guest-42' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guestId' });
  });

  it('is for FRONT_OFFICE, LOYALTY and MANAGER only', async () => {
    for (const role of ['HOUSEKEEPING', 'SALES', 'ANALYST', 'FINANCE'] as const) {
      const res = await h.query(ENROL, { guestId: h.guest() }, [role]);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    for (const role of ['FRONT_OFFICE', 'LOYALTY', 'MANAGER'] as const) {
      const res = await h.query(ENROL, { guestId: h.guest() }, [role]);
      expect(res.data?.enrollMember).toBeTruthy();
    }
  });
});

describe('memberByNumber', () => {
  it('finds a member by number as the desk types it', async () => {
    const { number } = await h.member();
    const q = 'query($n: String!) { memberByNumber(number: $n) { number tier guestId } }';
    const typed = `${number.slice(0, 3)} ${number.slice(3, 6)}-${number.slice(6)}`;
    const { memberByNumber } = await h.data<{ memberByNumber: { number: string } }>(q, { n: typed });
    expect(memberByNumber.number).toBe(number);
  });

  it('refuses a mistyped number (check digit) with BAD_USER_INPUT on number', async () => {
    const { number } = await h.member();
    const wrong = `${number.slice(0, 2)}${(Number(number[2]) + 1) % 10}${number.slice(3)}`;
    const res = await h.query('query($n: String!) { memberByNumber(number: $n) { number } }', { n: wrong });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number' });
  });
});

describe('PointsHistory and membership details', () => {
  it("shows a new member's empty history and what the tiers give", async () => {
    const { guestId, number } = await h.member();
    const { _entities } = await h.data<{ _entities: { id: string; membership: unknown }[] }>(HISTORY, { guestId });
    expect(_entities[0]).toEqual({ id: guestId, membership: { pointsBalance: 0, transactions: [] } });
    const m = await h.membership(guestId);
    expect(m).toMatchObject({
      number,
      tier: 'MEMBER',
      nightsThisYear: 0,
      nextTier: 'SILVER',
      nightsToNextTier: 10,
      benefits: { bonusPercent: 0, lateCheckOutHour: 13, roomUpgrade: false, welcomeAmenity: null },
      pointsExpiry: null,
    });
  });

  it('shows ANALYST the tier and points but not what identifies the member', async () => {
    const { guestId, number } = await h.member();
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { membership {
      number guestId tier pointsBalance } } } }`;
    const r = [{ __typename: 'Guest', id: guestId }];
    const analyst = await h.query<{ _entities: unknown[] }>(q, { r }, ['ANALYST']);
    expect(analyst.data?._entities).toEqual([
      { membership: { number: null, guestId: null, tier: 'MEMBER', pointsBalance: 0 } },
    ]);
    expect(analyst.errors?.map((e) => [e.extensions?.code, e.path?.at(-1)])).toEqual([
      ['FORBIDDEN', 'number'],
      ['FORBIDDEN', 'guestId'],
    ]);
    const desk = await h.data<{ _entities: unknown[] }>(q, { r }, ['HOUSEKEEPING']);
    expect(desk._entities).toEqual([{ membership: { number, guestId, tier: 'MEMBER', pointsBalance: 0 } }]);
    const lookup = await h.query('query($n: String!) { memberByNumber(number: $n) { tier } }', { n: number }, [
      'ANALYST',
    ]);
    expect(lookup.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows null membership for a guest who never enrolled', async () => {
    const { _entities } = await h.data<{ _entities: { membership: unknown }[] }>(HISTORY, { guestId: h.guest() });
    expect(_entities[0]!.membership).toBeNull();
  });
});

describe('Guest.membership for many guests', () => {
  it('costs the same number of SQL statements for 100 guests as for 2', async () => {
    const members: { guestId: string; number: string }[] = [];
    for (let i = 0; i < 10; i++) members.push(await h.member());
    const adjust = 'mutation($i: AdjustPointsInput!) { adjustPoints(input: $i) { transaction { id } } }';
    for (const m of members) await h.data(adjust, { i: { guestId: m.guestId, points: 100, reason: 'Welcome gift' } });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Guest { id membership {
        number tier pointsBalance nightsThisYear nextTier pointsExpiry { date points }
        transactions(first: 5) { type points reference } redemptions { edges { node { id } } } } } } }`;
    const representations = (n: number) => {
      const ids = [...members.map((m) => m.guestId), ...Array.from({ length: 90 }, () => randomUUID())];
      return ids.slice(0, n).map((id) => ({ __typename: 'Guest', id }));
    };
    const cost = async (n: number) => {
      const counter = h.service.runtime.queries;
      const before = counter.count;
      const { _entities } = await h.data<{ _entities: { membership: { transactions: unknown[] } | null }[] }>(q, {
        r: representations(n),
      });
      expect(_entities).toHaveLength(n);
      return { queries: counter.count - before, entities: _entities };
    };
    // The counter is the runtime's: a background job (the timeline backfill's answer to a neighbour) can land
    // in a window, never leave it, so the fewest of two runs is the request's own cost.
    const fewest = async (n: number) => {
      const [a, b] = [await cost(n), await cost(n)];
      return a.queries <= b.queries ? a : b;
    };
    const small = await fewest(2);
    const large = await fewest(100);
    expect(large.entities.filter((e) => e.membership)).toHaveLength(10);
    expect(large.entities[0]!.membership!.transactions).toEqual([{ type: 'ADJUST', points: 100, reference: null }]);
    expect(large.queries).toBe(small.queries);
    expect(large.queries).toBeLessThanOrEqual(5);
  });
});
