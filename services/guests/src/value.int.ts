import { ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';
import { refreshGuestValues } from './persistence/guest-value.repository.js';

// Value and lifecycle from real stays: refreshed at check-out, aged by the daily job run for any date, and
// filtered into the lists sales and marketing work from.
const clock = new ManualClock('2026-06-10T10:00:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
});
afterAll(async () => {
  await service?.dispose();
});

const register = async (input: Record<string, unknown>) =>
  (
    await service.query<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input },
    )
  ).data!.registerGuest.id;
const stay = async (guestId: string, arrivalDate: string, departureDate: string, amount: string) => {
  const ci = await onHotelDate(clock, arrivalDate, () =>
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
  const co = await service.query(
    'mutation($s: ID!, $a: Money!) { checkOut(stayId: $s, charges: [{ outlet: ROOM, amount: $a }]) { id } }',
    {
      s: ci.data!.checkIn.id,
      a: amount,
    },
  );
  expect(co.errors).toBeUndefined();
};
const VALUE = `query($id: ID!) { guest(id: $id) { value { computedOn recencyDays frequency monetary recencyScore
  frequencyScore monetaryScore valueTier consumptionLevel lifecycleStage }
  stayStatistics { stays nights totalSpend averageDailyRate firstStayDate lastStayDate daysSinceLastStay } } }`;
const profileValue = async (id: string) =>
  (
    await service.query<{ guest: { value: Record<string, unknown>; stayStatistics: Record<string, unknown> } }>(
      VALUE,
      { id },
      ['ANALYST'],
    )
  ).data!.guest;

describe('guest value', () => {
  let loyal: string;
  let once: string;
  let prospect: string;
  beforeAll(async () => {
    loyal = await register({ fullName: '常客', vip: true });
    for (const [a, d] of [
      ['2025-09-01', '2025-09-04'],
      ['2025-11-01', '2025-11-03'],
      ['2026-01-10', '2026-01-12'],
      ['2026-03-01', '2026-03-05'],
      ['2026-06-01', '2026-06-05'],
    ])
      await stay(loyal, a!, d!, '12000.00');
    once = await register({ fullName: '一次客' });
    await stay(once, '2026-05-01', '2026-05-02', '450.00');
    prospect = await register({ fullName: '潜在客' });
  });

  it('scores stays at check-out, and shows lifetime statistics to every role', async () => {
    const g = await profileValue(loyal);
    expect(g.value).toEqual({
      computedOn: '2026-06-10',
      recencyDays: 5,
      frequency: 5,
      monetary: '60000.00',
      recencyScore: 5,
      frequencyScore: 3,
      monetaryScore: 5,
      valueTier: 'MOST_VALUABLE',
      consumptionLevel: 'HIGH',
      lifecycleStage: 'LOYAL',
    });
    expect(g.stayStatistics).toEqual({
      stays: 5,
      nights: 15,
      totalSpend: '60000.00',
      averageDailyRate: '4000.00',
      firstStayDate: '2025-09-01',
      lastStayDate: '2026-06-05',
      daysSinceLastStay: 5,
    });
    expect((await profileValue(once)).value).toMatchObject({
      valueTier: 'SMALL',
      consumptionLevel: 'LOW',
      lifecycleStage: 'FIRST_TIME',
    });
    expect((await profileValue(prospect)).value).toMatchObject({
      lifecycleStage: 'PROSPECT',
      valueTier: null,
      frequency: 0,
    });
  });

  it('ages with the daily job, whatever date it runs for, and the same date twice changes nothing', async () => {
    expect(await refreshGuestValues(service.runtime.dataSource, '2027-06-01')).toBe(3);
    await refreshGuestValues(service.runtime.dataSource, '2027-06-01');
    expect((await profileValue(loyal)).value).toMatchObject({
      computedOn: '2027-06-01',
      recencyDays: 361,
      lifecycleStage: 'LOYAL',
    });
    expect((await profileValue(once)).value).toMatchObject({ lifecycleStage: 'LAPSED' });
    await refreshGuestValues(service.runtime.dataSource, '2027-08-01');
    expect((await profileValue(loyal)).value).toMatchObject({ lifecycleStage: 'AT_RISK', recencyScore: 1 });
    await refreshGuestValues(service.runtime.dataSource, '2026-06-10');
  });

  it('computes a guest the refresh has not reached yet (a bulk import) on the fly', async () => {
    await service.runtime.dataSource.query('DELETE FROM guests.guest_value WHERE guest_id = $1', [loyal]);
    expect((await profileValue(loyal)).value).toMatchObject({
      computedOn: '2026-06-10',
      valueTier: 'MOST_VALUABLE',
      lifecycleStage: 'LOYAL',
    });
    await refreshGuestValues(service.runtime.dataSource, '2026-06-10', [loyal]);
  });

  it('filters marketing lists on tier, lifecycle, consumption and VIP, page by page', async () => {
    const LIST = `query($f: GuestValueFilter, $after: ID) { guestsByValue(filter: $f, first: 1, after: $after) { id } }`;
    const top = await service.query<{ guestsByValue: { id: string }[] }>(
      LIST,
      { f: { valueTiers: ['MOST_VALUABLE'], vip: true } },
      ['SALES'],
    );
    expect(top.data!.guestsByValue).toEqual([{ id: loyal }]);
    const stages = await service.query<{ guestsByValue: { id: string }[] }>(
      LIST,
      { f: { lifecycleStages: ['FIRST_TIME', 'PROSPECT'] } },
      ['ANALYST'],
    );
    expect(stages.data!.guestsByValue).toHaveLength(1);
    const next = await service.query<{ guestsByValue: { id: string }[] }>(
      LIST,
      { f: { lifecycleStages: ['FIRST_TIME', 'PROSPECT'] }, after: stages.data!.guestsByValue[0]!.id },
      ['ANALYST'],
    );
    expect([...stages.data!.guestsByValue, ...next.data!.guestsByValue].map((g) => g.id).sort()).toEqual(
      [once, prospect].sort(),
    );
    expect((await service.query(LIST, {}, ['HOUSEKEEPING'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('campaign lists and marketing consent', () => {
  const consent = async (g: string, channel: string, granted: boolean) => {
    const res = await service.query(
      'mutation($g: ID!, $input: ConsentInput!) { recordConsent(guestId: $g, input: $input) { granted } }',
      { g, input: { purpose: 'MARKETING', channel, granted, noticeVersion: 'v1', source: 'desk' } },
      ['GUEST_RELATIONS'],
    );
    expect(res.errors).toBeUndefined();
  };
  const LIST = `query($c: ConsentChannel, $after: ID) {
    guestsByValue(filter: { segment: LONG_STAY }, channel: $c, first: 2, after: $after) { id } }`;
  /** The whole list, a page of two at a time. */
  const listed = async (channel?: string) => {
    const ids: string[] = [];
    for (let after: string | undefined; ; ) {
      const res = await service.query<{ guestsByValue: { id: string }[] }>(LIST, { c: channel, after }, ['SALES']);
      ids.push(...res.data!.guestsByValue.map((g) => g.id));
      if (res.data!.guestsByValue.length < 2) return ids.sort();
      after = ids.at(-1);
    }
  };
  const CONNECTION = `query($c: ConsentChannel) {
    guestsByValueConnection(filter: { segment: LONG_STAY }, channel: $c) { edges { node { id } } } }`;
  const connected = async (channel?: string) =>
    (
      await service.query<{ guestsByValueConnection: { edges: { node: { id: string } }[] } }>(
        CONNECTION,
        { c: channel },
        ['SALES'],
      )
    )
      .data!.guestsByValueConnection.edges.map((e) => e.node.id)
      .sort();

  it('leaves out a guest whose latest MARKETING answer on the channel is a withdrawal, on any channel without one', async () => {
    const silent = await register({ fullName: '未答', segment: 'LONG_STAY' });
    const optedOut = await register({ fullName: '退订邮件', segment: 'LONG_STAY' });
    const returned = await register({ fullName: '重新订阅', segment: 'LONG_STAY' });
    const smsOnly = await register({ fullName: '短信退订', segment: 'LONG_STAY' });
    await refreshGuestValues(service.runtime.dataSource, '2026-06-10', [silent, optedOut, returned, smsOnly]);
    const everyone = [silent, optedOut, returned, smsOnly].sort();
    expect(await listed('EMAIL')).toEqual(everyone);

    await consent(optedOut, 'EMAIL', true);
    await consent(optedOut, 'EMAIL', false);
    await consent(optedOut, 'SMS', true);
    await consent(returned, 'EMAIL', false);
    await consent(returned, 'EMAIL', true);
    await consent(smsOnly, 'SMS', false);

    expect(await listed('EMAIL')).toEqual([silent, returned, smsOnly].sort());
    expect(await listed('SMS')).toEqual([silent, optedOut, returned].sort());
    expect(await listed('POST')).toEqual(everyone);
    expect(await listed()).toEqual([silent, returned].sort());
    expect(await connected('EMAIL')).toEqual([silent, returned, smsOnly].sort());
    expect(await connected()).toEqual([silent, returned].sort());

    // Asking again brings the guest back on that channel.
    await consent(smsOnly, 'SMS', true);
    expect(await listed()).toEqual([silent, returned, smsOnly].sort());
  });
});
