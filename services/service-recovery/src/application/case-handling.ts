import type { Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import type { RecoveryPolicy } from '../domain/recovery-policy.js';
import type { Actor } from './actor.js';
import { type CaseDraft, CaseIntake } from './case-intake.js';
import { CaseSteps } from './case-steps.js';
import { Compensations } from './compensation.js';
import { FollowUp } from './follow-up.js';
import { Resolution } from './resolution.js';

/**
 * Complaint handling from intake to close, as the resolvers and surveys call it. Each use case has its own
 * module; every change of a case goes through `CaseWork.act` (case-work.ts).
 */
export class CaseHandling {
  private readonly intake: CaseIntake;
  private readonly steps: CaseSteps;
  private readonly compensations: Compensations;
  private readonly resolution: Resolution;
  private readonly followUps: FollowUp;

  constructor(rt: Runtime, policy: RecoveryPolicy) {
    this.intake = new CaseIntake(rt, policy);
    this.steps = new CaseSteps(rt, policy);
    this.compensations = new Compensations(rt, policy);
    this.resolution = new Resolution(rt, policy, this.compensations);
    this.followUps = new FollowUp(rt, policy);
  }

  open(raw: unknown, actor: Actor) {
    return this.intake.open(raw, actor);
  }
  openIn(tx: EntityManager, draft: CaseDraft, actor: Actor) {
    return this.intake.openIn(tx, draft, actor);
  }

  acknowledge(id: string, note: string | null | undefined, actor: Actor) {
    return this.steps.acknowledge(id, note, actor);
  }
  assign(id: string, to: string, note: string | null | undefined, actor: Actor) {
    return this.steps.assign(id, to, note, actor);
  }
  comment(id: string, body: string, actor: Actor) {
    return this.steps.comment(id, body, actor);
  }
  investigate(id: string, raw: unknown, actor: Actor) {
    return this.steps.investigate(id, raw, actor);
  }
  reply(id: string, raw: unknown, actor: Actor) {
    return this.steps.reply(id, raw, actor);
  }

  offer(caseId: string, raw: unknown, actor: Actor) {
    return this.compensations.offer(caseId, raw, actor);
  }
  approve(id: string, actor: Actor) {
    return this.compensations.approve(id, actor);
  }
  reject(id: string, reason: string | null | undefined, actor: Actor) {
    return this.compensations.reject(id, reason, actor);
  }

  /**
   * Stays just learnt from guests (inside the consumer's transaction, after they are written): resolutions that
   * waited to know how a stay is paid go out now.
   */
  staysKnown(tx: EntityManager, stayIds: string[]) {
    return this.compensations.publishHeldForStays(tx, stayIds);
  }

  resolve(id: string, raw: unknown, actor: Actor) {
    return this.resolution.resolve(id, raw, actor);
  }

  followUp(id: string, raw: unknown, actor: Actor) {
    return this.followUps.followUp(id, raw, actor);
  }
  reopen(id: string, reason: string, actor: Actor) {
    return this.followUps.reopen(id, reason, actor);
  }
}
