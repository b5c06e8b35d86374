import { addDays, ManualClock } from '@guest-graph/subgraph-kit';
import { onHotelDate, startTestService, type TestService } from '@guest-graph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guestsService } from './index.js';

// Value is computed as of the hotel's date (Beijing time), not the UTC date: a guest checking out at 00:30 on
// 2 March in Beijing (16:30 UTC on 1 March) has stayed until today, not tomorrow.
const clock = new ManualClock('2026-03-01T16:30:00Z');
let service: TestService;
beforeAll(async () => {
  service = await startTestService(guestsService, { clock });
});
afterAll(async () => {
  await service?.dispose();
});

async function gql<D>(query: string, variables: Record<string, unknown>) {
  const res = await service.query<D>(query, variables, ['MANAGER']);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('guest value on the hotel calendar', () => {
  it.each([
    { at: '2026-03-01T16:30:00Z', local: '00:30', today: '2026-03-02' },
    { at: '2026-03-01T15:30:00Z', local: '23:30', today: '2026-03-01' },
  ])('counts a stay checked out at $local in Beijing as of $today', async ({ at, today }) => {
    clock.set(at);
    const { registerGuest } = await gql<{ registerGuest: { id: string } }>(
      'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
      { input: { fullName: `Calendar ${today}`, vip: true } },
    );
    // Checked in two days before, as it happened; checked out at the instant under test.
    const { checkIn } = await onHotelDate(clock, addDays(today, -2), () =>
      gql<{ checkIn: { id: string } }>('mutation($input: CheckInInput!) { checkIn(input: $input) { id } }', {
        input: {
          guestId: registerGuest.id,
          propertyCode: 'SHA01',
          roomType: 'KING',
          arrivalDate: addDays(today, -2),
          departureDate: today,
          nightlyRate: '500.00',
          paymentMethod: 'CARD',
        },
      }),
    );
    await gql('mutation($s: ID!) { checkOut(stayId: $s, charges: [{ outlet: ROOM, amount: "1000.00" }]) { id } }', {
      s: checkIn.id,
    });
    const { guest } = await gql<{ guest: Record<string, Record<string, unknown>> }>(
      `query($id: ID!) { guest(id: $id) { value { computedOn recencyDays frequency monetary }
        stayStatistics { stays lastStayDate daysSinceLastStay } } }`,
      { id: registerGuest.id },
    );
    expect(guest.value).toEqual({ computedOn: today, recencyDays: 0, frequency: 1, monetary: '1000.00' });
    expect(guest.stayStatistics).toEqual({ stays: 1, lastStayDate: today, daysSinceLastStay: 0 });
    // A VIP's follow-up call is due two hotel days after the check-out.
    const [followUp] = await service.runtime.dataSource.query(
      `SELECT due_date::text FROM guests.follow_up WHERE guest_id = $1 AND reason = 'VIP_STAY'`,
      [registerGuest.id],
    );
    expect(followUp.due_date).toBe(addDays(today, 2));
  });
});
