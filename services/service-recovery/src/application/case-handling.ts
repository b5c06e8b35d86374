import { randomUUID } from 'node:crypto';
import type { Role } from '@guest-graph/auth';
import { guests, serviceRecovery } from '@guest-graph/events';
import {
  askOrUnavailable,
  badInput,
  DomainError,
  fromCents,
  invalidState,
  notFound,
  parseInput,
  type Runtime,
  toCents,
} from '@guest-graph/subgraph-kit';
import { type EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { z } from 'zod';
import { type CaseAction, type CaseStatus, transition } from '../domain/case-workflow.js';
import {
  authorityOf,
  COMPENSATION_KINDS,
  type CompensationKind,
  needsApproval,
  validateOffer,
} from '../domain/compensation.js';
import type { RecoveryPolicy } from '../domain/recovery-policy.js';
import { findRepeat, severityFor } from '../domain/repeat-complaint.js';
import { CASE_CATEGORIES, type CaseCategory, DEPARTMENTS, routeTo } from '../domain/routing.js';
import { deadlines, SEVERITIES, type Severity } from '../domain/sla.js';
import { CaseTimelineEntry, Compensation, ComplaintCase, KnownStay } from '../persistence/index.js';

/** Who is acting: the member of staff from the gateway's identity, or `system` for consumers and jobs. */
export interface Actor {
  staffId: string;
  roles: readonly Role[];
}
export const SYSTEM: Actor = { staffId: 'system', roles: [] };

export const CASE_CHANNELS = [
  'FRONT_DESK',
  'PHONE',
  'EMAIL',
  'ONLINE_REVIEW',
  'SURVEY',
  'SOCIAL_MEDIA',
  'OTHER',
] as const;
export const ROOT_CAUSES = ['PROCESS', 'STAFF', 'FACILITY', 'SUPPLIER', 'GUEST_EXPECTATION', 'OTHER'] as const;
export const REPLY_CHANNELS = ['IN_PERSON', 'PHONE', 'EMAIL', 'SMS', 'WECHAT', 'ONLINE_REVIEW', 'LETTER'] as const;

const text = (max: number) => z.string().trim().min(1, 'must not be blank').max(max);
const uuid = z.string().uuid('must be an id');

const OpenCaseInput = z.object({
  guestId: uuid,
  stayId: uuid.nullish(),
  channel: z.enum(CASE_CHANNELS),
  category: z.enum(CASE_CATEGORIES),
  severity: z.enum(SEVERITIES),
  description: text(4000),
});

const CompensationInput = z.object({
  kind: z.enum(COMPENSATION_KINDS),
  points: z.number().int().min(0).nullish(),
  amount: z.string().nullish(),
  note: z.string().trim().max(1000).nullish(),
});

const ResolveCaseInput = z.object({
  resolution: text(4000),
  rootCause: z.string().trim().max(2000).nullish(),
  compensationPoints: z.number().int().min(0, 'must not be negative').max(1_000_000).nullish(),
  rootCauseCategory: z.enum(ROOT_CAUSES).nullish(),
  responsibleDepartment: z.enum(DEPARTMENTS).nullish(),
  compensations: z.array(CompensationInput).max(20).nullish(),
});

const InvestigationInput = z.object({
  rootCause: z.enum(ROOT_CAUSES),
  detail: z.string().trim().max(4000).nullish(),
  responsibleDepartment: z.enum(DEPARTMENTS).nullish(),
});

const ReplyInput = z.object({ channel: z.enum(REPLY_CHANNELS), text: text(4000) });
const FollowUpInput = z.object({ satisfied: z.boolean(), note: z.string().trim().max(2000).nullish() });

type Offer = { input: z.infer<typeof CompensationInput>; path: string };

/** What a new case needs, however it came in (the desk, a survey). */
export interface CaseDraft {
  guestId: string;
  stayId: string | null;
  channel: string;
  category: CaseCategory;
  severity: Severity;
  description: string;
  surveyId?: string | null;
}

function caseId(id: string, field = 'id'): string {
  if (!uuid.safeParse(id).success) throw badInput(field, `${field}: not a case id`);
  return id;
}

/**
 * Complaint handling from intake to close: every change of a case happens here, in one transaction with
 * its timeline entry and its event, under a row lock on the case (so two desks cannot both resolve it).
 */
export class CaseHandling {
  constructor(
    private readonly rt: Runtime,
    private readonly policy: RecoveryPolicy,
  ) {}

  // --- Intake ----------------------------------------------------------------------------------------

  async open(raw: unknown, actor: Actor): Promise<ComplaintCase> {
    const input = parseInput(OpenCaseInput, raw);
    const guestId = await this.existingGuest(input.guestId, input.stayId ?? null);
    return this.rt.bus.transact(async (tx) => {
      return this.openIn(
        tx,
        {
          guestId,
          stayId: input.stayId ?? null,
          channel: input.channel,
          category: input.category,
          severity: input.severity,
          description: input.description,
        },
        actor,
      );
    });
  }

  /**
   * The guest may have been registered a moment ago, so we ask guests rather than trust a projection. A
   * merged duplicate's complaint belongs to the survivor.
   */
  private async existingGuest(guestId: string, stayId: string | null): Promise<string> {
    const answer = await askOrUnavailable(
      this.rt.bus,
      guests.lookupGuests,
      { ids: [guestId], ...(stayId ? { stayIds: [stayId] } : {}) },
      { about: 'the guest' },
    );
    const guest = answer.guests.find((g) => g.id === guestId);
    if (!guest) throw notFound('Guest', guestId);
    const owner = guest.mergedInto ?? guest.id;
    // The stay must be one the guest really had: asked of guests, since a check-in of a moment ago may not
    // have reached our own projection yet.
    if (stayId) {
      const stay = answer.stays?.find((s) => s.id === stayId);
      if (!stay) throw new DomainError('NOT_FOUND', `Stay ${stayId} not found`, { id: stayId, field: 'input.stayId' });
      if (stay.guestId !== owner && stay.guestId !== guestId)
        throw badInput('input.stayId', "input.stayId: this stay is not the guest's");
    }
    return owner;
  }

  /** Opens a case inside `tx`: repeat detection, routing, SLA clocks, timeline and case.opened. */
  async openIn(tx: EntityManager, draft: CaseDraft, actor: Actor): Promise<ComplaintCase> {
    const now = this.rt.clock.now();
    const since = new Date(now.getTime() - this.policy.repeatWindowDays * 86_400_000);
    const prior = await tx.getRepository(ComplaintCase).find({
      select: { id: true, category: true, status: true, openedAt: true },
      where: {
        guestId: draft.guestId,
        category: draft.category,
        status: In(['RESOLVED', 'CLOSED']),
        openedAt: MoreThanOrEqual(since),
      },
      order: { openedAt: 'DESC' },
      take: 1,
    });
    const repeatOf = findRepeat(draft.category, now, prior, this.policy.repeatWindowDays);
    const severity = severityFor(draft.severity, repeatOf);
    const clocks = deadlines(severity, now, this.policy.sla);
    const c = tx.getRepository(ComplaintCase).create({
      id: randomUUID(),
      guestId: draft.guestId,
      stayId: draft.stayId,
      channel: draft.channel,
      category: draft.category,
      severity,
      reportedSeverity: draft.severity,
      repeatOfCaseId: repeatOf?.id ?? null,
      description: draft.description,
      department: routeTo(draft.category, this.policy.routing),
      status: 'OPEN',
      assignedTo: null,
      openedBy: actor.staffId,
      openedAt: now,
      acknowledgeDueAt: clocks.acknowledgeDueAt,
      dueAt: clocks.dueAt,
      acknowledgedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      closedAt: null,
      acknowledgeBreachedAt: null,
      resolveBreachedAt: null,
      escalatedAt: null,
      rootCause: null,
      rootCauseDetail: null,
      responsibleDepartment: null,
      resolution: null,
      resolvedEventHeld: false,
      replyChannel: null,
      replyText: null,
      repliedAt: null,
      followUpDueAt: null,
      followedUpAt: null,
      satisfied: null,
      reopenCount: 0,
      surveyId: draft.surveyId ?? null,
      mergeId: null,
      mergedFromGuestId: null,
    });
    await tx.getRepository(ComplaintCase).insert(c);
    await this.note(tx, c.id, actor, 'OPENED', `${draft.channel}: routed to ${c.department}`);
    if (repeatOf)
      await this.note(
        tx,
        c.id,
        actor,
        'REPEAT',
        `Repeats case ${repeatOf.id}: severity ${draft.severity} → ${severity}`,
      );
    await this.rt.bus.emit(tx, serviceRecovery.caseOpened, {
      caseId: c.id,
      guestId: c.guestId,
      stayId: c.stayId,
      channel: c.channel,
      category: c.category,
      severity: c.severity,
      department: c.department,
      dueAt: c.dueAt.toISOString(),
      openedAt: c.openedAt.toISOString(),
    });
    return c;
  }

  // --- Handling --------------------------------------------------------------------------------------

  acknowledge(id: string, note: string | null | undefined, actor: Actor) {
    return this.act(id, 'ACKNOWLEDGE', async (c, tx, now) => {
      c.acknowledgedAt = now;
      c.assignedTo ??= actor.staffId;
      await this.note(tx, c.id, actor, 'ACKNOWLEDGED', note?.trim() || null);
    });
  }

  assign(id: string, to: string, note: string | null | undefined, actor: Actor) {
    const assignee = to.trim();
    if (!assignee || assignee.length > 200) throw badInput('to', 'Name the member of staff to assign');
    return this.act(id, 'ASSIGN', async (c, tx, now) => {
      const kind = c.assignedTo && c.assignedTo !== assignee ? 'REASSIGNED' : 'ASSIGNED';
      c.acknowledgedAt ??= now;
      c.assignedTo = assignee;
      await this.note(tx, c.id, actor, kind, `to ${assignee}${note?.trim() ? `: ${note.trim()}` : ''}`);
    });
  }

  comment(id: string, body: string, actor: Actor) {
    const note = body.trim();
    if (!note || note.length > 4000) throw badInput('text', 'A comment must not be blank');
    return this.act(id, 'COMMENT', (c, tx) => this.note(tx, c.id, actor, 'COMMENT', note));
  }

  investigate(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(InvestigationInput, raw);
    return this.act(id, 'INVESTIGATE', async (c, tx) => {
      c.rootCause = input.rootCause;
      c.rootCauseDetail = input.detail ?? c.rootCauseDetail;
      c.responsibleDepartment = input.responsibleDepartment ?? c.department;
      await this.note(
        tx,
        c.id,
        actor,
        'INVESTIGATED',
        `${input.rootCause}, ${c.responsibleDepartment}${input.detail ? `: ${input.detail}` : ''}`,
      );
    });
  }

  reply(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(ReplyInput, raw);
    return this.act(id, 'REPLY', async (c, tx, now) => {
      c.replyChannel = input.channel;
      c.replyText = input.text;
      c.repliedAt = now;
      await this.note(tx, c.id, actor, 'REPLIED', `${input.channel}: ${input.text}`);
    });
  }

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

  resolve(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(ResolveCaseInput, raw);
    const offers: Offer[] = [
      ...(input.compensationPoints
        ? [{ input: { kind: 'POINTS' as const, points: input.compensationPoints }, path: 'input.compensationPoints' }]
        : []),
      ...(input.compensations ?? []).map((o, i) => ({ input: o, path: `input.compensations.${i}` })),
    ];
    const taxonomy =
      input.rootCauseCategory ?? ROOT_CAUSES.find((r) => r === input.rootCause?.trim().toUpperCase()) ?? null;
    return this.act(id, 'RESOLVE', async (c, tx, now) => {
      await this.addOffers(tx, c, offers, actor);
      c.resolution = input.resolution;
      if (taxonomy) c.rootCause = taxonomy;
      if (input.rootCause) c.rootCauseDetail = input.rootCause;
      if (input.responsibleDepartment) c.responsibleDepartment = input.responsibleDepartment;
      if (c.rootCause && !c.responsibleDepartment) c.responsibleDepartment = c.department;
      c.acknowledgedAt ??= now;
      c.resolvedAt = now;
      c.resolvedBy = actor.staffId;
      c.followUpDueAt = new Date(now.getTime() + this.policy.followUpAfterMs);
      c.followedUpAt = null;
      c.satisfied = null;
      await this.note(tx, c.id, actor, 'RESOLVED', input.resolution);
      await this.publishResolution(tx, c, now);
    });
  }

  /** The follow-up call (seed 004 step 7): a satisfied guest closes the case, an unhappy one reopens it. */
  followUp(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(FollowUpInput, raw);
    return this.act(id, input.satisfied ? 'CLOSE' : 'REOPEN', async (c, tx, now) => {
      c.followedUpAt = now;
      c.satisfied = input.satisfied;
      await this.note(
        tx,
        c.id,
        actor,
        'FOLLOWED_UP',
        `${input.satisfied ? 'Satisfied' : 'Not satisfied'}${input.note ? `: ${input.note}` : ''}`,
      );
      if (input.satisfied) {
        c.closedAt = now;
        await this.note(tx, c.id, actor, 'CLOSED', null);
        await this.rt.bus.emit(tx, serviceRecovery.caseClosed, {
          caseId: c.id,
          guestId: c.guestId,
          satisfied: true,
          closedAt: now.toISOString(),
        });
      } else {
        await this.reopenIn(tx, c, now, actor, input.note ?? 'Guest not satisfied at follow-up');
      }
    });
  }

  reopen(id: string, reason: string, actor: Actor) {
    const why = reason.trim();
    if (!why || why.length > 2000) throw badInput('reason', 'Say why the case is reopened');
    return this.act(id, 'REOPEN', (c, tx, now) => this.reopenIn(tx, c, now, actor, why));
  }

  /** A reopened case gets a fresh resolve clock: the guest is waiting again from now. */
  private async reopenIn(tx: EntityManager, c: ComplaintCase, now: Date, actor: Actor, why: string) {
    c.reopenCount += 1;
    c.resolvedAt = null;
    c.resolvedBy = null;
    c.followUpDueAt = null;
    c.dueAt = deadlines(c.severity, now, this.policy.sla).dueAt;
    c.resolveBreachedAt = null;
    await this.note(tx, c.id, actor, 'REOPENED', why);
  }

  // --- Compensation approval -------------------------------------------------------------------------

  approve(id: string, actor: Actor) {
    return this.decide(id, 'APPROVED', null, actor);
  }
  reject(id: string, reason: string | null | undefined, actor: Actor) {
    return this.decide(id, 'REJECTED', reason?.trim() || null, actor);
  }

  private async decide(id: string, decision: 'APPROVED' | 'REJECTED', reason: string | null, actor: Actor) {
    caseId(id);
    return this.rt.bus.transact(async (tx) => {
      const found = await tx.getRepository(Compensation).findOne({ where: { id } });
      if (!found) throw notFound('Compensation', id);
      // Case first, then compensation: the same lock order as resolving, so the two cannot deadlock.
      const c = await this.lockCase(tx, found.caseId);
      const comp = await tx
        .getRepository(Compensation)
        .findOneOrFail({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (comp.status !== 'PENDING_APPROVAL')
        throw invalidState(`This compensation is already ${comp.status.toLowerCase()}`, { status: comp.status });
      const now = this.rt.clock.now();
      comp.status = decision;
      comp.decidedBy = actor.staffId;
      comp.decidedAt = now;
      await tx
        .getRepository(Compensation)
        .update({ id }, { status: decision, decidedBy: actor.staffId, decidedAt: now });
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

  private async addOffers(tx: EntityManager, c: ComplaintCase, offers: Offer[], actor: Actor): Promise<Compensation[]> {
    if (!offers.length) return [];
    const repo = tx.getRepository(Compensation);
    const existing = await repo.find({
      where: { caseId: c.id, status: In(['PENDING_APPROVAL', 'APPROVED', 'GRANTED']) },
    });
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
      const comp = repo.create({
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
      });
      await repo.insert(comp);
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

  /**
   * case.resolved carries what is granted: it waits while any compensation awaits a manager, then goes out
   * with everything approved and not yet granted. Each resolution has its own id, so a case reopened and
   * resolved again books only its new compensation.
   */
  private async publishResolution(tx: EntityManager, c: ComplaintCase, now: Date) {
    const repo = tx.getRepository(Compensation);
    const open = await repo.find({ where: { caseId: c.id, status: In(['PENDING_APPROVAL', 'APPROVED']) } });
    if (open.some((x) => x.status === 'PENDING_APPROVAL')) {
      c.resolvedEventHeld = true;
      await tx.getRepository(ComplaintCase).update({ id: c.id }, { resolvedEventHeld: true });
      return;
    }
    if (c.status !== 'RESOLVED' && c.status !== 'CLOSED') return;
    const resolutionId = randomUUID();
    const granting = open.filter((x) => x.status === 'APPROVED');
    if (granting.length)
      await repo.update({ id: In(granting.map((x) => x.id)) }, { status: 'GRANTED', grantedAt: now, resolutionId });
    const points = granting.reduce((s, x) => s + x.points, 0);
    const creditCents = granting.filter((x) => x.kind === 'BILL_CREDIT').reduce((s, x) => s + toCents(x.amount), 0n);
    const stay = c.stayId ? await tx.getRepository(KnownStay).findOne({ where: { stayId: c.stayId } }) : null;
    const directBill = stay?.paymentMethod === 'DIRECT_BILL' && stay.accountId ? stay.accountId : null;
    c.resolvedEventHeld = false;
    await tx.getRepository(ComplaintCase).update({ id: c.id }, { resolvedEventHeld: false });
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
  }

  // --- Plumbing --------------------------------------------------------------------------------------

  private async lockCase(tx: EntityManager, id: string): Promise<ComplaintCase> {
    const c = await tx.getRepository(ComplaintCase).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw notFound('Case', id);
    return c;
  }

  /** Locks the case, checks the workflow, applies `change`, saves the changed columns. */
  private async act(
    id: string,
    action: CaseAction,
    change: (c: ComplaintCase, tx: EntityManager, now: Date) => Promise<unknown>,
  ): Promise<ComplaintCase> {
    caseId(id);
    return this.rt.bus.transact(async (tx) => {
      const c = await this.lockCase(tx, id);
      const before = { ...c };
      const to: CaseStatus = transition(c.status, action);
      c.status = to;
      await change(c, tx, this.rt.clock.now());
      const changed: Partial<ComplaintCase> = {};
      for (const k of Object.keys(c) as (keyof ComplaintCase)[]) {
        const a = before[k];
        const b = c[k];
        const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
        if (!same) (changed as Record<string, unknown>)[k] = b;
      }
      if (Object.keys(changed).length) await tx.getRepository(ComplaintCase).update({ id }, changed);
      return c;
    });
  }

  private note(tx: EntityManager, caseId: string, actor: Actor, kind: string, note: string | null) {
    return tx
      .getRepository(CaseTimelineEntry)
      .insert({ caseId, at: this.rt.clock.now(), actor: actor.staffId, kind, note });
  }
}

export function describeCompensation(c: Pick<Compensation, 'kind' | 'points' | 'amount'>) {
  return c.kind === 'POINTS' ? `${c.points} points` : `${c.kind} worth ${c.amount}`;
}
