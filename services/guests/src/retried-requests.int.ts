import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { credit, type EventBus } from '@guest-graph/events';
import { answerAccountLookups, neighbourBus, sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// A desk's registration or check-in sent again after a lost answer carries the same requestId: one guest, one
// stay, one event, and every retry answered with the first result, even when the retries race each other.
let service: TestService;
let creditBus: EventBus;
const ACCOUNT = '66666666-6666-4666-8666-666666666666';
let authorizations = 0;

beforeAll(async () => {
  service = await startTestService(guestsService);
  creditBus = await neighbourBus('credit', service.namespace);
  answerAccountLookups(creditBus, (id) => (id === ACCOUNT ? { name: 'Lenovo' } : undefined));
  creditBus.respond(credit.authorizeDirectBill, async () => {
    authorizations++;
    return { approved: true, authorizationId: randomUUID(), available: '50000.00' } as never;
  });
});
afterAll(async () => {
  await creditBus?.close();
  await service?.dispose();
});

const REGISTER = 'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id fullName } }';
const CHECK_IN = 'mutation($input: CheckInInput!) { checkIn(input: $input) { id status } }';
const count = async (sqlText: string, params: unknown[]) =>
  (await sql<{ n: number }>(service.databaseUrl, sqlText, params))[0]!.n;
const register = async (input: Record<string, unknown>, roles: Role[] = ['FRONT_OFFICE']) => {
  const res = await service.query<{ registerGuest: { id: string } }>(REGISTER, { input }, roles);
  expect(res.errors).toBeUndefined();
  return res.data!.registerGuest.id;
};
const checkIn = async (input: Record<string, unknown>) => {
  const res = await service.query<{ checkIn: { id: string } }>(CHECK_IN, { input }, ['FRONT_OFFICE']);
  expect(res.errors).toBeUndefined();
  return res.data!.checkIn.id;
};

describe('registerGuest with a requestId', () => {
  it('registers one guest however often, and however concurrently, the request is sent', async () => {
    const doc = completeResidentId('31011519900101123');
    const input = { fullName: '沈璧君', idDocument: { type: 'RESIDENT_ID', number: doc }, requestId: 'reg-1' };
    const first = await register(input);
    // A retry is not a duplicate: it is the same registration.
    expect(await register(input)).toBe(first);
    const racing = await Promise.all(
      Array.from({ length: 6 }, () => register({ fullName: '连城璧', requestId: 'reg-2' })),
    );
    expect(new Set(racing).size).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM guests.guest WHERE full_name = '连城璧'", [])).toBe(1);
    expect(
      await count(
        "SELECT count(*)::int AS n FROM guests.outbox WHERE type = 'guest.registered' AND payload::text LIKE $1",
        [`%${racing[0]}%`],
      ),
    ).toBe(1);
  });

  it("keeps one caller's requestId apart from another's; an overlong one is BAD_USER_INPUT", async () => {
    const desk = await register({ fullName: '萧十一郎', requestId: 'same' }, ['FRONT_OFFICE']);
    const manager = await register({ fullName: '萧十一郎', requestId: 'same' }, ['MANAGER']);
    expect(manager).not.toBe(desk);
    const long = await service.query(REGISTER, { input: { fullName: '风四娘', requestId: 'x'.repeat(201) } });
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.requestId' });
    expect(await count("SELECT count(*)::int AS n FROM guests.guest WHERE full_name = '风四娘'", [])).toBe(0);
  });
});

describe('checkIn with a requestId', () => {
  it('checks in once, asks credit once, and answers each retry with the first stay', async () => {
    const guestId = await register({ fullName: '花满楼' });
    const input = {
      guestId,
      propertyCode: 'SHA01',
      roomType: 'KING',
      arrivalDate: '2026-05-01',
      departureDate: '2026-05-03',
      nightlyRate: '800.00',
      paymentMethod: 'DIRECT_BILL',
      accountId: ACCOUNT,
      requestId: 'ci-1',
    };
    const asked = authorizations;
    const first = await checkIn(input);
    expect(await checkIn(input)).toBe(first);
    expect(authorizations - asked).toBe(1);
    // Another guest (one guest is in one stay a night), five racing retries of one request.
    const other = await register({ fullName: '陆小凤' });
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        checkIn({ ...input, guestId: other, paymentMethod: 'CARD', accountId: null, requestId: 'ci-2' }),
      ),
    );
    expect(new Set(racing).size).toBe(1);
    for (const g of [guestId, other]) {
      expect(await count('SELECT count(*)::int AS n FROM guests.stay WHERE guest_id = $1', [g])).toBe(1);
      expect(
        await count(
          "SELECT count(*)::int AS n FROM guests.outbox WHERE type = 'stay.checked-in' AND payload::text LIKE $1",
          [`%${g}%`],
        ),
      ).toBe(1);
    }
  });
});
