import type { Role } from '@guest-graph/auth';
import { credit, EventBus, guests as events } from '@guest-graph/events';
import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import {
  answerAccountLookups,
  neighbourBus,
  onHotelDate,
  sql,
  startTestService,
  type TestService,
} from '@guest-graph/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// The contract's front-office operations against a real Postgres and NATS: registration and its refusals,
// field rules per role, check-in with direct bill (credit played by a responder on a second bus), check-out.
let service: TestService;
let creditBus: EventBus;
const creditAnswers = new Map<string, () => unknown>();
const creditAsked: unknown[] = [];
const checkOutAsked: { amount: string; partial: boolean }[] = [];
let checkOutAnswer: (q: { amount: string; partial: boolean }) => unknown = () => {
  throw new Error('not asked in this test');
};
const LINKED_ACCOUNT = '77777777-7777-4777-8777-777777777777';
// The real time, held still: check-in takes only the hotel's today, so past stays move the clock to their day.
const clock = new ManualClock();
const today = clock.today();

beforeAll(async () => {
  service = await startTestService(guestsService, { clock, env: { GUESTS_CREDIT_TIMEOUT_MS: '500' } });
  creditBus = await neighbourBus('credit', service.namespace);
  // Accounts, played too: the accounts a check-in may name.
  answerAccountLookups(creditBus, (id) =>
    creditAnswers.has(id) || id === LINKED_ACCOUNT ? { name: 'Huawei' } : undefined,
  );
  creditBus.respond(credit.authorizeCheckOut, async (q) => {
    checkOutAsked.push(q);
    return checkOutAnswer(q) as never;
  });
  creditBus.respond(credit.authorizeDirectBill, async (q) => {
    creditAsked.push(q);
    const answer = creditAnswers.get(q.accountId);
    if (!answer) throw Object.assign(new Error('unknown account'), { code: 'NOT_FOUND' });
    return answer() as never;
  });
});
afterAll(async () => {
  await creditBus?.close();
  await service?.dispose();
});

const REGISTER = `mutation RegisterGuest($input: RegisterGuestInput!) { registerGuest(input: $input) { id fullName segment } }`;
const BRIEF = `query ArrivalBrief($id: ID!) { guest(id: $id) { id fullName segment vip phone email
  idDocument { type maskedNumber } preferences { category value } birthDate
  stays(last: 5) { id status arrivalDate departureDate roomType totalSpend } } }`;
const CHECK_IN = `mutation CheckIn($input: CheckInInput!) { checkIn(input: $input) { id status nights } }`;
const CHECK_OUT = `mutation CheckOut($stayId: ID!, $charges: [ChargeInput!]!) {
  checkOut(stayId: $stayId, charges: $charges) { id status totalSpend charges { outlet amount } } }`;

let seq = 0;
const residentId = () =>
  completeResidentId(`3101011985${String(1001 + seq++).slice(-4)}0${String(seq % 10)}${seq % 10}`.slice(0, 17));
const register = async (input: Record<string, unknown>, roles: Role[] = ['FRONT_OFFICE']) =>
  service.query<{ registerGuest: { id: string; fullName: string; segment: string } }>(REGISTER, { input }, roles);
const registered = async (input: Record<string, unknown>) => {
  const res = await register(input);
  expect(res.errors).toBeUndefined();
  return res.data!.registerGuest.id;
};
const count = async (table: string) =>
  Number((await sql<{ n: string }>(service.databaseUrl, `SELECT count(*) AS n FROM guests.${table}`))[0]!.n);
const outbox = async (type: string) =>
  (
    await sql<{ payload: { data: Record<string, unknown> } }>(
      service.databaseUrl,
      'SELECT payload FROM guests.outbox WHERE type = $1 ORDER BY seq',
      [type],
    )
  ).map((r) => r.payload.data);

