import { arrivingToday, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, contract, type Graph, ok, startGraph } from '../support/graph.js';
import { phone, residentId, uniqueName } from '../support/people.js';

// The story: a guest registered at the desk, served by several departments, complains once, and arrives
// again. The arrival brief shows everything the five services know, in one request, to the right roles.
describe('the arrival brief', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await startGraph();
  });
  afterAll(async () => graph?.stop());

  it('shows profile, preferences, stays, membership, open cases and account at once, by role', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const idNumber = residentId();
    const mobile = phone();
    const { registerGuest: guest } = ok(
      await desk<{ registerGuest: { id: string; fullName: string; segment: string } }>(contract.RegisterGuest, {
        input: {
          fullName: uniqueName('李华'),
          phone: mobile,
          email: `li.${Date.now()}@example.com`,
          idDocument: { type: 'RESIDENT_ID', number: idNumber },
          segment: 'BUSINESS',
          gender: 'FEMALE',
          birthDate: '1985-06-15',
          nationality: 'CN',
          marketingConsent: true,
        },
      }),
    );
    expect(guest.segment).toBe('BUSINESS');

    ok(
      await graph.as('HOUSEKEEPING')(contract.RecordPreference, {
        guestId: guest.id,
        input: { category: 'PILLOW', value: 'buckwheat' },
      }),
    );
    const { createAccount: account } = ok(
      await graph.as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `华为技术 ${Date.now()}`, type: 'CORPORATE', grade: 'A' },
      }),
    );
    ok(await graph.as('SALES')(contract.LinkGuestToAccount, { guestId: guest.id, accountId: account.id }));
    ok(await desk(contract.EnrollMember, { guestId: guest.id }));

    const { checkIn: stay } = ok(
      await desk<{ checkIn: { id: string; status: string } }>(contract.CheckIn, {
        input: {
          guestId: guest.id,
          propertyCode: 'SHA01',
          roomType: 'DELUXE_KING',
          roomNumber: '1808',
          ...arrivingToday(2),
          nightlyRate: '688.00',
          paymentMethod: 'CARD',
        },
      }),
    );
    expect(stay.status).toBe('IN_HOUSE');
    const { checkOut } = ok(
      await desk<{ checkOut: { status: string; totalSpend: string } }>(contract.CheckOut, {
        stayId: stay.id,
        charges: [
          { outlet: 'ROOM', amount: '1376.00' },
          { outlet: 'FOOD_AND_BEVERAGE', amount: '200.50' },
          { outlet: 'SPA', amount: '300.00' },
        ],
      }),
    );
    expect(checkOut).toEqual({ id: stay.id, status: 'CHECKED_OUT', totalSpend: '1876.50' });
    expect(codeOf(await desk(contract.CheckOut, { stayId: stay.id, charges: [] }))).toBe('INVALID_STATE');

    const opened = Date.now();
    const { openCase } = ok(
      await graph.as('GUEST_RELATIONS')<{ openCase: { id: string; dueAt: string; status: string } }>(
        contract.OpenCase,
        {
          input: {
            guestId: guest.id,
            stayId: stay.id,
            channel: 'FRONT_DESK',
            category: 'NOISE',
            severity: 'HIGH',
            description: 'Construction noise at 7am',
          },
        },
      ),
    );
    expect(openCase.status).toBe('OPEN');
    const hours = (Date.parse(openCase.dueAt) - opened) / 3_600_000;
    expect(hours).toBeGreaterThan(3.9);
    expect(hours).toBeLessThan(4.1);

    type Brief = {
      guest: {
        phone: string | null;
        email: string | null;
        idDocument: { type: string; maskedNumber: string } | null;
        preferences: { category: string; value: string }[];
        stays: { id: string; totalSpend: string; status: string }[];
        membership: { tier: string; pointsBalance: number } | null;
        openCases: { id: string; severity: string }[];
        account: { id: string; grade: string } | null;
      };
    };
    // Points come by event: within 5 seconds of the check-out (contract README).
    const brief = await waitFor(
      async () => ok(await desk<Brief>(contract.ArrivalBrief, { id: guest.id })),
      (b) => b.guest.membership?.pointsBalance === 1576,
      { timeoutMs: 5000 },
    );
    expect(brief.guest.phone).toBe(mobile);
    expect(brief.guest.idDocument?.type).toBe('RESIDENT_ID');
    // Only the last four characters survive the mask.
    expect(brief.guest.idDocument?.maskedNumber.endsWith(idNumber.slice(-4))).toBe(true);
    expect(brief.guest.idDocument?.maskedNumber.replace(/[^0-9X]/g, '')).toBe(idNumber.slice(-4));
    expect(JSON.stringify(brief)).not.toContain(idNumber);
    expect(brief.guest.preferences).toContainEqual({ category: 'PILLOW', value: 'buckwheat' });
    expect(brief.guest.stays[0]).toMatchObject({ id: stay.id, status: 'CHECKED_OUT', totalSpend: '1876.50' });
    expect(brief.guest.openCases).toEqual([expect.objectContaining({ id: openCase.id, severity: 'HIGH' })]);
    expect(brief.guest.account).toMatchObject({ id: account.id, grade: 'A' });

    // Housekeeping sees the brief but not the guest's phone, email or ID document.
    const hk = await graph.as('HOUSEKEEPING')<Brief>(contract.ArrivalBrief, { id: guest.id });
    expect(hk.data?.guest.phone).toBeNull();
    expect(hk.data?.guest.email).toBeNull();
    expect(hk.data?.guest.idDocument).toBeNull();
    expect(hk.data?.guest.preferences).toContainEqual({ category: 'PILLOW', value: 'buckwheat' });
    const forbidden = (hk.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.join('.'));
    expect(forbidden).toEqual(expect.arrayContaining(['guest.phone', 'guest.email', 'guest.idDocument']));
  });

  it('refuses a second guest with the same document, and a resident ID with a bad check digit', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const idNumber = residentId('19900101');
    const first = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: uniqueName('张伟'), idDocument: { type: 'RESIDENT_ID', number: idNumber } },
      }),
    );
    const again = await desk(contract.RegisterGuest, {
      input: { fullName: uniqueName('张伟'), idDocument: { type: 'RESIDENT_ID', number: idNumber } },
    });
    expect(codeOf(again)).toBe('DUPLICATE_GUEST');
    expect(again.errors?.[0]?.extensions?.existingGuestId).toBe(first.registerGuest.id);
    const wrongDigit = idNumber.slice(0, 17) + (idNumber.endsWith('1') ? '2' : '1');
    const bad = await desk(contract.RegisterGuest, {
      input: { fullName: uniqueName(), idDocument: { type: 'RESIDENT_ID', number: wrongDigit } },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.field).toBe('input.idDocument.number');
  });

  it('finds the guest by a typo in the name, by phone in any formatting, and by ID number', async () => {
    const desk = graph.as('FRONT_OFFICE');
    const idNumber = residentId('19770303');
    const mobile = phone();
    // Names carry no digits (text with digits is searched as a phone number), so make it unique with letters.
    const tag = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => String.fromCharCode(97 + (b % 26))).join('');
    const name = `Xiaoming ${tag}`;
    const { registerGuest } = ok(
      await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: { fullName: name, phone: mobile, idDocument: { type: 'RESIDENT_ID', number: idNumber } },
      }),
    );
    const find = async (text: string) =>
      ok(await desk<{ searchGuests: { id: string }[] }>(contract.FindGuests, { text, first: 10 })).searchGuests.map(
        (g) => g.id,
      );
    expect(await find(`Xiaomin ${tag}`)).toContain(registerGuest.id);
    expect(await find(`+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`)).toContain(
      registerGuest.id,
    );
    expect(await find(idNumber)).toEqual([registerGuest.id]);
  });

  it('refuses callers without a valid token, with no data', async () => {
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: contract.FindGuests, variables: { text: 'x' } }),
    });
    const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });
});
