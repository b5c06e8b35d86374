import { randomUUID } from 'node:crypto';
import { EventBus, envelope, serviceRecovery } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { neighbourBus, onHotelDate, sql, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// Care lists: birthdays and anniversaries with in-house and arriving guests first, festival greetings to
// those who consented, and follow-up calls after VIP stays and complaints (played by a second bus).
const clock = new ManualClock('2026-07-01T02:00:00Z');
let service: TestService;
let recoveryBus: EventBus;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
  recoveryBus = await neighbourBus('service-recovery', service.namespace);
});
afterAll(async () => {
  await recoveryBus?.close();
  await service?.dispose();
});

const register = async (input: Record<string, unknown>) =>
  (
    await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input },
    )
  ).data!.registerGuest.id;
const checkIn = async (guestId: string, arrivalDate: string, departureDate: string) =>
  (
    await service.query<{ checkIn: { id: string } }>(
      'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }',
      {
        input: {
          guestId,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate,
          departureDate,
          nightlyRate: '500.00',
          paymentMethod: 'CARD',
        },
      },
    )
  ).data!.checkIn.id;

describe('care lists', () => {
  it('lists birthdays and anniversaries in the window, in-house then arriving guests first', async () => {
    const staying = await register({ fullName: '生日在住', birthDate: '1980-07-20' });
    const home = await register({ fullName: '生日在家', birthDate: '1985-07-05' });
    const arriving = await register({ fullName: '纪念日到店', anniversaryDate: '2010-07-15' });
    await register({ fullName: '生日八月', birthDate: '1985-08-05' });
    await onHotelDate(clock, '2026-06-30', () => checkIn(staying, '2026-06-30', '2026-07-03'));
    // An expected arrival: check-in takes only today, so until reservations exist the row is written as one.
    await sql(
      service.databaseUrl,
      `INSERT INTO guests.stay (id, guest_id, origin_guest_id, property_code, room_type, arrival_date, departure_date,
         nights, nightly_rate, payment_method, status, checked_in_by, checked_in_at)
       VALUES ($1, $2, $2, 'SHA01', 'KING', '2026-07-10', '2026-07-12', 2, 500, 'CARD', 'IN_HOUSE', 'test', now())`,
      [randomUUID(), arriving],
    );
    const res = await service.query<{ careList: Record<string, unknown>[] }>(
      `{ careList(from: "2026-07-01", to: "2026-07-31") { occasion date inHouse arriving guest { id fullName } } }`,
      {},
      ['GUEST_RELATIONS'],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.careList).toEqual([
      {
        occasion: 'BIRTHDAY',
        date: '2026-07-20',
        inHouse: true,
        arriving: false,
        guest: { id: staying, fullName: '生日在住' },
      },
      {
        occasion: 'ANNIVERSARY',
        date: '2026-07-15',
        inHouse: false,
        arriving: true,
        guest: { id: arriving, fullName: '纪念日到店' },
      },
      {
        occasion: 'BIRTHDAY',
        date: '2026-07-05',
        inHouse: false,
        arriving: false,
        guest: { id: home, fullName: '生日在家' },
      },
    ]);
    const long = await service.query('{ careList(from: "2026-01-01", to: "2026-12-31") { date } }');
    expect(long.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(
      (await service.query('{ careList(from: "2026-07-01", to: "2026-07-02") { date } }', {}, ['ANALYST'])).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
  });

  it('lists festival greetings for guests who consented on the channel and can be reached on it', async () => {
    const yes = await register({ fullName: '中秋甲', email: 'a@example.com', marketingConsent: true });
    const withdrew = await register({ fullName: '中秋乙', email: 'b@example.com', marketingConsent: true });
    await service.query(
      'mutation($g: ID!) { setMarketingConsent(guestId: $g, input: { channel: EMAIL, granted: false, source: "Asked at the desk" }) { id } }',
      { g: withdrew },
    );
    const blocked = await register({ fullName: '中秋丙', email: 'c@example.com', marketingConsent: true });
    await service.query(
      'mutation($g: ID!) { addGuestRestriction(guestId: $g, input: { type: BLOCKLISTED, reason: "Fraud" }) { id } }',
      { g: blocked },
    );
    await register({ fullName: '中秋丁', marketingConsent: true });
    await register({ fullName: '中秋戊', email: 'e@example.com' });
    const res = await service.query<{ festivalGreetings: { date: string; recipients: { id: string }[] } }>(
      '{ festivalGreetings(festival: "MID_AUTUMN", channel: EMAIL) { festival date recipients { id } } }',
      {},
      ['SALES'],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.festivalGreetings).toEqual({
      festival: 'MID_AUTUMN',
      date: '2026-09-25',
      recipients: [{ id: yes }],
    });
    const unknown = await service.query('{ festivalGreetings(festival: "HALLOWEEN", channel: EMAIL) { date } }');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'festival' });
  });

  it('answers festival dates after 2028 from the lunar calendar (the old table stopped there)', async () => {
    const before = clock.now().toISOString();
    try {
      clock.set('2031-09-01T02:00:00Z');
      const dates: Record<string, string> = {};
      for (const festival of ['MID_AUTUMN', 'DOUBLE_NINTH', 'NATIONAL_DAY', 'SPRING_FESTIVAL']) {
        const res = await service.query<{ festivalGreetings: { date: string } }>(
          'query($f: String!) { festivalGreetings(festival: $f, channel: EMAIL) { date } }',
          { f: festival },
          ['GUEST_RELATIONS'],
        );
        expect(res.errors).toBeUndefined();
        dates[festival] = res.data!.festivalGreetings.date;
      }
      expect(dates).toEqual({
        MID_AUTUMN: '2031-10-01',
        DOUBLE_NINTH: '2031-10-24',
        NATIONAL_DAY: '2031-10-01',
        SPRING_FESTIVAL: '2032-02-11',
      });
    } finally {
      clock.set(before);
    }
  });
});

