import { randomUUID } from 'node:crypto';
import { guests, serviceRecovery } from '@guest-graph/events';
import { askOrUnavailable, badInput, DomainError, notFound, parseInput } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { findRepeat, severityFor } from '../domain/repeat-complaint.js';
import { CASE_CATEGORIES, type CaseCategory, routeTo } from '../domain/routing.js';
import { deadlines, SEVERITIES, type Severity } from '../domain/sla.js';
import { insertCase, latestSettledCase } from '../persistence/case.repository.js';
import type { ComplaintCase } from '../persistence/index.js';
import type { Actor } from './actor.js';
import { CaseWork, text, uuid } from './case-work.js';
import { caseEntries, note } from './timeline.js';

export const CASE_CHANNELS = [
  'FRONT_DESK',
  'PHONE',
  'EMAIL',
  'ONLINE_REVIEW',
  'SURVEY',
  'SOCIAL_MEDIA',
  'OTHER',
] as const;

const OpenCaseInput = z.object({
  guestId: uuid,
  stayId: uuid.nullish(),
  channel: z.enum(CASE_CHANNELS),
  category: z.enum(CASE_CATEGORIES),
  severity: z.enum(SEVERITIES),
  description: text(4000),
});

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

/** Intake: a complaint becomes a case, from the desk or from a low survey answer. */
export class CaseIntake extends CaseWork {
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
    const prior = await latestSettledCase(tx, draft.guestId, draft.category, since);
    const repeatOf = findRepeat(draft.category, now, prior, this.policy.repeatWindowDays);
    const severity = severityFor(draft.severity, repeatOf);
    const clocks = deadlines(severity, now, this.policy.sla);
    const c: ComplaintCase = {
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
    };
    await insertCase(tx, c);
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
    await note(this.rt, tx, [caseEntries.opened(c)]);
    return c;
  }
}