describe('registering a guest', () => {
  it('registers with the contract fields and publishes guest.registered', async () => {
    const number = residentId();
    const res = await register({
      fullName: '王芳',
      latinName: 'Wang Fang',
      gender: 'FEMALE',
      birthDate: '1985-04-12',
      phone: '+86 138 0013 8000',
      email: 'Wang.Fang@example.com',
      nationality: 'cn',
      idDocument: { type: 'RESIDENT_ID', number },
      segment: 'BUSINESS',
      marketingConsent: true,
    });
    expect(res.errors).toBeUndefined();
    const { id } = res.data!.registerGuest;
    expect(res.data!.registerGuest).toMatchObject({ fullName: '王芳', segment: 'BUSINESS' });
    const brief = await service.query<{ guest: Record<string, unknown> }>(BRIEF, { id }, ['FRONT_OFFICE']);
    expect(brief.errors).toBeUndefined();
    expect(brief.data!.guest).toMatchObject({
      id,
      phone: '+86 138 0013 8000',
      email: 'Wang.Fang@example.com',
      vip: false,
      idDocument: { type: 'RESIDENT_ID', maskedNumber: `**************${number.slice(-4)}` },
      preferences: [],
      stays: [],
    });
    const event = (await outbox('guest.registered')).find((e) => e.guestId === id);
    expect(event).toMatchObject({ segment: 'BUSINESS', vip: false });
    // Ids, not names: a stream keeps what it carries past any erasure.
    expect(JSON.stringify(event)).not.toContain('王芳');
  });

  it('refuses a resident ID that fails the GB 11643-1999 check digit, and writes nothing', async () => {
    const before = await count('guest');
    const good = residentId();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await register({ fullName: '李四', idDocument: { type: 'RESIDENT_ID', number: bad } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idDocument.number' });
    expect(res.data).toBeNull();
    expect(await count('guest')).toBe(before);
  });

  it('refuses a second guest with the same document as DUPLICATE_GUEST naming the existing guest', async () => {
    const number = residentId();
    const first = await registered({ fullName: '赵六', idDocument: { type: 'RESIDENT_ID', number } });
    const again = await register({
      fullName: 'Zhao Liu',
      idDocument: { type: 'RESIDENT_ID', number: `${number.slice(0, 6)} ${number.slice(6).toLowerCase()}` },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_GUEST', existingGuestId: first });
    // The same number under another document type is another document.
    expect((await register({ fullName: 'Other', idDocument: { type: 'OTHER', number } })).errors).toBeUndefined();
  });

  it('names every malformed field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ fullName: '   ' }, 'input.fullName'],
      [{ fullName: 'x'.repeat(101) }, 'input.fullName'],
      [{ fullName: 'A', email: 'not-an-email' }, 'input.email'],
      [{ fullName: 'A', phone: 'call me' }, 'input.phone'],
      [{ fullName: 'A', phone: '12' }, 'input.phone'],
      [{ fullName: 'A', birthDate: '2999-01-01' }, 'input.birthDate'],
      [{ fullName: 'A', nationality: 'XX' }, 'input.nationality'],
      [{ fullName: 'A', idDocument: { type: 'PASSPORT', number: 'E1' } }, 'input.idDocument.number'],
      [{ fullName: 'A', segment: 'ROYALTY' }, 'input.segment'],
      [{ fullName: 'A', birthDate: '1990-02-30' }, 'input.birthDate'],
    ];
    const before = await count('guest');
    for (const [input, field] of cases) {
      const res = await register(input);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field, JSON.stringify(input)).toBe(field);
    }
    expect(await count('guest')).toBe(before);
  });

  it('refuses the second of two desks registering the same document at once', async () => {
    const number = residentId();
    const results = await Promise.all(
      [1, 2, 3].map(() => register({ fullName: '同时登记', idDocument: { type: 'RESIDENT_ID', number } })),
    );
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.errors))
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'DUPLICATE_GUEST',
        existingGuestId: ok[0]!.data!.registerGuest.id,
      });
  });

  it('lets only FRONT_OFFICE and MANAGER register', async () => {
    for (const role of ['HOUSEKEEPING', 'SALES', 'ANALYST'] as Role[]) {
      const res = await register({ fullName: 'Nobody' }, [role]);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await register({ fullName: 'Manager Made' }, ['MANAGER'])).errors).toBeUndefined();
  });
});

