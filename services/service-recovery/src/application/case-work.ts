import { badInput, notFound, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { type CaseAction, type CaseStatus, transition } from '../domain/case-workflow.js';
import type { RecoveryPolicy } from '../domain/recovery-policy.js';
import { addTimelineEntry, lockCase, updateCase } from '../persistence/case.repository.js';
import type { ComplaintCase } from '../persistence/index.js';
import type { Actor } from './actor.js';

export const text = (max: number) => z.string().trim().min(1, 'must not be blank').max(max);
export const uuid = z.string().uuid('must be an id');

export function caseId(id: string, field = 'id'): string {
  if (!uuid.safeParse(id).success) throw badInput(field, `${field}: not a case id`);
  return id;
}

/**
 * What every use case on a case shares: every change of a case happens through `act`, in one transaction with
 * its timeline entry and its event, under a row lock on the case (so two desks cannot both resolve it).
 */
export abstract class CaseWork {
  constructor(
    protected readonly rt: Runtime,
    protected readonly policy: RecoveryPolicy,
  ) {}

  protected async lockCase(tx: EntityManager, id: string): Promise<ComplaintCase> {
    const c = await lockCase(tx, id);
    if (!c) throw notFound('Case', id);
    return c;
  }

  /** Locks the case, checks the workflow, applies `change`, saves the changed columns. */
  protected async act(
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
      if (Object.keys(changed).length) await updateCase(tx, id, changed);
      return c;
    });
  }

  protected note(tx: EntityManager, caseId: string, actor: Actor, kind: string, note: string | null) {
    return addTimelineEntry(tx, { caseId, at: this.rt.clock.now(), actor: actor.staffId, kind, note });
  }
}
