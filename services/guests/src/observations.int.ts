import { ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, sql, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Observations becoming preferences, stale preferences, and the audited reveal of a document number.
const clock = new ManualClock('2026-03-01T08:00:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock, env: { GUESTS_PREFERENCE_STALE_DAYS: '365' } });
});
afterAll(async () => {
  await service?.dispose();
});

const register = async (input: Record<string, unknown>) => {
  const res = await service.query<{ registerGuest: { id: string } }>(
    'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
    { input },
  );
  return res.data!.registerGuest.id;
};
const stayFor = async (guestId: string, arrivalDate: string, departureDate: string) => {
  const res = await onHotelDate(clock, arrivalDate, () =>
    service.query<{ checkIn: { id: string } }>('mutation($input: CheckInInput!) { checkIn(input: $input) { id } }', {
      input: {
        guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        arrivalDate,
        departureDate,
        nightlyRate: '600.00',
        paymentMethod: 'CARD',
      },
    }),
  );
  return res.data!.checkIn.id;
};
const OBSERVE = `mutation($g: ID!, $input: ObservationInput!) { recordObservation(guestId: $g, input: $input) {
  id department preference { category value source } } }`;
const observe = (g: string, input: Record<string, unknown>, roles: Parameters<TestService['query']>[2]) =>
  service.query<{ recordObservation: { department: string; preference: Record<string, unknown> | null } }>(
    OBSERVE,
    { g, input },
    roles,
  );
const prefs = async (id: string) =>
  (
    await service.query<{
      guest: { preferences: { category: string; value: string; source: string; stale: boolean }[] };
    }>('query($id: ID!) { guest(id: $id) { preferences { category value source stale } } }', { id })
  ).data!.guest.preferences;

