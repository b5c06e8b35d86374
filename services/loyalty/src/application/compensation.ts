import type { Envelope, EventData, serviceRecovery } from '@guest-graph/events';
import { DomainError, invalidState, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { holdCompensation, lockHeldFor, markHeldBooked } from '../persistence/held-compensation.repository.js';
import {
  book,
  compensationHolders,
  lockMembership,
  lockMembershipOfGuest,
  type NewEntry,
  unreversedCompensation,
} from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { type Loyalty, requireId, requireReason } from './loyalty.js';

type Resolved = EventData<typeof serviceRecovery.caseResolved>;

/**
 * The key of a case's COMPENSATION entry: one per resolution (a reopened case resolved again may grant more).
 * Events from before resolutions had ids keep the per-case form their entries were booked under.
 */
export const compensationKey = (caseId: string, resolutionId?: string | null) =>
  resolutionId ? `case:${caseId}:COMPENSATION:${resolutionId}` : `case:${caseId}:COMPENSATION`;

const compensationEntry = (
  caseId: string,
  key: string,
  points: number,
  category: string,
  eventId: string,
  at: Date,
): NewEntry => ({
  type: 'COMPENSATION',
  points,
  reference: caseId,
  reason: `Service recovery: ${category}`,
  causedBy: `event:case.resolved:${eventId}`,
  idempotencyKey: key,
  occurredAt: at,
});

/**
 * A case resolved with points: one COMPENSATION entry referencing the case, exactly once per resolution (the
 * entry's key is the resolution). For a guest who is not a member yet the points are held and booked at
 * enrolment.
 */
export async function compensateForCase(_l: Loyalty, tx: EntityManager, event: Envelope<Resolved>): Promise<void> {
  const c = event.data;
  if (c.compensationPoints <= 0) return;
  const at = new Date(c.resolvedAt);
  const key = compensationKey(c.caseId, c.resolutionId);
  const m = await lockMembershipOfGuest(tx, c.guestId);
  if (!m) {
    await holdCompensation(tx, {
      key,
      caseId: c.caseId,
      resolutionId: c.resolutionId ?? null,
      guestId: c.guestId,
      points: c.compensationPoints,
      category: c.category,
      eventId: event.id,
      resolvedAt: at,
    });
    return;
  }
  await book(tx, m, [compensationEntry(c.caseId, key, c.compensationPoints, c.category, event.id, at)]);
}

/** At enrolment: books what was held for the guest while they were not a member, one entry per resolution. */
export async function bookHeldCompensation(tx: EntityManager, m: Membership, at: Date): Promise<void> {
  const held = await lockHeldFor(tx, m.guestId);
  if (!held.length) return;
  await book(
    tx,
    m,
    held.map((h) =>
      compensationEntry(h.case_id, h.idempotency_key, h.points, h.category, h.event_id, new Date(h.resolved_at)),
    ),
  );
  await markHeldBooked(
    tx,
    held.map((h) => h.idempotency_key),
    at,
  );
}

/** The membership that holds a membership's points now (itself, or the one it was folded into). */
export async function lockCurrent(tx: EntityManager, membershipId: string): Promise<Membership | null> {
  let m = await lockMembership(tx, membershipId);
  for (let hops = 0; m && m.status !== 'ACTIVE' && m.mergedInto && hops < 10; hops++) {
    m = await lockMembership(tx, m.mergedInto);
  }
  return m && m.status === 'ACTIVE' ? m : null;
}

/**
 * Takes back a case's compensation with a reason: one REVERSAL for each of its COMPENSATION entries (one per
 * resolution) not reversed yet, each referencing the case and the entry it reverses, keyed after that entry.
 * All or nothing: INSUFFICIENT_POINTS when the balance cannot cover them all. Returns the last REVERSAL.
 */
export async function reverseCompensation(l: Loyalty, ctx: RequestContext, caseId: string, reason: string) {
  requireId('caseId', caseId, 'case id');
  const why = requireReason('reason', reason, 'to reverse a compensation');
  return l.bus.transact(async (tx) => {
    const holders = await compensationHolders(tx, caseId);
    if (!holders.length) throw notFound('Compensation for case', caseId);
    // Locked in one order (by id) so two reversals of the same case cannot deadlock; an entry's points are
    // taken from the membership holding them now (its own, or the one it was folded into).
    const current = new Map<string, Membership>();
    const members = new Map<string, Membership>();
    for (const membership_id of holders) {
      const found = await lockCurrent(tx, membership_id);
      if (!found) throw invalidState('The membership holding this compensation is no longer active');
      // A duplicate's entries and the survivor's both land on the survivor: one object, one balance.
      const m = members.get(found.id) ?? found;
      members.set(m.id, m);
      current.set(membership_id, m);
    }
    // Read under the locks: a reversal racing this one has committed or not started.
    const open = await unreversedCompensation(tx, caseId);
    if (!open.length) throw invalidState(`The compensation for case ${caseId} was already reversed`);
    const byHolder = new Map<Membership, typeof open>();
    for (const e of open) {
      const m = current.get(e.membership_id);
      // Booked after the holders were read (a new resolution landing now): left for a later reversal.
      if (!m) continue;
      byHolder.set(m, [...(byHolder.get(m) ?? []), e]);
    }
    for (const [m, entries] of byHolder) {
      const points = entries.reduce((t, e) => t + Number(e.points), 0);
      if (m.pointsBalance < points)
        throw new DomainError('INSUFFICIENT_POINTS', `The member has ${m.pointsBalance} points; ${points} to reverse`, {
          balance: m.pointsBalance,
          required: points,
        });
    }
    const now = l.clock.now();
    let last: { membership: Membership; entryId: string } | null = null;
    for (const [m, entries] of byHolder) {
      const booked = await book(
        tx,
        m,
        entries.map((e) => ({
          type: 'REVERSAL' as const,
          points: -Number(e.points),
          reference: caseId,
          reason: why,
          causedBy: `staff:${ctx.identity.sub}`,
          // After the entry reversed: the per-case form for an old entry is the key its reversal always had.
          idempotencyKey: `${e.idempotency_key}:REVERSAL`,
          reversesEntryId: e.id,
          occurredAt: now,
        })),
      );
      if (booked.length) last = { membership: m, entryId: booked[booked.length - 1]!.id };
    }
    if (!last) throw invalidState(`The compensation for case ${caseId} was already reversed`);
    return last;
  });
}
