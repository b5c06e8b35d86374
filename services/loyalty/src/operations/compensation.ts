import type { Envelope, EventData, serviceRecovery } from '@guest-graph/events';
import { DomainError, invalidState, notFound, type RequestContext } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { book, lockMembership, lockMembershipOfGuest, type NewEntry } from '../persistence/ledger.repository.js';
import type { Membership } from '../persistence/membership.entity.js';
import { type Loyalty, requireId, requireReason } from './loyalty.js';

type Resolved = EventData<typeof serviceRecovery.caseResolved>;

export const compensationKey = (caseId: string) => `case:${caseId}:COMPENSATION`;

const compensationEntry = (caseId: string, points: number, category: string, eventId: string, at: Date): NewEntry => ({
  type: 'COMPENSATION',
  points,
  reference: caseId,
  reason: `Service recovery: ${category}`,
  causedBy: `event:case.resolved:${eventId}`,
  idempotencyKey: compensationKey(caseId),
  occurredAt: at,
});

/**
 * A case resolved with points: one COMPENSATION entry referencing the case, exactly once (the entry's key is
 * the case). For a guest who is not a member yet the points are held and booked at enrolment.
 */
export async function compensateForCase(_l: Loyalty, tx: EntityManager, event: Envelope<Resolved>): Promise<void> {
  const c = event.data;
  if (c.compensationPoints <= 0) return;
  const at = new Date(c.resolvedAt);
  const m = await lockMembershipOfGuest(tx, c.guestId);
  if (!m) {
    await tx.query(
      `INSERT INTO loyalty.held_compensation (case_id, guest_id, points, category, event_id, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO NOTHING`,
      [c.caseId, c.guestId, c.compensationPoints, c.category, event.id, at],
    );
    return;
  }
  await book(tx, m, [compensationEntry(c.caseId, c.compensationPoints, c.category, event.id, at)]);
}

/** At enrolment: books what was held for the guest while they were not a member. */
export async function bookHeldCompensation(tx: EntityManager, m: Membership, at: Date): Promise<void> {
  const held: { case_id: string; points: number; category: string; event_id: string; resolved_at: Date }[] =
    await tx.query(
      `SELECT case_id, points, category, event_id, resolved_at FROM loyalty.held_compensation
        WHERE guest_id = $1 AND booked_at IS NULL ORDER BY resolved_at FOR UPDATE`,
      [m.guestId],
    );
  if (!held.length) return;
  await book(
    tx,
    m,
    held.map((h) => compensationEntry(h.case_id, h.points, h.category, h.event_id, new Date(h.resolved_at))),
  );
  await tx.query(`UPDATE loyalty.held_compensation SET booked_at = $2 WHERE case_id = ANY($1::uuid[])`, [
    held.map((h) => h.case_id),
    at,
  ]);
}

/** The membership that holds a membership's points now (itself, or the one it was folded into). */
export async function lockCurrent(tx: EntityManager, membershipId: string): Promise<Membership | null> {
  let m = await lockMembership(tx, membershipId);
  for (let hops = 0; m && m.status !== 'ACTIVE' && m.mergedInto && hops < 10; hops++) {
    m = await lockMembership(tx, m.mergedInto);
  }
  return m && m.status === 'ACTIVE' ? m : null;
}

/** Takes back a compensation with a reason: a REVERSAL that references the case and the entry it reverses. */
export async function reverseCompensation(l: Loyalty, ctx: RequestContext, caseId: string, reason: string) {
  requireId('caseId', caseId, 'case id');
  const why = requireReason('reason', reason, 'to reverse a compensation');
  return l.bus.transact(async (tx) => {
    const [original]: { id: string; membership_id: string; points: string }[] = await tx.query(
      `SELECT id, membership_id, points FROM loyalty.ledger_entry WHERE idempotency_key = $1`,
      [compensationKey(caseId)],
    );
    if (!original) throw notFound('Compensation for case', caseId);
    const m = await lockCurrent(tx, original.membership_id);
    if (!m) throw invalidState('The membership holding this compensation is no longer active');
    const [reversed] = await tx.query(`SELECT 1 FROM loyalty.ledger_entry WHERE reverses_entry_id = $1`, [original.id]);
    if (reversed) throw invalidState(`The compensation for case ${caseId} was already reversed`);
    const points = Number(original.points);
    if (m.pointsBalance < points)
      throw new DomainError('INSUFFICIENT_POINTS', `The member has ${m.pointsBalance} points; ${points} to reverse`, {
        balance: m.pointsBalance,
        required: points,
      });
    const [entry] = await book(tx, m, [
      {
        type: 'REVERSAL',
        points: -points,
        reference: caseId,
        reason: why,
        causedBy: `staff:${ctx.identity.sub}`,
        idempotencyKey: `${compensationKey(caseId)}:REVERSAL`,
        reversesEntryId: original.id,
        occurredAt: l.clock.now(),
      },
    ]);
    return { membership: m, entryId: entry!.id };
  });
}
