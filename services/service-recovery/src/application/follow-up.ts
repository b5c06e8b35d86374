import { serviceRecovery } from '@guest-graph/events';
import { badInput, parseInput } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { checkMayClose } from '../domain/case-workflow.js';
import { deadlines } from '../domain/sla.js';
import type { ComplaintCase } from '../persistence/index.js';
import type { Actor } from './actor.js';
import { CaseWork } from './case-work.js';

const FollowUpInput = z.object({ satisfied: z.boolean(), note: z.string().trim().max(2000).nullish() });

/** After resolution: the follow-up call closes the case or reopens it, and a case may be reopened on its own. */
export class FollowUp extends CaseWork {
  /** The follow-up call (seed 004 step 7): a satisfied guest closes the case, an unhappy one reopens it. */
  followUp(id: string, raw: unknown, actor: Actor) {
    const input = parseInput(FollowUpInput, raw);
    return this.act(id, input.satisfied ? 'CLOSE' : 'REOPEN', async (c, tx, now) => {
      if (input.satisfied) checkMayClose(c);
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
}
