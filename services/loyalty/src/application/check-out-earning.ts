import type { Envelope, EventData, guests } from '@guest-graph/events';
import { yearOf } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { type EarningRate, type Promotion, pointsForStay } from '../domain/earning.js';
import { TIER_RULES, type Tier, tierAfterNights } from '../domain/tiers.js';
import {
  lockMembershipOfGuest,
  lockMemberships,
  membershipsOfGuests,
  type NewEntry,
} from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { promotionsCovering, ratesForEarning } from '../persistence/programme.repository.js';
import { creditStay, creditStays, nightsPerMembershipYear } from '../persistence/stay-credit.repository.js';
import { changeTier, type Loyalty, nightsIn } from './loyalty.js';
import { bookNoted } from './timeline.js';
import { requalifyFor } from './year-roll-over.js';

type CheckedOut = EventData<typeof guests.stayCheckedOut>;

/**
 * The rates and the promotions covering a stay's dates, read once per transaction: a burst of check-outs
 * handled in one transaction reads them once, not once per stay.
 */
const rulesOfTransaction = new WeakMap<
  EntityManager,
  { rates: Promise<EarningRate[]>; promotions: Map<string, Promise<Promotion[]>> }
>();
function earningRulesFor(tx: EntityManager, from: string, to: string) {
  let rules = rulesOfTransaction.get(tx);
  if (!rules) {
    rules = { rates: ratesForEarning(tx), promotions: new Map() };
    rulesOfTransaction.set(tx, rules);
  }
  let promotions = rules.promotions.get(`${from}/${to}`);
  if (!promotions) {
    promotions = promotionsCovering(tx, from, to);
    rules.promotions.set(`${from}/${to}`, promotions);
  }
  return Promise.all([rules.rates, promotions]).then(([rates, promotions]) => ({ rates, promotions }));
}

/** A stay's entries at the tier the member held before it: base points, the tier bonus, promotion points. */
async function entriesForStay(tx: EntityManager, event: Envelope<CheckedOut>, tier: Tier): Promise<NewEntry[]> {
  const stay = event.data;
  const { rates, promotions } = await earningRulesFor(tx, stay.arrivalDate, stay.departureDate);
  const points = pointsForStay(stay, tier, rates, promotions);
  const causedBy = `event:stay.checked-out:${event.id}`;
  const occurredAt = new Date(stay.checkedOutAt);
  const entry = (type: NewEntry['type'], pts: number, key: string, reason: string): NewEntry => ({
    type,
    points: pts,
    reference: stay.stayId,
    reason,
    causedBy,
    idempotencyKey: `stay:${stay.stayId}:${key}`,
    occurredAt,
  });
  return [
    entry('EARN', points.earn, 'EARN', `Stay ${stay.arrivalDate} to ${stay.departureDate}, ${stay.nights} nights`),
    entry('BONUS', points.bonus, 'BONUS', `${tier} bonus ${TIER_RULES[tier].bonusPercent}%`),
    ...points.promotions.map((p) =>
      entry('BONUS', p.points, `PROMOTION:${p.promotion.id}`, `Promotion: ${p.promotion.name} (${p.nights} nights)`),
    ),
  ];
}

/**
 * A member's stay checked out: base points, the tier bonus (at the tier before this stay counts), promotion
 * points, then the nights count towards the tier of the year the stay checked out in. A guest who was not a
 * member when the stay checked out earns nothing. Runs inside the consumer's transaction; the stay's credit
 * row (unique per stay) and the entries' keys (derived from the stay) make a second delivery, or a
 * re-published event, change nothing.
 */
export async function earnForStay(l: Loyalty, tx: EntityManager, event: Envelope<CheckedOut>): Promise<void> {
  const stay = event.data;
  const m = await lockMembershipOfGuest(tx, stay.guestId);
  const checkedOutAt = new Date(stay.checkedOutAt);
  // Only members earn: a stay checked out before the guest enrolled earns nothing, even when its event is
  // handled after the enrolment.
  if (!m || checkedOutAt < m.enrolledAt) return;
  // "Nights checked out in the calendar year" (contract README): the year of the check-out, hotel time.
  const year = yearOf(l.clock.dateOf(checkedOutAt));
  await requalifyFor(l, tx, m, year, checkedOutAt);

  const credited = await creditStay(tx, {
    stayId: stay.stayId,
    membershipId: m.id,
    guestId: stay.guestId,
    year,
    nights: stay.nights,
    departureDate: stay.departureDate,
    creditedAt: checkedOutAt,
  });
  if (!credited) return;

  await bookNoted(l, tx, [{ membership: m, entries: await entriesForStay(tx, event, m.tier) }]);

  // The stay counts towards the tier only after its own points are earned (contract README).
  if (year === m.tierYear) {
    const nights = await nightsIn(tx, m.id, year);
    await changeTier(l, tx, m, tierAfterNights(m.tier, nights), `${nights} nights in ${year}`, checkedOutAt);
  }
}

