import type { Envelope, EventData, guests } from '@guest-graph/events';
import { yearOf } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { type EarningRate, type Promotion, pointsForStay } from '../domain/earning.js';
import { TIER_RULES, type Tier, tierAfterNights } from '../domain/tiers.js';
import {
  book,
  bookMany,
  lockMembershipOfGuest,
  lockMemberships,
  type NewEntry,
} from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { changeTier, type Loyalty, nightsIn } from './loyalty.js';
import { requalifyFor } from './year-roll-over.js';

type CheckedOut = EventData<typeof guests.stayCheckedOut>;

export async function earningRates(tx: EntityManager): Promise<EarningRate[]> {
  const rows: { outlet: string; points_per_unit: string }[] = await tx.query(
    `SELECT outlet, points_per_unit FROM loyalty.earning_rate ORDER BY outlet`,
  );
  return rows.map((r) => ({ outlet: r.outlet, pointsPerUnit: r.points_per_unit }));
}

export async function promotionsCovering(tx: EntityManager, from: string, to: string): Promise<Promotion[]> {
  const rows: {
    id: string;
    name: string;
    starts_on: string;
    ends_on: string;
    multiplier: string;
    weekdays: number[] | null;
  }[] = await tx.query(
    `SELECT id, name, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
            multiplier, weekdays
       FROM loyalty.promotion WHERE starts_on <= $2 AND ends_on >= $1 ORDER BY starts_on, id`,
    [from, to],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    multiplier: r.multiplier,
    weekdays: r.weekdays,
  }));
}

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
    rules = { rates: earningRates(tx), promotions: new Map() };
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

  const credited = await tx.query(
    `INSERT INTO loyalty.stay_credit
       (stay_id, membership_id, earned_by_membership_id, guest_id, year, nights, departure_date, credited_at)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (stay_id) DO NOTHING RETURNING stay_id`,
    [stay.stayId, m.id, stay.guestId, year, stay.nights, stay.departureDate, checkedOutAt],
  );
  if (!credited.length) return;

  await book(tx, m, await entriesForStay(tx, event, m.tier));

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
  const found: { guest_id: string; id: string; status: string; merged_into: string | null }[] = await tx.query(
    `SELECT DISTINCT ON (g.id) g.id AS guest_id, m.id, m.status, m.merged_into
       FROM unnest($1::uuid[]) AS g(id)
       JOIN loyalty.membership m ON m.guest_id = g.id OR m.enrolled_guest_id = g.id
      ORDER BY g.id, (m.status = 'ACTIVE' AND m.guest_id = g.id) DESC, (m.status = 'ACTIVE') DESC, m.enrolled_at DESC`,
    [guestIds],
  );
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

  const fresh = new Set<string>(
    (
      await tx.query(
        `INSERT INTO loyalty.stay_credit
           (stay_id, membership_id, earned_by_membership_id, guest_id, year, nights, departure_date, credited_at)
         SELECT s, m, m, g, y, n, d, c
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::date[], $7::timestamptz[])
                AS t(s, m, g, y, n, d, c)
         ON CONFLICT (stay_id) DO NOTHING RETURNING stay_id`,
        [
          plan.map((p) => p.event.data.stayId),
          plan.map((p) => p.m.id),
          plan.map((p) => p.event.data.guestId),
          plan.map((p) => p.year),
          plan.map((p) => p.event.data.nights),
          plan.map((p) => p.event.data.departureDate),
          plan.map((p) => p.at),
        ],
      )
    ).map((r: { stay_id: string }) => r.stay_id),
  );
  const credited = plan.filter((p) => fresh.delete(p.event.data.stayId));
  if (!credited.length) return;

  // The nights each member had this tier year before the batch: the total now, less the batch's own.
  const counted = credited.filter((p) => p.year === p.m.tierYear);
  const key = (p: { m: Membership; year: number }) => `${p.m.id}:${p.year}`;
  const nights = new Map<string, number>();
  if (counted.length) {
    const rows: { membership_id: string; year: number; nights: number }[] = await tx.query(
      `SELECT membership_id, year, coalesce(sum(nights), 0)::int AS nights FROM loyalty.stay_credit
        WHERE (membership_id, year) IN (SELECT * FROM unnest($1::uuid[], $2::int[])) GROUP BY membership_id, year`,
      [counted.map((p) => p.m.id), counted.map((p) => p.year)],
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
  await bookMany(tx, bookings);
}