describe('who sees what', () => {
  let id: string;
  beforeAll(async () => {
    id = await registered({
      fullName: '陈静',
      phone: '13912345678',
      email: 'chen@example.com',
      birthDate: '1979-09-09',
      idDocument: { type: 'PASSPORT', number: 'E99887766' },
    });
  });

  it('gives HOUSEKEEPING null and FORBIDDEN on phone, email, birth date and document, and serves the rest', async () => {
    const res = await service.query<{ guest: Record<string, unknown> }>(BRIEF, { id }, ['HOUSEKEEPING']);
    expect(res.data!.guest).toMatchObject({ id, fullName: '陈静', phone: null, email: null, idDocument: null });
    const forbidden = res.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path!.join('.'));
    expect(forbidden.sort()).toEqual(['guest.birthDate', 'guest.email', 'guest.idDocument', 'guest.phone']);
  });

  it('gives SALES the contact fields but not the document', async () => {
    const res = await service.query<{ guest: Record<string, unknown> }>(BRIEF, { id }, ['SALES']);
    expect(res.data!.guest).toMatchObject({ phone: '13912345678', email: 'chen@example.com', idDocument: null });
    expect(res.errors!.map((e) => e.path!.join('.'))).toEqual(['guest.idDocument']);
  });

  it('gives ANALYST no identifying field, not even the name', async () => {
    const res = await service.query<{ guest: Record<string, unknown> }>(BRIEF, { id }, ['ANALYST']);
    expect(res.data!.guest).toMatchObject({ id, fullName: null, phone: null, email: null, idDocument: null });
    expect(res.data!.guest.birthDate).toBeNull();
    const search = await service.query(`{ searchGuests(text: "陈静") { id } }`, {}, ['ANALYST']);
    expect(search.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('gives ANALYST no free text: no tags, no preference notes', async () => {
    const guestId = await registered({ fullName: '温瑞安', tags: ['wife: Mrs Wen, room 1808'] });
    const pref = await service.query(
      'mutation($g: ID!) { recordPreference(guestId: $g, input: { category: PILLOW, value: "buckwheat", note: "asked by Mr Wen" }) { id } }',
      { g: guestId },
      ['HOUSEKEEPING'],
    );
    expect(pref.errors).toBeUndefined();
    const READ = 'query($id: ID!) { guest(id: $id) { id tags preferences { value note } } }';
    const analyst = await service.query<{ guest: { tags: string[]; preferences: { note: string | null }[] } }>(
      READ,
      { id: guestId },
      ['ANALYST'],
    );
    expect(analyst.data!.guest).toEqual({ id: guestId, tags: [], preferences: [{ value: 'buckwheat', note: null }] });
    expect(analyst.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['FORBIDDEN', ['guest', 'preferences', 0, 'note']],
    ]);
    const desk = await service.query<{ guest: { tags: string[]; preferences: { note: string }[] } }>(
      READ,
      { id: guestId },
      ['FRONT_OFFICE'],
    );
    expect(desk.data!.guest.tags).toEqual(['wife: Mrs Wen, room 1808']);
    expect(desk.data!.guest.preferences[0]!.note).toBe('asked by Mr Wen');
  });

  it('never returns the full number, only the last four characters', async () => {
    const res = await service.query<{ guest: { idDocument: { maskedNumber: string } } }>(BRIEF, { id }, ['MANAGER']);
    expect(res.data!.guest.idDocument.maskedNumber).toBe('*****7766');
    expect(JSON.stringify(res)).not.toContain('E99887766');
  });
});

describe('stays', () => {
  let guestId: string;
  const stayOf = () => stay();
  const stay = (over: Record<string, unknown> = {}) => ({
    guestId,
    propertyCode: 'SHA01',
    roomType: 'DELUXE_KING',
    roomNumber: '1208',
    arrivalDate: today,
    departureDate: addDays(today, 3),
    nightlyRate: '688.00',
    purpose: 'BUSINESS',
    paymentMethod: 'CARD',
    ...over,
  });
  beforeAll(async () => {
    guestId = await registered({ fullName: '周强', vipLevel: 2 });
  });

  it('checks in and out: nights, total of the charges, events, and a second check-out is INVALID_STATE', async () => {
    const ci = await service.query<{ checkIn: { id: string; status: string; nights: number } }>(
      CHECK_IN,
      { input: stay() },
      ['FRONT_OFFICE'],
    );
    expect(ci.errors).toBeUndefined();
    expect(ci.data!.checkIn).toMatchObject({ status: 'IN_HOUSE', nights: 3 });
    const stayId = ci.data!.checkIn.id;
    const charges = [
      { outlet: 'ROOM', amount: '2064.00' },
      { outlet: 'FOOD_AND_BEVERAGE', amount: '0.10' },
      { outlet: 'FOOD_AND_BEVERAGE', amount: '0.20' },
      { outlet: 'SPA', amount: '380' },
    ];
    const co = await service.query<{ checkOut: Record<string, unknown> }>(CHECK_OUT, { stayId, charges }, ['MANAGER']);
    expect(co.errors).toBeUndefined();
    expect(co.data!.checkOut).toMatchObject({ id: stayId, status: 'CHECKED_OUT', totalSpend: '2444.30' });
    const again = await service.query(CHECK_OUT, { stayId, charges: [] }, ['FRONT_OFFICE']);
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    const linked = await onHotelDate(clock, '2023-01-01', () =>
      service.query<{ checkIn: { id: string } }>(CHECK_IN, {
        input: stay({ accountId: LINKED_ACCOUNT, arrivalDate: '2023-01-01', departureDate: '2023-01-02' }),
      }),
    );
    expect(linked.errors).toBeUndefined();
    expect((await outbox('stay.checked-in')).find((e) => e.stayId === linked.data!.checkIn.id)).toMatchObject({
      accountId: LINKED_ACCOUNT,
      paymentMethod: 'CARD',
    });
    expect((await outbox('stay.checked-in')).find((e) => e.stayId === stayId)).toMatchObject({
      guestId,
      nights: 3,
      nightlyRate: '688.00',
      paymentMethod: 'CARD',
      accountId: null,
      propertyCode: 'SHA01',
    });
    const out = (await outbox('stay.checked-out')).filter((e) => e.stayId === stayId);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      totalSpend: '2444.30',
      nights: 3,
      charges: [
        { outlet: 'ROOM', amount: '2064.00' },
        { outlet: 'FOOD_AND_BEVERAGE', amount: '0.10' },
        { outlet: 'FOOD_AND_BEVERAGE', amount: '0.20' },
        { outlet: 'SPA', amount: '380.00' },
      ],
    });
    // A VIP's stay leaves a follow-up call for guest relations, once.
    expect(await sql(service.databaseUrl, 'SELECT reason FROM guests.follow_up WHERE stay_id = $1', [stayId])).toEqual([
      { reason: 'VIP_STAY' },
    ]);
  });

  it('checks out once when two desks check out the same stay at once', async () => {
    const ci = await onHotelDate(clock, '2024-01-01', () =>
      service.query<{ checkIn: { id: string } }>(CHECK_IN, {
        input: stay({ arrivalDate: '2024-01-01', departureDate: '2024-01-02' }),
      }),
    );
    const stayId = ci.data!.checkIn.id;
    const results = await Promise.all(
      ['100.00', '200.00'].map((amount) =>
        service.query<{ checkOut: { totalSpend: string } }>(CHECK_OUT, {
          stayId,
          charges: [{ outlet: 'ROOM', amount }],
        }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'INVALID_STATE')).toHaveLength(1);
    const charges = await sql(service.databaseUrl, 'SELECT amount FROM guests.stay_charge WHERE stay_id = $1', [
      stayId,
    ]);
    expect(charges).toHaveLength(1);
    expect((await outbox('stay.checked-out')).filter((e) => e.stayId === stayId)).toHaveLength(1);
  });

  it('lists stays newest first, at most `last`', async () => {
    const [a, b, c] = [-600, -30, -300].map((d) => addDays(today, d));
    for (const arrival of [a!, b!, c!])
      expect(
        (
          await onHotelDate(clock, arrival, () =>
            service.query(CHECK_IN, { input: stay({ arrivalDate: arrival, departureDate: addDays(arrival, 2) }) }),
          )
        ).errors,
      ).toBeUndefined();
    const res = await service.query<{ guest: { stays: { arrivalDate: string; totalSpend: string | null }[] } }>(
      `query($id: ID!) { guest(id: $id) { stays(last: 3) { arrivalDate totalSpend } } }`,
      { id: guestId },
    );
    expect(res.data!.guest.stays.map((s) => s.arrivalDate)).toEqual([today, b, c]);
    expect(res.data!.guest.stays[0]!.totalSpend).toBe('2444.30');
    expect(res.data!.guest.stays[1]!.totalSpend).toBeNull();
  });

  it('refuses bad stays with the field at fault and writes nothing', async () => {
    const before = await count('stay');
    const cases: [Record<string, unknown>, string][] = [
      [stay({ departureDate: today }), 'input.departureDate'],
      [stay({ arrivalDate: addDays(today, 1), departureDate: addDays(today, 3) }), 'input.arrivalDate'],
      [stay({ paymentMethod: 'DIRECT_BILL' }), 'input.accountId'],
      [stay({ nightlyRate: '-5.00' }), 'input.nightlyRate'],
      [stay({ nightlyRate: 688 }), 'input.nightlyRate'],
    ];
    for (const [input, field] of cases) {
      const res = await service.query(CHECK_IN, { input });
      expect(res.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const noAccount = await service.query(CHECK_IN, {
      input: stay({ accountId: '00000000-0000-4000-8000-00000000000a' }),
    });
    expect(noAccount.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.accountId' });
    const unknown = await service.query(CHECK_IN, { input: stay({ guestId: '00000000-0000-4000-8000-000000000000' }) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const ci = await service.query<{ checkIn: { id: string } }>(CHECK_IN, { input: stay() });
    const neg = await service.query(CHECK_OUT, {
      stayId: ci.data!.checkIn.id,
      charges: [{ outlet: 'ROOM', amount: '-1' }],
    });
    expect(neg.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'charges.0.amount' });
    expect(await count('stay')).toBe(before + 1);
    const housekeeping = await service.query(CHECK_IN, { input: stay() }, ['HOUSEKEEPING']);
    expect(housekeeping.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('arrival date, overlaps and the room charge (issue 23)', () => {
    it('refuses a second stay over the same nights with INVALID_STATE, and takes one once the first is out', async () => {
      const who = await registered({ fullName: '钱峰' });
      const first = await service.query<{ checkIn: { id: string } }>(CHECK_IN, { input: stay({ guestId: who }) });
      expect(first.errors).toBeUndefined();
      const before = await count('stay');
      const again = await service.query(CHECK_IN, {
        input: stay({ guestId: who, arrivalDate: today, departureDate: addDays(today, 1) }),
      });
      expect(again.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID_STATE',
        reason: 'OVERLAPPING_STAY',
        stayId: first.data!.checkIn.id,
      });
      expect(await count('stay')).toBe(before);
      // Two desks at once: one stay.
      const other = await registered({ fullName: '钱芳' });
      const both = await Promise.all([1, 2].map(() => service.query(CHECK_IN, { input: stay({ guestId: other }) })));
      expect(both.filter((r) => !r.errors)).toHaveLength(1);
      expect(both.find((r) => r.errors)?.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
      // Leaving early frees the nights after: the guest may check in again the same day.
      expect((await service.query(CHECK_OUT, { stayId: first.data!.checkIn.id, charges: [] })).errors).toBeUndefined();
      expect((await service.query(CHECK_IN, { input: stay({ guestId: who }) })).errors).toBeUndefined();
    });

    it('takes a stay entered late (a past arrival), never one arriving tomorrow', async () => {
      const late = stay({
        guestId: await registered({ fullName: '郑夜' }),
        arrivalDate: addDays(today, -40),
        departureDate: addDays(today, -38),
      });
      expect((await service.query(CHECK_IN, { input: late })).errors).toBeUndefined();
      const early = stay({
        guestId: await registered({ fullName: '郑晨' }),
        arrivalDate: addDays(today, 1),
        departureDate: addDays(today, 2),
      });
      expect((await service.query(CHECK_IN, { input: early })).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.arrivalDate',
      });
    });

    it('totals what the desk posts: no charges, 0.00 (contract: the sum of its charges)', async () => {
      const ci = await service.query<{ checkIn: { id: string } }>(CHECK_IN, {
        input: stay({ guestId: await registered({ fullName: '冯安' }), nightlyRate: '688.50' }),
      });
      const stayId = ci.data!.checkIn.id;
      const co = await service.query<{ checkOut: Record<string, unknown> }>(CHECK_OUT, { stayId, charges: [] });
      expect(co.errors).toBeUndefined();
      expect(co.data!.checkOut).toMatchObject({ totalSpend: '0.00', charges: [] });
      expect((await outbox('stay.checked-out')).find((e) => e.stayId === stayId)).toMatchObject({
        totalSpend: '0.00',
        charges: [],
      });
    });
  });

  describe('direct bill', () => {
    // A guest of each test's own: a stay checked in stays in house today.
    let guestId: string;
    beforeEach(async () => {
      guestId = await registered({ fullName: '吴敏' });
    });
    const stay = (over: Record<string, unknown> = {}) => ({ ...stayOf(), guestId, ...over });
    const accountId = '11111111-1111-4111-8111-111111111111';
    const held = '22222222-2222-4222-8222-222222222222';
    const noTerms = '33333333-3333-4333-8333-333333333333';
    const tight = '44444444-4444-4444-8444-444444444444';
    beforeAll(() => {
      creditAnswers.set(accountId, () => ({
        approved: true,
        authorizationId: '55555555-5555-4555-8555-555555555555',
        available: '10000.00',
      }));
      creditAnswers.set(held, () => ({ approved: false, code: 'CREDIT_HOLD', message: 'On hold', available: null }));
      creditAnswers.set(noTerms, () => ({
        approved: false,
        code: 'NO_CREDIT_TERMS',
        message: 'No terms',
        available: null,
      }));
      creditAnswers.set(tight, () => ({
        approved: false,
        code: 'CREDIT_LIMIT_EXCEEDED',
        message: 'Only 100.00 available',
        available: '100.00',
      }));
    });

    it('asks credit for nightly rate x nights with the stay id it then uses', async () => {
      creditAsked.length = 0;
      const res = await service.query<{ checkIn: { id: string } }>(CHECK_IN, {
        input: stay({ paymentMethod: 'DIRECT_BILL', accountId }),
      });
      expect(res.errors).toBeUndefined();
      expect(creditAsked).toEqual([{ accountId, amount: '2064.00', stayId: res.data!.checkIn.id, guestId }]);
      const rows = await sql(
        service.databaseUrl,
        'SELECT account_id, authorization_id FROM guests.stay WHERE id = $1',
        [res.data!.checkIn.id],
      );
      expect(rows).toEqual([{ account_id: accountId, authorization_id: '55555555-5555-4555-8555-555555555555' }]);
    });

    it("refuses with credit's code and writes nothing", async () => {
      const before = await count('stay');
      const events = (await outbox('stay.checked-in')).length;
      const hold = await service.query(CHECK_IN, { input: stay({ paymentMethod: 'DIRECT_BILL', accountId: held }) });
      expect(hold.errors?.[0]?.extensions?.code).toBe('CREDIT_HOLD');
      const limit = await service.query(CHECK_IN, { input: stay({ paymentMethod: 'DIRECT_BILL', accountId: tight }) });
      expect(limit.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', available: '100.00' });
      // The desk is told the account cannot be billed, not how much credit it has left (Account.credit's rule).
      const desk = await service.query(CHECK_IN, { input: stay({ paymentMethod: 'DIRECT_BILL', accountId: tight }) }, [
        'FRONT_OFFICE',
      ]);
      expect(desk.errors?.[0]?.extensions?.code).toBe('CREDIT_LIMIT_EXCEEDED');
      expect(desk.errors?.[0]?.extensions).not.toHaveProperty('available');
      expect(JSON.stringify(desk.errors)).not.toContain('100.00');
      const none = await service.query(CHECK_IN, { input: stay({ paymentMethod: 'DIRECT_BILL', accountId: noTerms }) });
      expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', reason: 'NO_CREDIT_TERMS' });
      expect(await count('stay')).toBe(before);
      expect((await outbox('stay.checked-in')).length).toBe(events);
    });

    it('authorises the final bill with credit at check-out, refuses the excess, and settles it another way', async () => {
      const CHECK_OUT_SPLIT = `mutation($stayId: ID!, $charges: [ChargeInput!]!, $rest: PaymentMethod) {
        checkOut(stayId: $stayId, charges: $charges, restPaidBy: $rest) {
          status totalSpend directBilled restPaidBy restPaid } }`;
      const ci = await service.query<{ checkIn: { id: string } }>(CHECK_IN, {
        input: stay({ paymentMethod: 'DIRECT_BILL', accountId }),
      });
      const stayId = ci.data!.checkIn.id;
      checkOutAsked.length = 0;
      checkOutAnswer = (q) =>
        q.partial
          ? { approved: true, billed: '2000.00', available: '0.00' }
          : { approved: false, code: 'CREDIT_LIMIT_EXCEEDED', message: 'Only 2000.00', available: '2000.00' };
      const charges = [
        { outlet: 'ROOM', amount: '2064.00' },
        { outlet: 'FOOD_AND_BEVERAGE', amount: '300.00' },
      ];
      const refused = await service.query(CHECK_OUT_SPLIT, { stayId, charges });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_LIMIT_EXCEEDED', available: '2000.00' });
      expect(checkOutAsked[0]).toMatchObject({ accountId, stayId, amount: '2364.00', partial: false });
      expect(await sql(service.databaseUrl, 'SELECT status FROM guests.stay WHERE id = $1', [stayId])).toEqual([
        { status: 'IN_HOUSE' },
      ]);
      const notDirect = await service.query(CHECK_OUT_SPLIT, { stayId, charges, rest: 'DIRECT_BILL' });
      expect(notDirect.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'restPaidBy' });
      const split = await service.query<{ checkOut: Record<string, unknown> }>(CHECK_OUT_SPLIT, {
        stayId,
        charges,
        rest: 'CARD',
      });
      expect(split.errors).toBeUndefined();
      expect(split.data!.checkOut).toEqual({
        status: 'CHECKED_OUT',
        totalSpend: '2364.00',
        directBilled: '2000.00',
        restPaidBy: 'CARD',
        restPaid: '364.00',
      });
      expect((await outbox('stay.checked-out')).find((e) => e.stayId === stayId)).toMatchObject({
        totalSpend: '2364.00',
        directBilled: '2000.00',
        restPaidBy: 'CARD',
      });
    });

    it('refuses with SERVICE_UNAVAILABLE when credit does not answer, and other payments still work', async () => {
      const slow = '66666666-6666-4666-8666-666666666666';
      creditAnswers.set(slow, () => new Promise((r) => setTimeout(r, 10_000)));
      const before = await count('stay');
      const res = await service.query(CHECK_IN, { input: stay({ paymentMethod: 'DIRECT_BILL', accountId: slow }) });
      expect(res.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.errors?.[0]?.message).toMatch(/credit service did not confirm/);
      expect(await count('stay')).toBe(before);
      // Credit is told the stay it was asked to hold for will not be, so a late hold is let go at once.
      const asked = creditAsked.at(-1) as { stayId: string };
      expect(await outbox('stay.check-in-abandoned')).toContainEqual(
        expect.objectContaining({ stayId: asked.stayId, accountId: slow }),
      );
      expect((await service.query(CHECK_IN, { input: stay({ paymentMethod: 'CASH' }) })).errors).toBeUndefined();
    });
  });
});

describe('preferences', () => {
  it('records one current value per category, from the caller department, confirming repeats', async () => {
    const guestId = await registered({ fullName: '孙丽' });
    const RECORD = `mutation RecordPreference($guestId: ID!, $input: PreferenceInput!) {
      recordPreference(guestId: $guestId, input: $input) { id category value department confirmations current } }`;
    const a = await service.query<{ recordPreference: Record<string, unknown> }>(
      RECORD,
      { guestId, input: { category: 'PILLOW', value: 'Feather pillow' } },
      ['HOUSEKEEPING'],
    );
    expect(a.data!.recordPreference).toMatchObject({ department: 'HOUSEKEEPING', confirmations: 0, current: true });
    const b = await service.query<{ recordPreference: Record<string, unknown> }>(
      RECORD,
      { guestId, input: { category: 'PILLOW', value: ' feather  PILLOW' } },
      ['FRONT_OFFICE'],
    );
    expect(b.data!.recordPreference).toMatchObject({ id: a.data!.recordPreference.id, confirmations: 1 });
    await service.query(RECORD, { guestId, input: { category: 'PILLOW', value: 'Buckwheat pillow' } }, [
      'HOUSEKEEPING',
    ]);
    await service.query(RECORD, { guestId, input: { category: 'TEA_COFFEE', value: '龙井' } }, ['FOOD_AND_BEVERAGE']);
    const analyst = await service.query(RECORD, { guestId, input: { category: 'DIET', value: 'x' } }, ['ANALYST']);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const blank = await service.query(RECORD, { guestId, input: { category: 'DIET', value: ' ' } }, ['FRONT_OFFICE']);
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.value' });
    const res = await service.query<{
      guest: {
        preferences: { category: string; value: string }[];
        preferenceHistory: { value: string; current: boolean }[];
      };
    }>(
      `query($id: ID!) { guest(id: $id) { preferences { category value } preferenceHistory(category: PILLOW) { value current } } }`,
      { id: guestId },
      ['FRONT_OFFICE'],
    );
    expect(res.data!.guest.preferences).toEqual([
      { category: 'PILLOW', value: 'Buckwheat pillow' },
      { category: 'TEA_COFFEE', value: '龙井' },
    ]);
    expect(res.data!.guest.preferenceHistory).toEqual([
      { value: 'Buckwheat pillow', current: true },
      { value: 'Feather pillow', current: false },
    ]);
    expect((await outbox('guest.updated')).filter((e) => e.guestId === guestId)).toHaveLength(4);
  });

  it('shows sensitive preferences only to roles that serve the guest', async () => {
    const guestId = await registered({ fullName: '马克' });
    await service.query(
      `mutation($g: ID!) { recordPreference(guestId: $g, input: { category: DIET, value: "Halal meals" }) { id } }`,
      { g: guestId },
      ['FOOD_AND_BEVERAGE'],
    );
    const q = `query($id: ID!) { guest(id: $id) { preferences { value sensitive } } }`;
    const fnb = await service.query<{ guest: { preferences: unknown[] } }>(q, { id: guestId }, ['FOOD_AND_BEVERAGE']);
    expect(fnb.data!.guest.preferences).toEqual([{ value: 'Halal meals', sensitive: true }]);
    const sales = await service.query<{ guest: { preferences: unknown[] } }>(q, { id: guestId }, ['SALES']);
    expect(sales.data!.guest.preferences).toEqual([]);
  });
});

describe('guests.lookup', () => {
  it('answers which guests exist', async () => {
    const id = await registered({ fullName: '吴敏', segment: 'LEISURE', vip: true });
    const reply = await creditBus.request(events.lookupGuests, { ids: [id, '00000000-0000-4000-8000-000000000000'] });
    expect(reply.guests).toEqual([{ id, fullName: '吴敏', vip: true, segment: 'LEISURE', mergedInto: null }]);
  });
});