describe('observations', () => {
  it('become a preference when seen on a second stay', async () => {
    const g = await register({ fullName: '冯涛' });
    const s1 = await stayFor(g, '2026-01-01', '2026-01-03');
    const s2 = await stayFor(g, '2026-02-01', '2026-02-03');
    const first = await observe(
      g,
      { category: 'TEA_COFFEE', value: 'Left the green tea, drank the pu-erh', stayId: s1 },
      ['HOUSEKEEPING'],
    );
    expect(first.data!.recordObservation).toMatchObject({ department: 'HOUSEKEEPING', preference: null });
    expect(await prefs(g)).toEqual([]);
    const second = await observe(
      g,
      { category: 'TEA_COFFEE', value: 'left the green tea, drank the Pu-erh', stayId: s2 },
      ['HOUSEKEEPING'],
    );
    expect(second.data!.recordObservation.preference).toMatchObject({ category: 'TEA_COFFEE', source: 'OBSERVATION' });
    expect(await prefs(g)).toMatchObject([{ category: 'TEA_COFFEE', source: 'OBSERVATION', stale: false }]);
    const linked = await sql(service.databaseUrl, 'SELECT preference_id FROM guests.observation WHERE guest_id = $1', [
      g,
    ]);
    expect(linked.every((r) => r.preference_id)).toBe(true);
  });

  it('become a preference when a second member of staff sees the same, but not from one person repeating it', async () => {
    const g = await register({ fullName: '韩梅' });
    await observe(g, { category: 'PILLOW', value: 'Two extra pillows' }, ['HOUSEKEEPING']);
    await observe(g, { category: 'PILLOW', value: 'Two extra pillows' }, ['HOUSEKEEPING']);
    expect(await prefs(g)).toEqual([]);
    const other = await service.query<{ recordObservation: { preference: unknown } }>(
      OBSERVE,
      { g, input: { category: 'PILLOW', value: 'two extra pillows' } },
      ['FRONT_OFFICE'],
    );
    expect(other.data!.recordObservation.preference).toMatchObject({ value: 'two extra pillows' });
  });

  it('do not override what the guest told us', async () => {
    const g = await register({ fullName: '彭亮' });
    await service.query(
      'mutation($g: ID!) { recordPreference(guestId: $g, input: { category: ROOM_TEMPERATURE, value: "20°C" }) { id } }',
      { g },
      ['FRONT_OFFICE'],
    );
    await observe(g, { category: 'ROOM_TEMPERATURE', value: 'AC set to 26' }, ['HOUSEKEEPING']);
    await observe(g, { category: 'ROOM_TEMPERATURE', value: 'AC set to 26' }, ['FRONT_OFFICE']);
    expect(await prefs(g)).toMatchObject([{ value: '20°C', source: 'STAFF' }]);
  });

  it('that reveal health or religion are hidden from roles that do not serve the guest', async () => {
    const g = await register({ fullName: '林清' });
    await observe(g, { category: 'DIET', value: 'Asked about peanut allergy twice' }, ['FOOD_AND_BEVERAGE']);
    await observe(g, { category: 'TV_ENTERTAINMENT', value: 'CCTV-5 sports' }, ['HOUSEKEEPING']);
    const Q = 'query($id: ID!) { guest(id: $id) { observations { value } } }';
    const fnb = await service.query<{ guest: { observations: unknown[] } }>(Q, { id: g }, ['FOOD_AND_BEVERAGE']);
    expect(fnb.data!.guest.observations).toHaveLength(2);
    const sales = await service.query<{ guest: { observations: unknown[] } }>(Q, { id: g }, ['SALES']);
    expect(sales.data!.guest.observations).toEqual([{ value: 'CCTV-5 sports' }]);
  });

  it('refuse a stay of another guest', async () => {
    const g = await register({ fullName: '邓超' });
    const other = await register({ fullName: '孙俪' });
    const stay = await stayFor(other, '2026-01-05', '2026-01-06');
    const res = await observe(g, { category: 'OTHER', value: 'x', stayId: stay }, ['HOUSEKEEPING']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.stayId' });
  });
});

describe('stale preferences', () => {
  it('are marked stale after the configured time without confirmation, and can be left out', async () => {
    const g = await register({ fullName: '姚明' });
    const RECORD =
      'mutation($g: ID!, $v: String!) { recordPreference(guestId: $g, input: { category: MATTRESS, value: $v }) { id } }';
    await service.query(RECORD, { g, v: 'Firm' }, ['HOUSEKEEPING']);
    clock.advanceDays(400);
    try {
      expect(await prefs(g)).toMatchObject([{ value: 'Firm', stale: true }]);
      const fresh = await service.query<{ guest: { preferences: unknown[] } }>(
        'query($id: ID!) { guest(id: $id) { preferences(includeStale: false) { value } } }',
        { id: g },
      );
      expect(fresh.data!.guest.preferences).toEqual([]);
      await service.query(RECORD, { g, v: 'firm' }, ['HOUSEKEEPING']);
      expect(await prefs(g)).toMatchObject([{ value: 'Firm', stale: false }]);
    } finally {
      clock.set('2026-03-01T08:00:00Z');
    }
  });
});

describe('revealing a document number', () => {
  it('returns the full number once per request, writes who, when and why, and managers list it', async () => {
    const number = completeResidentId('11010819750505123');
    const g = await register({ fullName: '沈腾', idDocument: { type: 'RESIDENT_ID', number } });
    const REVEAL =
      'mutation($g: ID!, $r: String!) { revealIdDocument(guestId: $g, reason: $r) { type number revealedAt } }';
    const res = await service.query<{ revealIdDocument: { type: string; number: string } }>(
      REVEAL,
      { g, r: 'Police registration form' },
      ['FRONT_OFFICE'],
    );
    expect(res.data!.revealIdDocument).toMatchObject({ type: 'RESIDENT_ID', number });
    for (const role of ['SALES', 'GUEST_RELATIONS', 'ANALYST'] as const) {
      const denied = await service.query(REVEAL, { g, r: 'Curious about it' }, [role]);
      expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const noReason = await service.query(REVEAL, { g, r: ' ' }, ['MANAGER']);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const LIST =
      'query($g: ID) { idDocumentReveals(guestId: $g) { guestId revealedBy staffId reason roles revealedAt } }';
    const audit = await service.query<{ idDocumentReveals: Record<string, unknown>[] }>(LIST, { g }, ['MANAGER']);
    expect(audit.data!.idDocumentReveals).toEqual([
      {
        guestId: g,
        revealedBy: 'Test FRONT_OFFICE',
        staffId: 'staff-front_office',
        reason: 'Police registration form',
        roles: ['FRONT_OFFICE'],
        revealedAt: '2026-03-01T08:00:00.000Z',
      },
    ]);
    expect((await service.query(LIST, { g }, ['FRONT_OFFICE'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const none = await register({ fullName: '没有证件' });
    expect((await service.query(REVEAL, { g: none, r: 'Checking the file' })).errors?.[0]?.extensions?.code).toBe(
      'INVALID_STATE',
    );
  });
});
