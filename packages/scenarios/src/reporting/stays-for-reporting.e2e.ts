import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { sql, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';
import { statementCost } from '../support/statements.js';

// BI pulls checked-out stays joined across services (contract README, "Reporting"): guests serves the stays,
// loyalty adds the points each earned, service recovery the cases about it, accounts the account.
type Node = {
  id: string;
  departureDate: string;
  nights: number;
  totalSpend: string;
  guest: { id: string; segment: string | null; value: { valueTier: string; lifecycleStage: string } };
  account: { id: string; grade: string; type: string } | null;
  pointsEarned: number | null;
  cases: { id: string; category: string; severity: string }[] | null;
};
type Page = {
  staysCheckedOut: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Node }[];
  };
};

const FROM = '2025-03-01';
const TO = '2025-03-31';
const BULK = 620;

describe('stays for reporting', () => {
  let graph: Graph;
  const story: Record<string, string> = {};
  let accountId: string;
  let caseId: string;

  const stay = async (
    guestId: string,
    arrivalDate: string,
    departureDate: string,
    charges: { outlet: string; amount: string }[],
    extra: Record<string, unknown> = {},
  ) => {
    const desk = graph.as('FRONT_OFFICE');
    const { checkIn } = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate,
          departureDate,
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
          ...extra,
        },
      }),
    );
    ok(await desk(contract.CheckOut, { stayId: checkIn.id, charges }));
    return checkIn.id;
  };
  const pageAs = (roles: Role[], vars: { first: number; after?: string | null; from?: string; to?: string }) =>
    graph.as(...roles)<Page>(contract.StaysForReporting, { from: FROM, to: TO, ...vars });

  beforeAll(async () => {
    graph = await startGraph();
    const desk = graph.as('FRONT_OFFICE');
    const register = async () =>
      ok(
        await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
          input: { fullName: uniqueName('刘洋') },
        }),
      ).registerGuest.id;
    const member = await register();
    ok(await desk(contract.EnrollMember, { guestId: member }));
    const walkIn = await register();
    accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: uniqueName('华东电力'), type: 'CORPORATE', grade: 'A' },
      }),
    ).createAccount.id;
    // Ten nights at MEMBER earn no bonus and lift the member to SILVER; the next stay earns 10% on top.
    story.tenNights = await stay(member, '2025-03-01', '2025-03-11', [{ outlet: 'ROOM', amount: '5000.00' }], {
      accountId,
    });
    story.silver = await stay(member, '2025-03-12', '2025-03-13', [
      { outlet: 'ROOM', amount: '500.00' },
      { outlet: 'FOOD_AND_BEVERAGE', amount: '100.50' },
      { outlet: 'SPA', amount: '300.00' },
    ]);
    story.walkIn = await stay(walkIn, '2025-03-05', '2025-03-07', [{ outlet: 'ROOM', amount: '1000.00' }]);
    story.outside = await stay(walkIn, '2025-03-30', '2025-04-01', [{ outlet: 'ROOM', amount: '1000.00' }]);
    caseId = ok(
      await graph.as('GUEST_RELATIONS')<{ openCase: { id: string } }>(contract.OpenCase, {
        input: {
          guestId: walkIn,
          stayId: story.walkIn,
          channel: 'FRONT_DESK',
          category: 'NOISE',
          severity: 'LOW',
          description: 'Noise from the corridor at night',
        },
      }),
    ).openCase.id;
    // Many more stays, written straight into the guests schema: paging and cost need numbers, not events.
    await sql(
      graph.services.guests!.databaseUrl,
      `INSERT INTO guests.stay (id, guest_id, origin_guest_id, property_code, room_type, arrival_date, departure_date,
         nights, nightly_rate, payment_method, status, total_spend, checked_in_by, checked_in_at, checked_out_at,
         account_id)
       SELECT gen_random_uuid(), $1, $1, 'SHA01', 'TWIN', d - 1, d, 1, 400, 'CARD', 'CHECKED_OUT', 400, 'seed',
              now(), now(), CASE WHEN i % 3 = 0 THEN $4::uuid END
         FROM (SELECT i, $2::date + (i % 31) AS d FROM generate_series(1, $3) AS i) days`,
      [walkIn, FROM, BULK, accountId],
    );
    await waitFor(
      () => pageAs(['MANAGER'], { first: 500 }),
      (res) => res.data?.staysCheckedOut.edges.find((e) => e.node.id === story.silver)?.node.pointsEarned === 660,
      { timeoutMs: 10_000 },
    );
  }, 120_000);
  afterAll(async () => graph?.stop());

  const readAll = async (first: number, during?: (pages: number) => Promise<void>) => {
    const seen: Node[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (let pages = 1; ; pages++) {
      const res: Page = ok(await pageAs(['ANALYST'], { first, after }));
      totalCount = res.staysCheckedOut.totalCount;
      expect(res.staysCheckedOut.edges.length).toBeLessThanOrEqual(first);
      seen.push(...res.staysCheckedOut.edges.map((e) => e.node));
      if (!res.staysCheckedOut.pageInfo.hasNextPage) break;
      after = res.staysCheckedOut.pageInfo.endCursor;
      await during?.(pages);
    }
    return { seen, totalCount };
  };

  it('serves ANALYST, FINANCE, SALES and MANAGER without a FORBIDDEN field, and no one else', async () => {
    for (const role of ['ANALYST', 'FINANCE', 'SALES', 'MANAGER'] as Role[]) {
      const res = await pageAs([role], { first: 500 });
      expect(res.errors, role).toBeUndefined();
      expect(res.data!.staysCheckedOut.edges).toHaveLength(500);
      expect(res.data!.staysCheckedOut.totalCount).toBe(BULK + 3);
    }
    for (const role of ['FRONT_OFFICE', 'HOUSEKEEPING', 'GUEST_RELATIONS', 'LOYALTY'] as Role[]) {
      const res = await pageAs([role], { first: 10 });
      expect(codeOf(res), role).toBe('FORBIDDEN');
      expect(res.errors![0]!.path).toEqual(['staysCheckedOut']);
    }
  });

  it('pages oldest departure first without gaps or repeats, totalCount the whole range', async () => {
    const { seen, totalCount } = await readAll(97);
    expect(totalCount).toBe(BULK + 3);
    expect(seen).toHaveLength(BULK + 3);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    const order = seen.map((s) => `${s.departureDate}/${s.id}`);
    expect(order).toEqual([...order].sort());
    expect(seen.every((s) => s.departureDate >= FROM && s.departureDate <= TO)).toBe(true);
    expect(seen.map((s) => s.id)).not.toContain(story.outside);
  });

  it('stays stable while stays are checked out between pages', async () => {
    const before = (await readAll(500)).seen.map((s) => s.id);
    const added: string[] = [];
    const guestId = (await readAll(500)).seen[0]!.guest.id;
    const { seen } = await readAll(50, async (pages) => {
      if (pages > 3) return;
      // One departs before the reader's place, one after it: neither shifts what the reader has yet to see.
      for (const d of ['2025-03-01', '2025-03-31']) {
        const id = randomUUID();
        added.push(id);
        await sql(
          graph.services.guests!.databaseUrl,
          `INSERT INTO guests.stay (id, guest_id, origin_guest_id, property_code, room_type, arrival_date,
             departure_date, nights, nightly_rate, payment_method, status, total_spend, checked_in_by,
             checked_in_at, checked_out_at)
           VALUES ($1, $2, $2, 'SHA01', 'TWIN', $3::date - 1, $3::date, 1, 400, 'CARD', 'CHECKED_OUT', 400, 'seed',
             now(), now())`,
          [id, guestId, d],
        );
      }
    });
    const ids = seen.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(before));
    // The late departures come after every reader's place, so all of them are met.
    const late = added.filter((_, i) => i % 2 === 1);
    expect(ids).toEqual(expect.arrayContaining(late));
  });

  it('joins the points (base plus tier bonus, 0 for a non-member), the cases and the account', async () => {
    const { seen } = await readAll(500);
    const byId = new Map(seen.map((s) => [s.id, s]));
    expect(byId.get(story.tenNights)).toMatchObject({
      nights: 10,
      totalSpend: '5000.00',
      pointsEarned: 5000,
      account: { id: accountId, grade: 'A', type: 'CORPORATE' },
      cases: [],
    });
    // SILVER by then: floor(500 + 100.50) = 600 base, 10% bonus 60; the spa earns nothing.
    expect(byId.get(story.silver)).toMatchObject({ pointsEarned: 660, account: null, cases: [] });
    expect(byId.get(story.walkIn)).toMatchObject({
      pointsEarned: 0,
      cases: [{ id: caseId, category: 'NOISE', severity: 'LOW' }],
    });
    const guest = byId.get(story.walkIn)!.guest;
    expect(guest.value.valueTier).toEqual(expect.any(String));
    expect(guest.value.lifecycleStage).toEqual(expect.any(String));
  });

  it('refuses a page over 500, a range ending before it starts and a cursor of another list', async () => {
    const over = await pageAs(['ANALYST'], { first: 501 });
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0]!.extensions!.field).toBe('first');
    const backwards = await pageAs(['ANALYST'], { first: 10, from: TO, to: FROM });
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors![0]!.extensions!.field).toBe('to');
    const foreign = await pageAs(['ANALYST'], { first: 10, after: Buffer.from('["x"]').toString('base64url') });
    expect(codeOf(foreign)).toBe('BAD_USER_INPUT');
    expect(foreign.errors![0]!.extensions!.field).toBe('after');
  });

  it('gives the complaint rate per 100 stays by property and department in one query', async () => {
    type Rates = {
      complaintRates: {
        stays: number;
        cases: number;
        casesPer100Stays: number;
        byProperty: { key: string; stays: number; cases: number; casesPer100Stays: number }[];
        byDepartment: { key: string; cases: number; casesPer100Stays: number }[];
      };
    };
    const RATES = `query($from: Date!, $to: Date!) { complaintRates(from: $from, to: $to) { stays cases casesPer100Stays
      byProperty { key stays cases casesPer100Stays } byDepartment { key stays cases casesPer100Stays } } }`;
    // Service recovery counts the stays its copy has from the check-out events: the three story stays in March.
    const res = await waitFor(
      () => graph.as('ANALYST')<Rates>(RATES, { from: FROM, to: TO }),
      (r) => r.data?.complaintRates.stays === 3,
      { timeoutMs: 10_000 },
    );
    const rates = ok(res).complaintRates;
    expect(rates).toMatchObject({ stays: 3, cases: 1, casesPer100Stays: 33.33 });
    expect(rates.byProperty).toEqual([{ key: 'SHA01', stays: 3, cases: 1, casesPer100Stays: 33.33 }]);
    expect(rates.byDepartment).toHaveLength(1);
    expect(rates.byDepartment[0]).toMatchObject({ cases: 1, casesPer100Stays: 33.33 });
    expect(codeOf(await graph.as('FRONT_OFFICE')(RATES, { from: FROM, to: TO }))).toBe('FORBIDDEN');
  });

  it('costs the same SQL statements per subgraph for a page of 500 as for a page of 10', async () => {
    const cost = (first: number) =>
      statementCost(graph, async () => {
        const res = ok(await pageAs(['ANALYST'], { first }));
        expect(res.staysCheckedOut.edges).toHaveLength(first);
      });
    {
      const ten = await cost(10);
      const many = await cost(500);
      expect(many).toEqual(ten);
      // guests: the page, its count, the guests and their value; the others one statement each.
      for (const name of ['loyalty', 'service-recovery', 'accounts']) expect(many[name], name).toBeLessThanOrEqual(2);
      expect(many.guests).toBeLessThanOrEqual(5);
    }
  });
});
