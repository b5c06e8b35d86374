import { randomUUID } from 'node:crypto';
import { guests } from '@guest-graph/events';
import { askOrUnavailable, badInput, DomainError, notFound, parseInput, type Runtime } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import { caseForFeedback, departmentOfRoles, FEEDBACK_KINDS } from '../domain/feedback.js';
import { CASE_CATEGORIES, DEPARTMENTS } from '../domain/routing.js';
import { type FeedbackRow, insertFeedback } from '../persistence/feedback.repository.js';
import type { ComplaintCase } from '../persistence/index.js';
import type { Actor } from './actor.js';
import type { CaseHandling } from './case-handling.js';
import { text, uuid } from './case-work.js';

const FeedbackInput = z.object({
  guestId: uuid,
  stayId: uuid.nullish(),
  kind: z.enum(FEEDBACK_KINDS),
  score: z.number().int().min(1, 'must be 1 to 5').max(5, 'must be 1 to 5').nullish(),
  category: z.enum(CASE_CATEGORIES).nullish(),
  department: z.enum(DEPARTMENTS).nullish(),
  text: text(4000),
});

/**
 * Staff log what a guest said (opinion forms, in-stay feedback). The guest and the stay are asked of guests
 * (a check-in of a moment ago may not be in our projection), which also says whether the guest is in house;
 * a complaint or a low score then opens a case in the same transaction as the feedback.
 */
export function feedbackLog(rt: Runtime, cases: CaseHandling) {
  return {
    async logGuestFeedback(raw: unknown, actor: Actor): Promise<FeedbackRow & { case: ComplaintCase | null }> {
      const input = parseInput(FeedbackInput, raw);
      const stayId = input.stayId ?? null;
      const answer = await askOrUnavailable(
        rt.bus,
        guests.lookupGuests,
        { ids: [input.guestId], ...(stayId ? { stayIds: [stayId] } : {}) },
        { about: 'the guest' },
      );
      const guest = answer.guests.find((g) => g.id === input.guestId);
      if (!guest) throw notFound('Guest', input.guestId);
      const guestId = guest.mergedInto ?? guest.id;
      const stay = stayId ? answer.stays?.find((s) => s.id === stayId) : null;
      if (stayId && !stay)
        throw new DomainError('NOT_FOUND', `Stay ${stayId} not found`, { id: stayId, field: 'input.stayId' });
      if (stay && stay.guestId !== guestId && stay.guestId !== input.guestId)
        throw badInput('input.stayId', "input.stayId: this stay is not the guest's");
      const inHouse = stay?.inHouse === true;
      const opens = caseForFeedback({
        kind: input.kind,
        score: input.score ?? null,
        category: input.category ?? null,
        inHouse,
      });
      const now = rt.clock.now();
      return rt.bus.transact(async (tx) => {
        const opened = opens
          ? await cases.openIn(
              tx,
              {
                guestId,
                stayId,
                channel: 'FRONT_DESK',
                category: opens.category,
                severity: opens.severity,
                description: `In-stay feedback${input.score ? ` (score ${input.score}/5)` : ''}: ${input.text}`,
              },
              actor,
            )
          : null;
        const row: FeedbackRow = {
          id: randomUUID(),
          guestId,
          stayId,
          kind: input.kind,
          score: input.score ?? null,
          category: input.category ?? null,
          department: input.department ?? departmentOfRoles(actor.roles),
          text: input.text,
          inHouse,
          caseId: opened?.id ?? null,
          loggedBy: actor.staffId,
          loggedAt: now,
        };
        await insertFeedback(tx, row);
        return { ...row, case: opened };
      });
    },
  };
}
