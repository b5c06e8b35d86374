import type { Envelope, EventData, guests } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { type EarningRate, type Promotion, pointsForStay } from '../domain/earning.js';
import { hotelYear } from '../domain/hotel-calendar.js';
import { TIER_RULES, tierAfterNights } from '../domain/tiers.js';
import { book, lockMembershipOfGuest, type NewEntry } from '../persistence/ledger.repository.js';
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
  const year = hotelYear(checkedOutAt, l.timeZone);
  await requalifyFor(l, tx, m, year, checkedOutAt);

  const credited = await tx.query(
    `INSERT INTO loyalty.stay_credit
       (stay_id, membership_id, earned_by_membership_id, guest_id, year, nights, departure_date, credited_at)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (stay_id) DO NOTHING RETURNING stay_id`,
    [stay.stayId, m.id, stay.guestId, year, stay.nights, stay.departureDate, checkedOutAt],
  );
  if (!credited.length) return;

  const { rates, promotions } = await earningRulesFor(tx, stay.arrivalDate, stay.departureDate);
  const points = pointsForStay(stay, m.tier, rates, promotions);
  const causedBy = `event:stay.checked-out:${event.id}`;
  const entry = (type: NewEntry['type'], pts: number, key: string, reason: string): NewEntry => ({
    type,
    points: pts,
    reference: stay.stayId,
    reason,
    causedBy,
    idempotencyKey: `stay:${stay.stayId}:${key}`,
    occurredAt: checkedOutAt,
  });
  await book(tx, m, [
    entry('EARN', points.earn, 'EARN', `Stay ${stay.arrivalDate} to ${stay.departureDate}, ${stay.nights} nights`),
    entry('BONUS', points.bonus, 'BONUS', `${m.tier} bonus ${TIER_RULES[m.tier].bonusPercent}%`),
    ...points.promotions.map((p) =>
      entry('BONUS', p.points, `PROMOTION:${p.promotion.id}`, `Promotion: ${p.promotion.name} (${p.nights} nights)`),
    ),
  ]);

  // The stay counts towards the tier only after its own points are earned (contract README).
  if (year === m.tierYear) {
    const nights = await nightsIn(tx, m.id, year);
    await changeTier(l, tx, m, tierAfterNights(m.tier, nights), `${nights} nights in ${year}`, checkedOutAt);
  }
}
