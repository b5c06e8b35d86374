import { createTestDatabase, startTestService, type TestService, testNamespace, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SERVICES, codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { phone, residentId, uniqueName } from '../support/people.js';
import { scanDatabase, scanStreams } from './scan.js';

type DataRequest = {
  id: string;
  kind: string;
  status: string;
  completedAt: string | null;
  parts: { service: string; status: string; completedAt: string | null }[];
  document: string | null;
};
const SERVICES = ['accounts', 'credit', 'guests', 'loyalty', 'service-recovery'];
const FIGURES = `query($a: ID!, $g: ID!) {
  account(id: $a) { production { stays roomNights revenue } credit { outstanding } }
  guest(id: $g) { membership { pointsBalance } } }`;

// A guest who touched all five services asks for a copy of their data, then to be forgotten. The proof is by
// search, not by field: every text and JSON column of every schema, and every message the streams still hold.
describe('guest data rights: export and erasure across the five services', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  const manager = () => graph.as('MANAGER');
  const request = async (guestId: string, kind: 'EXPORT' | 'ERASURE') =>
    ok(
      await manager()<{ requestGuestData: { id: string; kind: string; status: string } }>(contract.RequestGuestData, {
        guestId,
        kind,
        reason: 'The guest asked at the desk (PIPL Art. 45/47)',
      }),
    ).requestGuestData;
  const completed = (id: string) =>
    waitFor(
      async () =>
        ok(await manager()<{ guestDataRequest: DataRequest }>(contract.GuestDataRequest, { id })).guestDataRequest,
      (r) => r.status === 'COMPLETED',
      { timeoutMs: 30_000, intervalMs: 200 },
    );

  /** A guest with a profile, preference, observation, consent, account link, direct-billed stay, membership and case. */
  async function guestOfAllFiveServices() {
    const desk = graph.as('FRONT_OFFICE');
    const who = {
      name: uniqueName('欧阳娜娜'),
      phone: phone(),
      email: `oy.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`,
      document: residentId('19900321'),
    };
    const guestId = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: {
          fullName: who.name,
          phone: who.phone,
          email: who.email,
          idDocument: { type: 'RESIDENT_ID', number: who.document },
          birthDate: '1990-03-21',
          marketingConsent: true,
        },
      }),
    ).registerGuest.id;
    ok(
      await graph.as('HOUSEKEEPING')(contract.RecordPreference, {
        guestId,
        input: { category: 'PILLOW', value: `soft, ask ${who.name}` },
      }),
    );
    ok(
      await graph.as('GUEST_RELATIONS')(contract.RecordConsent, {
        guestId,
        input: { purpose: 'SURVEYS', granted: true, noticeVersion: '2026-01', source: `call to ${who.phone}` },
      }),
    );
    const accountId = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `招商局 ${uniqueName('')}`, type: 'CORPORATE', grade: 'A' },
      }),
    ).createAccount.id;
    ok(await graph.as('SALES')(contract.LinkGuestToAccount, { guestId, accountId }));
    ok(
      await graph.as('FINANCE')(contract.SetCreditTerms, {
        accountId,
        input: { limit: '10000.00', termDays: 30, rating: 'A' },
      }),
    );
    ok(await desk(contract.EnrollMember, { guestId }));
    const stayId = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          accountId,
          propertyCode: 'SHA01',
          roomType: 'DELUXE_KING',
          arrivalDate: '2026-10-01',
          departureDate: '2026-10-03',
          nightlyRate: '500.00',
          paymentMethod: 'DIRECT_BILL',
        },
      }),
    ).checkIn.id;
    ok(
      await desk(contract.CheckOut, {
        stayId,
        charges: [
          { outlet: 'ROOM', amount: '1000.00' },
          { outlet: 'FOOD_AND_BEVERAGE', amount: '234.50' },
        ],
      }),
    );
    const caseId = ok(
      await desk<{ openCase: { id: string } }>(contract.OpenCase, {
        input: {
          guestId,
          stayId,
          channel: 'EMAIL',
          category: 'NOISE',
          severity: 'MEDIUM',
          description: `${who.name} (${who.email}) could not sleep; call back on ${who.phone}`,
        },
      }),
    ).openCase.id;
    ok(
      await graph.as('GUEST_RELATIONS')(contract.ResolveCase, {
        id: caseId,
        input: { resolution: `Apologised to ${who.name} by phone`, compensationPoints: 200 },
      }),
    );
    const figures = await waitFor(
      async () =>
        ok(
          await manager()<{
            account: {
              production: { stays: number; roomNights: number; revenue: string };
              credit: { outstanding: string };
            };
            guest: { membership: { pointsBalance: number } };
          }>(FIGURES, { a: accountId, g: guestId }),
        ),
      (f) =>
        f.account.production.stays === 1 &&
        f.account.credit.outstanding === '1234.50' &&
        f.guest.membership.pointsBalance > 200,
    );
    return { guestId, accountId, who, figures };
  }

  it('exports each service’s records, then erases the guest everywhere, leaving no trace by search', async () => {
    const { guestId, accountId, who, figures } = await guestOfAllFiveServices();
    const values = [who.name, who.phone, who.email, who.document];

    const exported = await completed((await request(guestId, 'EXPORT')).id);
    expect(exported.parts.map((p) => p.service).sort()).toEqual(SERVICES);
    expect(exported.parts.every((p) => p.status === 'COMPLETED' && p.completedAt)).toBe(true);
    const doc = JSON.parse(exported.document!);
    expect(Object.keys(doc).sort()).toEqual(SERVICES);
    const text = (service: string) => JSON.stringify(doc[service]);
    expect(text('guests')).toContain(who.phone);
    expect(text('guests')).toContain(who.email);
    expect(text('guests')).toContain('soft, ask');
    expect(text('guests')).toContain('SURVEYS');
    expect(text('guests')).not.toContain(who.document);
    expect(text('guests')).toContain(`*${who.document.slice(-4)}`);
    expect(doc.accounts.accountLinks[0].account_id).toBe(accountId);
    expect(doc['service-recovery'].cases[0].description).toContain(who.phone);
    expect(doc.loyalty.ledger.length).toBeGreaterThanOrEqual(2);
    expect(doc.credit.invoices[0].amount).toBe('1234.50');

    // Before: the scanner finds the guest where the services keep them (the document only ever as ciphertext).
    const before = await scanDatabase(graph.services.guests!.databaseUrl, values);
    expect(new Set(before.map((f) => f.value))).toEqual(new Set([who.name, who.phone, who.email]));
    expect(before.map((f) => f.where)).toEqual(
      expect.arrayContaining([
        'guests.guest.full_name',
        'guests.guest_phone.number',
        'service_recovery.complaint_case.description',
      ]),
    );

    // A stay in house holds the erasure back.
    const desk = graph.as('FRONT_OFFICE');
    const inHouse = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'TWIN',
          arrivalDate: '2026-10-10',
          departureDate: '2026-10-11',
          nightlyRate: '300.00',
          paymentMethod: 'CASH',
        },
      }),
    ).checkIn.id;
    const refused = await manager()(contract.RequestGuestData, { guestId, kind: 'ERASURE', reason: 'asked' });
    expect(codeOf(refused)).toBe('INVALID_STATE');
    ok(await desk(contract.CheckOut, { stayId: inHouse, charges: [{ outlet: 'ROOM', amount: '300.00' }] }));
    // That stay counts for the account and the points too: the figures to keep are the ones after it.
    const kept = await waitFor(
      async () => ok(await manager()<typeof figures>(FIGURES, { a: accountId, g: guestId })),
      (f) =>
        f.account.production.stays === 2 && f.guest.membership.pointsBalance > figures.guest.membership.pointsBalance,
    );

    const erased = await completed((await request(guestId, 'ERASURE')).id);
    expect(erased.parts.map((p) => p.service).sort()).toEqual(SERVICES);
    expect(erased.document).toBeNull();

    const profile = ok(
      await manager()<{
        guest: Record<string, unknown> & { consents: unknown[]; preferences: unknown[]; observations: unknown[] };
      }>(
        `query($id: ID!) { guest(id: $id) { id fullName phone email birthDate idDocument { maskedNumber } address notes
           preferences { value } observations { value } consents { purpose } } }`,
        { id: guestId },
      ),
    ).guest;
    expect(profile).toEqual({
      id: guestId,
      fullName: 'Erased guest',
      phone: null,
      email: null,
      birthDate: null,
      idDocument: null,
      address: null,
      notes: null,
      preferences: [],
      observations: [],
      consents: [],
    });
    for (const text of values) {
      const found = ok(await desk<{ searchGuests: { id: string }[] }>(contract.FindGuests, { text })).searchGuests;
      expect(found.map((g) => g.id)).not.toContain(guestId);
    }
    const late = await graph.as('GUEST_RELATIONS')(contract.RecordConsent, {
      guestId,
      input: { purpose: 'MARKETING', channel: 'SMS', granted: true, noticeVersion: '2026-01', source: 'desk' },
    });
    expect(codeOf(late)).toBe('INVALID_STATE');
    // The document is free again; the figures the law keeps did not move.
    ok(
      await desk(contract.RegisterGuest, {
        input: { fullName: uniqueName('新客'), idDocument: { type: 'RESIDENT_ID', number: who.document } },
      }),
    );
    expect(ok(await manager()(FIGURES, { a: accountId, g: guestId }))).toEqual(kept);

    // After: nothing in any column of any schema, nothing in any stream, nothing in a new export.
    expect(await scanDatabase(graph.services.guests!.databaseUrl, values)).toEqual([]);
    expect(await scanStreams(graph.services.guests!.runtime.bus, graph.services.guests!.namespace, values)).toEqual([]);
    const again = await completed((await request(guestId, 'EXPORT')).id);
    for (const v of values) expect(again.document).not.toContain(v);
    // The ledger the law keeps is whole: its entries still add up to the balance.
    const ledger: { points: string | number }[] = JSON.parse(again.document!).loyalty.ledger;
    expect(ledger.reduce((sum, e) => sum + Number(e.points), 0)).toBe(kept.guest.membership.pointsBalance);
  }, 180_000);

  it('is for managers only', async () => {
    const { guestId } = await guestOfAllFiveServices();
    for (const role of ['FRONT_OFFICE', 'GUEST_RELATIONS', 'ANALYST'] as const) {
      const res = await graph.as(role)(contract.RequestGuestData, { guestId, kind: 'EXPORT', reason: 'curious' });
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
    const { id } = await request(guestId, 'EXPORT');
    expect(codeOf(await graph.as('FRONT_OFFICE')(contract.GuestDataRequest, { id }))).toBe('FORBIDDEN');
  });

  it('completes when any service restarts mid-saga', async () => {
    // Five subgraphs of their own, no gateway (it would keep a restarted subgraph's old address).
    const db = await createTestDatabase('rights');
    const namespace = testNamespace();
    const services: Record<string, TestService> = {};
    try {
      for (const def of ALL_SERVICES)
        services[def.name] = await startTestService(def, { databaseUrl: db.url, namespace });
      const ask = async <D>(query: string, variables: Record<string, unknown>) =>
        ok(await services.guests!.query<D>(query, variables, ['MANAGER']));
      const guestId = (
        await ask<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
          input: { fullName: uniqueName('重启'), phone: phone() },
        })
      ).registerGuest.id;
      for (const def of ALL_SERVICES) {
        const old = services[def.name]!;
        // The service is away when the request is announced (guests: right after it has recorded it).
        if (def.name !== 'guests') await old.stop();
        const { id } = (
          await ask<{ requestGuestData: { id: string } }>(contract.RequestGuestData, {
            guestId,
            kind: 'EXPORT',
            reason: `restart of ${def.name}`,
          })
        ).requestGuestData;
        if (def.name === 'guests') await old.stop();
        await new Promise((r) => setTimeout(r, 300));
        services[def.name] = await startTestService(def, { databaseUrl: db.url, namespace });
        const done = await waitFor(
          async () =>
            (await ask<{ guestDataRequest: DataRequest }>(contract.GuestDataRequest, { id })).guestDataRequest,
          (r) => r.status === 'COMPLETED',
          { timeoutMs: 30_000, intervalMs: 200 },
        );
        const doc = JSON.parse(done.document!);
        expect(Object.keys(doc).sort()).toEqual(SERVICES);
        expect(JSON.stringify(doc.guests)).toContain(guestId);
      }
    } finally {
      for (const s of Object.values(services).reverse()) await s.stop();
      await db.drop();
    }
  }, 240_000);
});
