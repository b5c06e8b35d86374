import type { Role } from '@guest-graph/auth';
import { arrivingToday, sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Keeping a profile current: fields, contact lists with one primary, restrictions, consent per channel.
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
const UPDATE = `mutation($id: ID!, $input: UpdateGuestInput!) { updateGuest(id: $id, input: $input) {
  id fullName latinName vip vipLevel employer tags phone phones { number primary } email emails { address primary }
  idDocument { type maskedNumber } } }`;
const update = (id: string, input: Record<string, unknown>, roles: Role[] = ['FRONT_OFFICE']) =>
  service.query<{ updateGuest: Record<string, unknown> }>(UPDATE, { id, input }, roles);
const updated = async (guestId: string) =>
  (
    await sql<{ payload: { data: { changedFields: string[] } } }>(
      service.databaseUrl,
      "SELECT payload FROM guests.outbox WHERE type = 'guest.updated' AND payload->'data'->>'guestId' = $1 ORDER BY seq",
      [guestId],
    )
  ).map((r) => r.payload.data.changedFields);

describe('updating a profile', () => {
  it('changes the given fields only, keeps search in step, and names the fields in guest.updated', async () => {
    const id = await register({ fullName: '郭静', phone: '13700000001', employer: '华为' });
    const res = await update(id, {
      latinName: 'Guo Jing',
      vipLevel: 1,
      tags: ['golfer', 'early riser'],
      phones: [{ number: '13700000001' }, { number: '+86 135 0000 0002', primary: true }],
      emails: [{ address: 'guo@example.com' }],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateGuest).toMatchObject({
      fullName: '郭静',
      latinName: 'Guo Jing',
      vip: true,
      vipLevel: 1,
      employer: '华为',
      tags: ['golfer', 'early riser'],
      phone: '+86 135 0000 0002',
      phones: [
        { number: '+86 135 0000 0002', primary: true },
        { number: '13700000001', primary: false },
      ],
      email: 'guo@example.com',
    });
    expect(await updated(id)).toEqual([['latinName', 'vipLevel', 'tags', 'phones', 'emails']]);
    const found = await service.query<{ searchGuests: { id: string }[] }>('{ searchGuests(text: "guo jing") { id } }');
    expect(found.data!.searchGuests.map((g) => g.id)).toContain(id);
    const byPhone = await service.query<{ searchGuests: { id: string }[] }>(
      '{ searchGuests(text: "13500000002") { id } }',
    );
    expect(byPhone.data!.searchGuests.map((g) => g.id)).toEqual([id]);
    // Nothing changed: nothing published.
    await update(id, { employer: '华为' });
    expect(await updated(id)).toHaveLength(1);
    // Taking VIP away clears the level.
    expect((await update(id, { vip: false })).data!.updateGuest).toMatchObject({ vip: false, vipLevel: null });
  });

  it('refuses bad fields by name, without change, and lets only profile editors update', async () => {
    const id = await register({ fullName: '许诺' });
    for (const [input, field] of [
      [{ fullName: null }, 'input.fullName'],
      [{ fullName: ' ' }, 'input.fullName'],
      [{ vipLevel: 9 }, 'input.vipLevel'],
      [{ phones: [{ number: 'abc' }] }, 'input.phones.0.number'],
      [{ emails: [{ address: 'x@' }] }, 'input.emails.0.address'],
      [{ birthDate: '2999-01-01' }, 'input.birthDate'],
    ] as [Record<string, unknown>, string][]) {
      const res = await update(id, input);
      expect(res.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await updated(id)).toEqual([]);
    expect((await update(id, { notes: 'x' }, ['HOUSEKEEPING'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // SALES may edit, and sees everything it selected but the document.
    const sales = await update(id, { notes: 'Prefers quiet rooms' }, ['SALES']);
    expect(sales.errors?.map((e) => e.path?.join('.'))).toEqual(['updateGuest.idDocument']);
    expect(await updated(id)).toEqual([['notes']]);
  });

  it('sets a document only for FRONT_OFFICE or MANAGER, refusing another guest’s document', async () => {
    const number = completeResidentId('65010219910101001');
    const owner = await register({ fullName: '艾力', idDocument: { type: 'RESIDENT_ID', number } });
    const other = await register({ fullName: '艾力江' });
    const sales = await update(other, { idDocument: { type: 'PASSPORT', number: 'G12345678' } }, ['SALES']);
    expect(sales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const dup = await update(other, { idDocument: { type: 'RESIDENT_ID', number } });
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_GUEST', existingGuestId: owner });
    const ok = await update(other, { idDocument: { type: 'PASSPORT', number: 'G12345678' } });
    expect(ok.data!.updateGuest.idDocument).toEqual({ type: 'PASSPORT', maskedNumber: '*****5678' });
  });
});

describe('restrictions and consent', () => {
  it('raises a restriction with its reason, blocks check-in at the desk, and only a manager lifts it', async () => {
    const id = await register({ fullName: '钱多' });
    const add = await service.query<{ addGuestRestriction: { restrictions: { type: string; reason: string }[] } }>(
      `mutation($g: ID!) { addGuestRestriction(guestId: $g, input: { type: BLOCKLISTED, reason: "Damaged room 1208" }) {
        restrictions { type reason by } } }`,
      { g: id },
      ['FRONT_OFFICE'],
    );
    expect(add.data!.addGuestRestriction.restrictions).toMatchObject([
      { type: 'BLOCKLISTED', reason: 'Damaged room 1208' },
    ]);
    const CHECK_IN = 'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }';
    const input = {
      guestId: id,
      propertyCode: 'SHA01',
      roomType: 'KING',
      ...arrivingToday(1),
      nightlyRate: '500.00',
      paymentMethod: 'CASH',
    };
    const refused = await service.query(CHECK_IN, { input }, ['FRONT_OFFICE']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_STATE', reason: 'BLOCKLISTED' });
    expect(refused.errors?.[0]?.message).toContain('Damaged room 1208');
    expect((await service.query(CHECK_IN, { input }, ['MANAGER'])).errors).toBeUndefined();
    const LIFT = 'mutation($g: ID!) { liftGuestRestriction(guestId: $g, type: BLOCKLISTED) { restrictions { type } } }';
    expect((await service.query(LIFT, { g: id }, ['FRONT_OFFICE'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const lifted = await service.query<{ liftGuestRestriction: { restrictions: unknown[] } }>(LIFT, { g: id }, [
      'MANAGER',
    ]);
    expect(lifted.data!.liftGuestRestriction.restrictions).toEqual([]);
    const blank = await service.query(
      'mutation($g: ID!) { addGuestRestriction(guestId: $g, input: { type: OTHER, reason: " " }) { id } }',
      { g: id },
    );
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
  });

  it('keeps consent per channel with when and how, the latest answer winning', async () => {
    const id = await register({ fullName: '高远', marketingConsent: true });
    await service.query(
      `mutation($g: ID!) { setMarketingConsent(guestId: $g, input: { channel: SMS, granted: false, source: "Unsubscribed by SMS reply" }) { id } }`,
      { g: id },
      ['GUEST_RELATIONS'],
    );
    const res = await service.query<{
      guest: {
        marketingConsent: { channel: string; granted: boolean; source: string }[];
        marketingConsentHistory: { channel: string }[];
      };
    }>(
      `query($id: ID!) { guest(id: $id) { marketingConsent { channel granted source }
        marketingConsentHistory { channel granted } } }`,
      { id },
    );
    expect(res.data!.guest.marketingConsent).toEqual([
      { channel: 'EMAIL', granted: true, source: 'REGISTRATION' },
      { channel: 'PHONE', granted: true, source: 'REGISTRATION' },
      { channel: 'POST', granted: true, source: 'REGISTRATION' },
      { channel: 'SMS', granted: false, source: 'Unsubscribed by SMS reply' },
    ]);
    expect(res.data!.guest.marketingConsentHistory).toHaveLength(5);
    expect(res.data!.guest.marketingConsentHistory[0]).toEqual({ channel: 'SMS', granted: false });
  });
});
