import { parseInput, type Runtime } from '@guest-graph/subgraph-kit';
import { z } from 'zod';
import type { RecoveryPolicy } from '../domain/recovery-policy.js';
import { DEPARTMENTS } from '../domain/routing.js';
import type { Actor } from './actor.js';
import { ROOT_CAUSES } from './case-steps.js';
import { CaseWork, text } from './case-work.js';
import { CompensationInput, type Compensations, type Offer } from './compensation.js';

const ResolveCaseInput = z.object({
  resolution: text(4000),
  rootCause: z.string().trim().max(2000).nullish(),
  compensationPoints: z.number().int().min(0, 'must not be negative').max(1_000_000).nullish(),
  rootCauseCategory: z.enum(ROOT_CAUSES).nullish(),
  responsibleDepartment: z.enum(DEPARTMENTS).nullish(),
  compensations: z.array(CompensationInput).max(20).nullish(),
});

/** Resolving a case: the resolution, its root cause, the compensation granted with it, and a follow-up due. */
export class Resolution extends CaseWork {
  constructor(
    rt: Runtime,
    policy: RecoveryPolicy,
    private readonly compensations: Compensations,
  ) {
    super(rt, policy);
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
      await this.compensations.addOffers(tx, c, offers, actor);
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
      await this.compensations.publishResolution(tx, c, now);
    });
  }
}
