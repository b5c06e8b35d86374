import { randomUUID } from 'node:crypto';
import { serviceRecovery } from '@guest-graph/events';
import { badInput, fromCents, invalidState, notFound, parseInput, toCents } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  authorityOf,
  COMPENSATION_KINDS,
  type CompensationKind,
  needsApproval,
  validateOffer,
} from '../domain/compensation.js';
import { heldCasesOfStays, updateCase } from '../persistence/case.repository.js';
import {
  compensationById,
  compensationsOfCase,
  decideCompensation,
  grantCompensations,
  insertCompensation,
} from '../persistence/compensation.repository.js';
import { knownStay, lockStayFacts } from '../persistence/guest-facts.repository.js';
import type { Compensation, ComplaintCase } from '../persistence/index.js';
import type { Actor } from './actor.js';
import { CaseWork, caseId } from './case-work.js';
import { caseEntries, note } from './timeline.js';

export const CompensationInput = z.object({
  kind: z.enum(COMPENSATION_KINDS),
  points: z.number().int().min(0).nullish(),
  amount: z.string().nullish(),
  note: z.string().trim().max(1000).nullish(),
});

export type Offer = { input: z.infer<typeof CompensationInput>; path: string };

/**
 * Compensation on a case: offered within the offerer's authority or held for a manager's approval, and granted
 * with the case's resolution (case.resolved carries it).
 */
export class Compensations extends CaseWork {
  /** Offers compensation on a case being handled; above the offerer's authority it waits for a manager. */
  async offer(caseIdRaw: string, raw: unknown, actor: Actor): Promise<Compensation> {
    const id = caseId(caseIdRaw, 'caseId');
    const input = parseInput(CompensationInput, raw);
    let offered: Compensation | null = null;
    await this.act(id, 'COMPENSATE', async (c, tx) => {
      [offered] = await this.addOffers(tx, c, [{ input, path: 'input' }], actor);
    });
    return offered!;
  }

  approve(id: string, actor: Actor) {
    return this.decide(id, 'APPROVED', null, actor);
  }
  reject(id: string, reason: string | null | undefined, actor: Actor) {
    return this.decide(id, 'REJECTED', reason?.trim() || null, actor);
  }

  private async decide(id: string, decision: 'APPROVED' | 'REJECTED', reason: string | null, actor: Actor) {
    caseId(id);
    return this.rt.bus.transact(async (tx) => {
      const found = await compensationById(tx, id);
      if (!found) throw notFound('Compensation', id);
      // Case first, then compensation: the same lock order as resolving, so the two cannot deadlock.
      const c = await this.lockCase(tx, found.caseId);
      const comp = (await compensationById(tx, id, { lock: true }))!;
      if (comp.status !== 'PENDING_APPROVAL')
        throw invalidState(`This compensation is already ${comp.status.toLowerCase()}`, { status: comp.status });
      const now = this.rt.clock.now();
      comp.status = decision;
      comp.decidedBy = actor.staffId;
      comp.decidedAt = now;
      await decideCompensation(tx, id, { status: decision, decidedBy: actor.staffId, decidedAt: now });
      await this.note(
        tx,
        c.id,
        actor,
        decision === 'APPROVED' ? 'COMPENSATION_APPROVED' : 'COMPENSATION_REJECTED',
        `${describeCompensation(comp)}${reason ? `: ${reason}` : ''}`,
      );
      if (c.resolvedEventHeld) await this.publishResolution(tx, c, now);
      return comp;
    });
  }

