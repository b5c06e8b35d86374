import { accounts, loyalty, serviceRecovery } from '@guest-graph/events';
import { guestsService } from '@guest-graph/guests';
import { neighbourBus, sql, startTestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { uniqueName } from '../support/people.js';
import { statementCost } from '../support/statements.js';

// BI's export of stays reads guests' reporting copy (staysForExport): the points, cases and account that the
// federated staysCheckedOut asks loyalty, service recovery and accounts for at the time, kept in guests from
// their events. After the events settle the copy must say what the federation says, stay by stay, and a page
// through the gateway must be one call to one subgraph and one statement there.
const FROM = '2025-04-01';
const TO = '2025-04-30';

// What the export asked the federation for before it had the copy, field for field.
const FEDERATED = `query($from: Date!, $to: Date!, $first: Int!, $after: String) {
  staysCheckedOut(from: $from, to: $to, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id propertyCode arrivalDate departureDate nights roomType paymentMethod purpose totalSpend
      guest { id segment value { valueTier lifecycleStage } membership { tier } }
      account { id grade type }
      pointsEarned
      cases { id category severity department }
    } }
  } }`;
const COPY = `query($from: Date!, $to: Date!, $first: Int, $after: String) {
  staysForExport(from: $from, to: $to, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      stayId propertyCode arrivalDate departureDate nights roomType paymentMethod purpose totalSpend
      guestId guestSegment guestValueTier guestLifecycleStage guestMemberTier
      accountId accountGrade accountType pointsEarned
      caseCount caseIds caseCategories caseSeverities caseDepartments
    }
  } }`;

type Federated = {
  id: string;
  guest: {
    id: string;
    segment: string | null;
    value: { valueTier: string | null; lifecycleStage: string } | null;
    membership: { tier: string } | null;
  };
  account: { id: string; grade: string | null; type: string } | null;
  pointsEarned: number | null;
  cases: { id: string; category: string; severity: string; department: string }[] | null;
  [field: string]: unknown;
};

/** A federated stay as the export's flat row. */
const flat = (n: Federated) => ({
  stayId: n.id,
  propertyCode: n.propertyCode,
  arrivalDate: n.arrivalDate,
  departureDate: n.departureDate,
  nights: n.nights,
  roomType: n.roomType,
  paymentMethod: n.paymentMethod,
  purpose: n.purpose,
  totalSpend: n.totalSpend,
  guestId: n.guest.id,
  guestSegment: n.guest.segment,
  guestValueTier: n.guest.value?.valueTier ?? null,
  guestLifecycleStage: n.guest.value?.lifecycleStage,
  guestMemberTier: n.guest.membership?.tier ?? null,
  accountId: n.account?.id ?? null,
  accountGrade: n.account?.grade ?? null,
  accountType: n.account?.type ?? null,
  pointsEarned: n.pointsEarned,
  caseCount: n.cases?.length,
  caseIds: n.cases?.map((c) => c.id),
  caseCategories: n.cases?.map((c) => c.category),
  caseSeverities: n.cases?.map((c) => c.severity),
  caseDepartments: n.cases?.map((c) => c.department),
});

describe('stays for export: the reporting copy', () => {
  let graph: Graph;
  let accountId: string;
  const stays: string[] = [];

  const federated = async () => {
    const res = ok(
      await graph.as('ANALYST')<{ staysCheckedOut: { edges: { node: Federated }[] } }>(FEDERATED, {
        from: FROM,
        to: TO,
        first: 500,
      }),
    );
    return res.staysCheckedOut.edges.map((e) => flat(e.node));
  };
  const copy = async () =>
    ok(
      await graph.as('ANALYST')<{ staysForExport: { nodes: Record<string, unknown>[] } }>(COPY, {
        from: FROM,
        to: TO,
        first: 800,
      }),
    ).staysForExport.nodes;

  beforeAll(async () => {
    graph = await startGraph();
    const desk = graph.as('FRONT_OFFICE');
    const register = async () =>
      ok(
        await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
          input: { fullName: uniqueName('陈静') },
        }),
      ).registerGuest.id;
    const member = await register();
    ok(await desk(contract.EnrollMember, { guestId: member }));
    const walkIn = await register();
    accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: uniqueName('江南航运'), type: 'CORPORATE', grade: 'B' },
      }),
    ).createAccount.id;
    const checkIn = async (guestId: string, arrivalDate: string, departureDate: string, extra = {}) =>
      ok(
        await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
          input: {
            guestId,
            propertyCode: 'SHA01',
            roomType: 'KING',
            arrivalDate,
            departureDate,
            nightlyRate: '600.00',
            paymentMethod: 'CASH',
            ...extra,
          },
        }),
      ).checkIn.id;
    const checkOut = async (stayId: string, amount: string) =>
      ok(await desk(contract.CheckOut, { stayId, charges: [{ outlet: 'ROOM', amount }] }));
    const openCase = async (guestId: string, stayId: string, category: string) =>
      ok(
        await graph.as('GUEST_RELATIONS')<{ openCase: { id: string } }>(contract.OpenCase, {
          input: { guestId, stayId, channel: 'FRONT_DESK', category, severity: 'MEDIUM', description: 'words' },
        }),
      );

    // A member's stay for the account; a case opened while the guest is still in house, then the check-out.
    const memberStay = await checkIn(member, '2025-04-02', '2025-04-05', { accountId });
    await openCase(member, memberStay, 'NOISE');
    await checkOut(memberStay, '1800.00');
    // A walk-in's stay with two cases opened after the check-out.
    const walkInStay = await checkIn(walkIn, '2025-04-10', '2025-04-12');
    await checkOut(walkInStay, '1200.00');
    await openCase(walkIn, walkInStay, 'ROOM_CLEANLINESS');
    await openCase(walkIn, walkInStay, 'BILLING');
    // A second member stay, no account, no case.
    const quiet = await checkIn(member, '2025-04-20', '2025-04-21');
    await checkOut(quiet, '600.00');
    stays.push(memberStay, walkInStay, quiet);
    // The account regraded after its stays.
    ok(
      await graph.as('SALES')(
        'mutation($id: ID!, $input: UpdateAccountInput!) { updateAccount(id: $id, input: $input) { id } }',
        { id: accountId, input: { grade: 'A' } },
      ),
    );
  }, 180_000);
  afterAll(async () => graph?.stop());

  it('says, stay by stay, what the federated staysCheckedOut says once the events settle', async () => {
    const expected = await waitFor(federated, (rows) => rows.length === 3 && rows[0]!.pointsEarned! > 0, {
      timeoutMs: 20_000,
    });
    const settled = await waitFor(copy, (rows) => JSON.stringify(rows) === JSON.stringify(expected), {
      timeoutMs: 20_000,
    });
    expect(settled).toEqual(expected);
    expect(settled.map((r) => r.stayId)).toEqual(stays);
    // What the story put there, so the equality is not of two empty copies.
    expect(settled[0]).toMatchObject({ accountId, accountGrade: 'A', accountType: 'CORPORATE', caseCount: 1 });
    expect(settled[0]!.pointsEarned).toBeGreaterThan(0);
    expect(settled[0]!.guestMemberTier).toBe('MEMBER');
    expect(settled[1]).toMatchObject({
      caseCategories: ['ROOM_CLEANLINESS', 'BILLING'],
      pointsEarned: 0,
      accountId: null,
    });
  });

  it('is one subgraph call and one SQL statement a page through the gateway', async () => {
    const cost = await statementCost(graph, async () => expect(await copy()).toHaveLength(3));
    expect(cost).toEqual({ ...Object.fromEntries(Object.keys(graph.services).map((name) => [name, 0])), guests: 1 });
  });

  // Last: it restarts guests behind the gateway's back, and asks it directly from then on.
  it('is filled by the backfill on a database from before the copy: the same rows, from the three services', async () => {
    const expected = await federated();
    const before = graph.services.guests!;
    const { databaseUrl, namespace } = before;
    await before.stop();
    // The keys the live lines gave loyalty's entries: the backfill must file the same, or live and backfilled
    // points would count twice.
    const keys = () =>
      sql<{ entry_key: string }>(databaseUrl, 'SELECT entry_key FROM guests.stay_report_points ORDER BY 1');
    const liveKeys = await keys();
    expect(liveKeys.length).toBeGreaterThan(0);
    // The copy as it was before its consumers existed: none of the facts, the backfill never run (and its slot
    // free, so the restarted service runs it at once).
    await sql(
      databaseUrl,
      `TRUNCATE guests.stay_report_points, guests.stay_report_case, guests.stay_report, guests.account_report,
                guests.stay_report_backfill`,
    );
    await sql(
      databaseUrl,
      "UPDATE guests.scheduled_job SET last_slot = 0, running_until = NULL WHERE name = 'stay-report-backfill'",
    );
    const after = await startTestService(guestsService, { databaseUrl, namespace });
    graph.services.guests = after;
    const copied = async () =>
      (
        await after.query<{ staysForExport: { nodes: Record<string, unknown>[] } }>(
          COPY,
          { from: FROM, to: TO, first: 800 },
          ['ANALYST'],
        )
      ).data!.staysForExport.nodes;
    const filled = await waitFor(copied, (rows) => JSON.stringify(rows) === JSON.stringify(expected), {
      timeoutMs: 20_000,
    });
    expect(filled).toEqual(expected);
    expect(filled[0]).toMatchObject({ accountGrade: 'A', accountType: 'CORPORATE', caseCount: 1 });
    expect(await keys()).toEqual(liveKeys);
    const markers = await sql<{ source: string; completed_at: Date | null }>(
      databaseUrl,
      'SELECT source, completed_at FROM guests.stay_report_backfill ORDER BY source',
    );
    expect(markers.map((m) => [m.source, !!m.completed_at])).toEqual([
      ['accounts', true],
      ['loyalty', true],
      ['service-recovery', true],
    ]);
  });

  it("pages each service's answer by its keyset cursor: a page of one at a time gives all of one page", async () => {
    const asker = await neighbourBus('guests', graph.services.guests!.namespace);
    try {
      const questions = [
        [loyalty.stayPointsHistory, 'entries'],
        [serviceRecovery.stayCaseHistory, 'cases'],
        [accounts.accountReportHistory, 'accounts'],
      ] as const;
      for (const [def, field] of questions) {
        const ask = async (after: string | null, limit: number) =>
          (await asker.request(def as typeof loyalty.stayPointsHistory, { after, limit })) as unknown as Record<
            string,
            unknown[]
          > & { next: string | null };
        const all = (await ask(null, 1000))[field]!;
        expect(all.length, def.name).toBeGreaterThan(0);
        const paged: unknown[] = [];
        let after: string | null = null;
        for (let n = 0; n <= all.length; n++) {
          const page = await ask(after, 1);
          paged.push(...page[field]!);
          after = page.next;
          if (after === null) break;
        }
        expect(paged, def.name).toEqual(all);
      }
    } finally {
      await asker.close();
    }
  });
});