/**
 * Many check-outs at once (a backlog taken in one transaction), with the same effect as `earnForStay` on each
 * in order, in a handful of statements for the whole batch instead of several per stay: the members are found
 * and locked together (in id order, so two batches never deadlock), the stay credits written together (their
 * unique stay id still decides what is new), the year's nights read once per member and carried forward stay
 * by stay in memory (so each stay's bonus is at the tier the stays before it reached), and every entry booked
 * in one statement. The rare batch that needs more (a member merged away, a tier year to roll over first)
 * takes the one-by-one path, which is exact by construction.
 */
export async function earnForStays(l: Loyalty, tx: EntityManager, events: Envelope<CheckedOut>[]): Promise<void> {
  const oneByOne = async () => {
    for (const e of events) await earnForStay(l, tx, e);
  };
  const guestIds = [...new Set(events.map((e) => e.data.guestId))];
  const found = await membershipsOfGuests(tx, guestIds);
  if (found.some((r) => r.status !== 'ACTIVE' && r.merged_into)) return oneByOne();
  const active = found.filter((r) => r.status === 'ACTIVE');
  if (!active.length) return;
  const locked = await lockMemberships(tx, [...new Set(active.map((r) => r.id))]);
  if (locked.some((m) => m.status !== 'ACTIVE')) return oneByOne();
  const byId = new Map(locked.map((m) => [m.id, m]));
  const memberOf = new Map(active.map((r) => [r.guest_id, byId.get(r.id)!]));

  const plan: { event: Envelope<CheckedOut>; m: Membership; at: Date; year: number }[] = [];
  for (const event of events) {
    const m = memberOf.get(event.data.guestId);
    const at = new Date(event.data.checkedOutAt);
    if (!m || at < m.enrolledAt) continue;
    const year = yearOf(l.clock.dateOf(at));
    if (m.tierYear < year) return oneByOne();
    plan.push({ event, m, at, year });
  }
  if (!plan.length) return;

  const fresh = await creditStays(
    tx,
    plan.map((p) => ({
      stayId: p.event.data.stayId,
      membershipId: p.m.id,
      guestId: p.event.data.guestId,
      year: p.year,
      nights: p.event.data.nights,
      departureDate: p.event.data.departureDate,
      creditedAt: p.at,
    })),
  );
  const credited = plan.filter((p) => fresh.delete(p.event.data.stayId));
  if (!credited.length) return;

  // The nights each member had this tier year before the batch: the total now, less the batch's own.
  const counted = credited.filter((p) => p.year === p.m.tierYear);
  const key = (p: { m: Membership; year: number }) => `${p.m.id}:${p.year}`;
  const nights = new Map<string, number>();
  if (counted.length) {
    const rows = await nightsPerMembershipYear(
      tx,
      counted.map((p) => ({ membershipId: p.m.id, year: p.year })),
    );
    for (const r of rows) nights.set(`${r.membership_id}:${r.year}`, r.nights);
    for (const p of counted) nights.set(key(p), (nights.get(key(p)) ?? 0) - p.event.data.nights);
  }

  const bookings: { membership: Membership; entries: NewEntry[] }[] = [];
  for (const p of credited) {
    bookings.push({ membership: p.m, entries: await entriesForStay(tx, p.event, p.m.tier) });
    // The stay counts towards the tier only after its own points are earned (contract README).
    if (p.year === p.m.tierYear) {
      const total = (nights.get(key(p)) ?? 0) + p.event.data.nights;
      nights.set(key(p), total);
      await changeTier(l, tx, p.m, tierAfterNights(p.m.tier, total), `${total} nights in ${p.year}`, p.at);
    }
  }
  await bookNoted(l, tx, bookings);
}