describe('care done (seed 000 §3.1(4))', () => {
  const GIVE = `mutation($input: CareGivenInput!) { recordCareGiven(input: $input) {
    guestId occasion occasionDate channel given givenBy } }`;
  it('marks a care item done once, and sends only on a channel the guest agreed to', async () => {
    const agreed = await register({ fullName: '关怀甲', email: 'care.a@example.com', marketingConsent: true });
    const card = {
      guestId: agreed,
      occasion: 'MID_AUTUMN',
      occasionDate: '2026-09-25',
      channel: 'EMAIL',
      given: 'E-card',
    };
    const sent = await service.query<{ recordCareGiven: Record<string, unknown> }>(GIVE, { input: card }, [
      'GUEST_RELATIONS',
    ]);
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.recordCareGiven).toMatchObject({ ...card, givenBy: expect.any(String) });
    const twice = await service.query(GIVE, { input: { ...card, given: 'Another card' } }, ['GUEST_RELATIONS']);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'ALREADY_DONE' });

    const silent = await register({ fullName: '关怀乙', email: 'care.b@example.com' });
    const flowers = { guestId: silent, occasion: 'BIRTHDAY', occasionDate: '2026-07-20', given: 'Flowers in 1808' };
    const emailed = await service.query(GIVE, { input: { ...flowers, channel: 'EMAIL' } }, ['GUEST_RELATIONS']);
    expect(emailed.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'NO_CONSENT' });
    const inPerson = await service.query(GIVE, { input: { ...flowers, channel: 'IN_PERSON' } }, ['HOUSEKEEPING']);
    expect(inPerson.errors).toBeUndefined();
    const analyst = await service.query(GIVE, { input: { ...flowers, channel: 'IN_PERSON' } }, ['ANALYST']);
    expect(analyst.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('follow-up calls', () => {
  it('leaves one call after a VIP stay and one per complaint, however often the complaint is delivered', async () => {
    const vip = await register({ fullName: '回访贵宾', vip: true });
    const stay = await onHotelDate(clock, '2026-06-28', () => checkIn(vip, '2026-06-28', '2026-07-01'));
    await service.query('mutation($s: ID!) { checkOut(stayId: $s, charges: []) { id } }', { s: stay });
    const complainer = await register({ fullName: '投诉客人' });
    const caseId = randomUUID();
    const event = envelope(serviceRecovery.caseOpened, {
      caseId,
      guestId: complainer,
      stayId: null,
      channel: 'PHONE',
      category: 'NOISE',
      severity: 'HIGH',
      department: 'HOUSEKEEPING',
      dueAt: '2026-07-01T06:00:00.000Z',
      openedAt: '2026-07-01T02:00:00.000Z',
    });
    await recoveryBus.publishDirect(serviceRecovery.caseOpened, event);
    await recoveryBus.publishDirect(serviceRecovery.caseOpened, { ...event }, randomUUID());
    // A case for a guest we do not know, sent last: once it is handled the redelivery before it was too (one
    // consumer, in order), and it must leave nothing.
    const marker = envelope(serviceRecovery.caseOpened, { ...event.data, caseId: randomUUID(), guestId: randomUUID() });
    await recoveryBus.publishDirect(serviceRecovery.caseOpened, marker);
    await waitFor(
      async () =>
        (await service.runtime.dataSource.query('SELECT 1 FROM guests.inbox WHERE event_id = $1', [marker.id])).length,
    );
    const LIST = '{ followUps { id reason dueDate ownerDepartment status caseId guest { id } } }';
    const settled = (await service.query<{ followUps: Record<string, unknown>[] }>(LIST, {}, ['GUEST_RELATIONS'])).data!
      .followUps;
    expect(settled.map((f) => f.reason).sort()).toEqual(['COMPLAINT', 'VIP_STAY']);
    expect(settled.find((f) => f.reason === 'COMPLAINT')).toMatchObject({
      caseId,
      guest: { id: complainer },
      dueDate: '2026-07-02',
      ownerDepartment: 'GUEST_RELATIONS',
    });
    expect(settled.find((f) => f.reason === 'VIP_STAY')).toMatchObject({ guest: { id: vip }, dueDate: '2026-07-03' });

    const complaint = settled.find((f) => f.reason === 'COMPLAINT')!.id as string;
    const assigned = await service.query<{ assignFollowUp: Record<string, unknown> }>(
      'mutation($id: ID!) { assignFollowUp(id: $id, owner: "Zhou Min") { owner assignedAt } }',
      { id: complaint },
      ['GUEST_RELATIONS'],
    );
    expect(assigned.data!.assignFollowUp).toEqual({ owner: 'Zhou Min', assignedAt: '2026-07-01T02:00:00.000Z' });
    const mine = await service.query<{ followUps: { id: string }[] }>('{ followUps(owner: "Zhou Min") { id } }');
    expect(mine.data!.followUps).toEqual([{ id: complaint }]);
    const DONE =
      'mutation($id: ID!) { completeFollowUp(id: $id, outcome: "Happy with the new room") { status outcome } }';
    const id = settled[0]!.id as string;
    expect((await service.query<{ completeFollowUp: unknown }>(DONE, { id })).data!.completeFollowUp).toEqual({
      status: 'DONE',
      outcome: 'Happy with the new room',
    });
    expect((await service.query(DONE, { id })).errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
    expect((await service.query<{ followUps: unknown[] }>(LIST)).data!.followUps).toHaveLength(1);
  });
});
