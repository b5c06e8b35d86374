import type { Role } from '@guest-graph/auth';
import { sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// The consent ledger: per purpose and channel, append-only, read by the older marketing fields, and obeyed
// where each purpose is used.
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService);
});
afterAll(async () => {
  await service?.dispose();
});

const register = async (input: Record<string, unknown>) => {
  const res = await service.query<{ registerGuest: { id: string } }>(
    'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
    { input },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.registerGuest.id;
};
const RECORD = `mutation($g: ID!, $input: ConsentInput!) { recordConsent(guestId: $g, input: $input) {
  purpose channel granted noticeVersion recordedAt } }`;
const record = (g: string, input: Record<string, unknown>, roles: Role[] = ['GUEST_RELATIONS']) =>
  service.query<{ recordConsent: Record<string, unknown> }>(RECORD, { g, input }, roles);
const CONSENTS = `query($id: ID!) { guest(id: $id) {
  consents { purpose channel granted noticeVersion source recordedAt }
  consentHistory { purpose channel granted noticeVersion source recordedAt recordedBy }
  marketingConsent { channel granted } } }`;
type Answer = { purpose: string; channel: string | null; granted: boolean; noticeVersion: string; recordedBy?: string };
const consentsOf = async (id: string) =>
  (
    await service.query<{ guest: { consents: Answer[]; consentHistory: Answer[]; marketingConsent: Answer[] } }>(
      CONSENTS,
      { id },
    )
  ).data!.guest;
const greetedOnEmail = async () =>
  (
    await service.query<{ festivalGreetings: { recipients: { id: string }[] } }>(
      '{ festivalGreetings(festival: "MID_AUTUMN", channel: EMAIL) { recipients { id } } }',
      {},
      ['SALES'],
    )
  ).data!.festivalGreetings.recipients.map((r) => r.id);

describe('the consent ledger', () => {
  it('keeps every answer, shows the latest per purpose and channel, and the marketing fields read it', async () => {
    const id = await register({ fullName: '许可甲', email: 'xu.a@example.com', marketingConsent: true });
    const first = await record(id, { purpose: 'SURVEYS', granted: true, noticeVersion: 'v1', source: 'desk' });
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordConsent).toMatchObject({
      purpose: 'SURVEYS',
      channel: null,
      granted: true,
      noticeVersion: 'v1',
    });
    await record(id, { purpose: 'SURVEYS', granted: false, noticeVersion: 'v2', source: 'email' });
    await record(id, { purpose: 'MARKETING', channel: 'EMAIL', granted: false, noticeVersion: 'v2', source: 'web' });
    await record(id, { purpose: 'MARKETING', channel: 'WECHAT', granted: true, noticeVersion: 'v2', source: 'web' });

    const g = await consentsOf(id);
    const latest = (purpose: string, channel: string | null) =>
      g.consents.find((c) => c.purpose === purpose && c.channel === channel);
    expect(latest('SURVEYS', null)).toMatchObject({ granted: false, noticeVersion: 'v2' });
    expect(latest('MARKETING', 'EMAIL')).toMatchObject({ granted: false });
    expect(latest('MARKETING', 'SMS')).toMatchObject({ granted: true, noticeVersion: 'unversioned' });
    expect(g.consentHistory).toHaveLength(4 + 4);
    expect(g.consentHistory[0]).toMatchObject({ purpose: 'MARKETING', channel: 'WECHAT' });
    expect(g.consentHistory.every((c) => typeof c.recordedBy === 'string' && c.recordedBy.length > 0)).toBe(true);
    expect(g.marketingConsent.find((c) => c.channel === 'EMAIL')).toMatchObject({ granted: false });
    expect(g.marketingConsent.some((c) => c.channel === 'WECHAT')).toBe(false);
  });

  it('refuses to change or remove an answer in the database itself', async () => {
    const id = await register({ fullName: '许可乙', marketingConsent: true });
    await expect(
      sql(service.databaseUrl, 'UPDATE guests.consent SET granted = NOT granted WHERE guest_id = $1', [id]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(service.databaseUrl, 'DELETE FROM guests.consent WHERE guest_id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
    const rows = await sql<{ n: string }>(
      service.databaseUrl,
      'SELECT count(*) n FROM guests.consent WHERE guest_id = $1',
      [id],
    );
    expect(Number(rows[0]!.n)).toBe(4);
  });

  it('takes a guest off the email greetings on a withdrawal, and back on a new yes', async () => {
    const id = await register({ fullName: '许可丙', email: 'xu.c@example.com', marketingConsent: true });
    expect(await greetedOnEmail()).toContain(id);
    await record(id, { purpose: 'MARKETING', channel: 'EMAIL', granted: false, noticeVersion: 'v3', source: 'phone' });
    expect(await greetedOnEmail()).not.toContain(id);
    await record(id, { purpose: 'MARKETING', channel: 'SMS', granted: false, noticeVersion: 'v3', source: 'phone' });
    await record(id, { purpose: 'MARKETING', channel: 'EMAIL', granted: true, noticeVersion: 'v4', source: 'web' });
    expect(await greetedOnEmail()).toContain(id);
  });

  it('stops recording observations once personalisation is withdrawn', async () => {
    const id = await register({ fullName: '许可丁' });
    const observe = () =>
      service.query(
        'mutation($g: ID!) { recordObservation(guestId: $g, input: { category: PILLOW, value: "firm" }) { id } }',
        { g: id },
        ['HOUSEKEEPING'],
      );
    expect((await observe()).errors).toBeUndefined();
    await record(id, { purpose: 'PERSONALISATION', granted: false, noticeVersion: 'v1', source: 'desk' });
    expect((await observe()).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('tells service-recovery at check-out when the guest withdrew consent to surveys', async () => {
    const stayOf = async (guestId: string) => {
      const stay = await service.query<{ checkIn: { id: string } }>(
        `mutation($input: CheckInInput!) { checkIn(input: $input) { id } }`,
        {
          input: {
            guestId,
            propertyCode: 'SHA01',
            roomType: 'TWIN',
            arrivalDate: '2026-05-01',
            departureDate: '2026-05-02',
            nightlyRate: '400.00',
            paymentMethod: 'CASH',
          },
        },
      );
      const stayId = stay.data!.checkIn.id;
      const out = await service.query(
        'mutation($s: ID!) { checkOut(stayId: $s, charges: [{ outlet: ROOM, amount: "400.00" }]) { id } }',
        { s: stayId },
      );
      expect(out.errors).toBeUndefined();
      const rows = await sql<{ surveys: boolean }>(
        service.databaseUrl,
        "SELECT (payload->'data'->>'surveys')::boolean AS surveys FROM guests.outbox WHERE type = 'stay.checked-out' AND payload->'data'->>'stayId' = $1",
        [stayId],
      );
      return rows[0]!.surveys;
    };
    const id = await register({ fullName: '许可己' });
    expect(await stayOf(id)).toBe(true);
    await record(id, { purpose: 'SURVEYS', granted: false, noticeVersion: 'v1', source: 'desk' });
    expect(await stayOf(id)).toBe(false);
  });

  it('reads the answers given under a merged-in profile without moving a row, and forgets them on unmerge', async () => {
    const survivor = await register({ fullName: '许可庚' });
    const duplicate = await register({ fullName: '许可庚', email: 'xu.g@example.com', marketingConsent: true });
    const merged = await service.query<{ mergeGuests: { mergeId: string } }>(
      'mutation($s: ID!, $d: ID!) { mergeGuests(survivorId: $s, duplicateId: $d) { mergeId } }',
      { s: survivor, d: duplicate },
    );
    expect(merged.errors).toBeUndefined();
    const answers = await consentsOf(survivor);
    expect(answers.consents.find((c) => c.channel === 'EMAIL')).toMatchObject({ purpose: 'MARKETING', granted: true });
    expect(await greetedOnEmail()).toContain(survivor);
    const owners = await sql<{ guest_id: string }>(
      service.databaseUrl,
      'SELECT DISTINCT guest_id FROM guests.consent WHERE guest_id = ANY($1)',
      [[survivor, duplicate]],
    );
    expect(owners.map((o) => o.guest_id)).toEqual([duplicate]);
    await service.query('mutation($m: ID!) { unmergeGuests(mergeId: $m) { mergeId } }', {
      m: merged.data!.mergeGuests.mergeId,
    });
    expect((await consentsOf(survivor)).consents).toEqual([]);
  });

  it('refuses bad input and the roles that may not record', async () => {
    const id = await register({ fullName: '许可戊' });
    const noChannel = await record(id, { purpose: 'MARKETING', granted: true, noticeVersion: 'v1', source: 'desk' });
    expect(noChannel.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.channel' });
    const blank = await record(id, { purpose: 'SURVEYS', granted: true, noticeVersion: '  ', source: 'desk' });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.noticeVersion' });
    for (const role of ['HOUSEKEEPING', 'ANALYST'] as const) {
      const res = await record(id, { purpose: 'SURVEYS', granted: true, noticeVersion: 'v1', source: 'desk' }, [role]);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await consentsOf(id)).consentHistory).toHaveLength(0);
  });
});
