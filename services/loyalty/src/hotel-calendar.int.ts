import { guests } from '@guest-graph/events';
import { ManualClock } from '@guest-graph/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkedOut, LoyaltyHarness } from './testing/harness.js';

// A tier year follows the hotel's calendar (Beijing time): a stay checked out at 00:30 on 1 January in Beijing
// (16:30 UTC on 31 December) counts for the new year, one at 23:30 on 31 December for the old. Members enrol and
// stays check out by the same pinned clock.
const clock = new ManualClock('2026-12-31T16:30:00Z');
let h: LoyaltyHarness;
beforeAll(async () => {
  h = await LoyaltyHarness.start({ clock });
});
afterAll(async () => {
  await h?.dispose();
});

describe('tier years on the hotel calendar', () => {
  it.each([
    { at: '2026-12-31T16:30:00Z', local: '00:30', date: '2027-01-01', nightsIn2027: 2 },
    { at: '2026-12-31T15:30:00Z', local: '23:30', date: '2026-12-31', nightsIn2027: 0 },
  ])('counts a stay checked out at $local in Beijing on $date', async ({ at, date, nightsIn2027 }) => {
    clock.set(at);
    const { guestId } = await h.member();
    const stay = checkedOut(guestId, { arrivalDate: '2026-12-29', departureDate: date, nights: 2 });
    await h.publish(guests.stayCheckedOut, { ...stay, checkedOutAt: clock.now().toISOString() });
    const earned = await h.waitForMembership(guestId, (m) => m.pointsBalance > 0);
    // Read at once, the stay is in this year's nights, whichever year that is.
    expect(earned.nightsThisYear).toBe(2);
    // Read at noon on 1 January 2027 in Beijing: only the stay checked out after midnight is this year's.
    clock.set('2027-01-01T04:00:00Z');
    expect((await h.membership(guestId))!.nightsThisYear).toBe(nightsIn2027);
  });
});