  async addOffers(tx: EntityManager, c: ComplaintCase, offers: Offer[], actor: Actor): Promise<Compensation[]> {
    if (!offers.length) return [];
    const existing = await compensationsOfCase(tx, c.id, ['PENDING_APPROVAL', 'APPROVED', 'GRANTED']);
    const already = {
      points: existing.reduce((s, x) => s + x.points, 0),
      cents: existing.reduce((s, x) => s + toCents(x.amount), 0n),
    };
    const authority = authorityOf(actor.roles, this.policy.authority);
    const now = this.rt.clock.now();
    const added: Compensation[] = [];
    for (const { input: o, path: at } of offers) {
      // compensationPoints is the contract's shorthand: its errors name that field itself.
      const path = at.endsWith('compensationPoints') ? 'input' : at;
      let cents: bigint | null = null;
      if (o.amount !== null && o.amount !== undefined) {
        try {
          cents = toCents(o.amount);
        } catch {
          throw badInput(`${path}.amount`, 'Expected money as a decimal string such as "300.00"');
        }
      }
      const offer = validateOffer(o.kind as CompensationKind, o.points, cents, path);
      if (offer.kind === 'BILL_CREDIT' && !c.stayId)
        throw badInput(`${path}.kind`, 'A bill credit needs the case to name the stay');
      const pending = needsApproval(authority, already, offer);
      already.points += offer.points;
      already.cents += offer.cents;
      const comp: Compensation = {
        id: randomUUID(),
        caseId: c.id,
        kind: offer.kind,
        points: offer.points,
        amount: fromCents(offer.cents),
        note: o.note ?? null,
        status: pending ? 'PENDING_APPROVAL' : 'APPROVED',
        offeredBy: actor.staffId,
        offeredAt: now,
        decidedBy: pending ? null : actor.staffId,
        decidedAt: pending ? null : now,
        grantedAt: null,
        resolutionId: null,
      };
      await insertCompensation(tx, comp);
      await this.note(
        tx,
        c.id,
        actor,
        'COMPENSATION_OFFERED',
        `${describeCompensation(comp)}${pending ? ' (above authority: awaits a manager)' : ''}`,
      );
      added.push(comp);
    }
    return added;
  }

  /** Resolutions held for these stays (now known) are published; a pending approval still holds its own. */
  async publishHeldForStays(tx: EntityManager, stayIds: string[]) {
    const held = await heldCasesOfStays(tx, stayIds);
    const now = this.rt.clock.now();
    for (const c of held) await this.publishResolution(tx, c, now);
  }

  /**
   * case.resolved carries what is granted: it waits while any compensation awaits a manager, then goes out
   * with everything approved and not yet granted. Each resolution has its own id, so a case reopened and
   * resolved again books only its new compensation.
   */
  async publishResolution(tx: EntityManager, c: ComplaintCase, now: Date) {
    const open = await compensationsOfCase(tx, c.id, ['PENDING_APPROVAL', 'APPROVED']);
    if (open.some((x) => x.status === 'PENDING_APPROVAL')) {
      c.resolvedEventHeld = true;
      await updateCase(tx, c.id, { resolvedEventHeld: true });
      return;
    }
    if (c.status !== 'RESOLVED' && c.status !== 'CLOSED') return;
    const granting = open.filter((x) => x.status === 'APPROVED');
    const creditCents = granting.filter((x) => x.kind === 'BILL_CREDIT').reduce((s, x) => s + toCents(x.amount), 0n);
    if (creditCents > 0n && c.stayId) await lockStayFacts(tx, [c.stayId]);
    const stay = c.stayId ? await knownStay(tx, c.stayId) : null;
    // Whether a bill credit goes to credit depends on how the stay is paid, which we learn from guests' events.
    // Until the stay is known the resolution waits (compensation APPROVED, not GRANTED); its arrival publishes it.
    if (creditCents > 0n && c.stayId && !stay) {
      if (!c.resolvedEventHeld) {
        c.resolvedEventHeld = true;
        await updateCase(tx, c.id, { resolvedEventHeld: true });
      }
      return;
    }
    const resolutionId = randomUUID();
    await grantCompensations(
      tx,
      granting.map((x) => x.id),
      now,
      resolutionId,
    );
    const points = granting.reduce((s, x) => s + x.points, 0);
    const directBill = stay?.paymentMethod === 'DIRECT_BILL' && stay.accountId ? stay.accountId : null;
    c.resolvedEventHeld = false;
    await updateCase(tx, c.id, { resolvedEventHeld: false });
    await this.rt.bus.emit(tx, serviceRecovery.caseResolved, {
      caseId: c.id,
      guestId: c.guestId,
      stayId: c.stayId,
      category: c.category,
      compensationPoints: points,
      // Credit books credit notes only against direct-billed stays; other bill credits are settled at the desk.
      billCredit: directBill && creditCents > 0n ? fromCents(creditCents) : null,
      accountId: directBill,
      resolutionId,
      resolvedAt: (c.resolvedAt ?? now).toISOString(),
    });
    await note(this.rt, tx, [
      caseEntries.resolved(c, c.resolvedAt ?? now),
      ...granting.map((x) => caseEntries.compensation(c.guestId, x, now)),
    ]);
  }
}

export function describeCompensation(c: Pick<Compensation, 'kind' | 'points' | 'amount'>) {
  return c.kind === 'POINTS' ? `${c.points} points` : `${c.kind} worth ${c.amount}`;
}
