import { daysBetween } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

/**
 * The collection procedure (seed 004, 账款催收: remind before the due date, then collect overdue accounts by a
 * set procedure). OPERA stops at letters; here each stage is logged with what was sent and the last one puts
 * the account on hold.
 */
export const COLLECTION_STAGES = [
  'NONE',
  'PRE_DUE_REMINDER',
  'FIRST_REMINDER',
  'SECOND_REMINDER',
  'FINAL_NOTICE',
  'HOLD',
] as const;
export type CollectionStage = (typeof COLLECTION_STAGES)[number];
export type ActiveStage = Exclude<CollectionStage, 'NONE'>;

/** Days relative to the due date at which each stage starts (negative: before it). */
export type CollectionPolicy = Record<ActiveStage, number>;
export const DEFAULT_COLLECTION_POLICY: CollectionPolicy = {
  PRE_DUE_REMINDER: -3,
  FIRST_REMINDER: 1,
  SECOND_REMINDER: 15,
  FINAL_NOTICE: 30,
  HOLD: 45,
};

const day = z.coerce.number().int().min(-60).max(365);
const policySchema = z
  .object({
    PRE_DUE_REMINDER: day,
    FIRST_REMINDER: day,
    SECOND_REMINDER: day,
    FINAL_NOTICE: day,
    HOLD: day,
  })
  .refine(
    (p) =>
      p.PRE_DUE_REMINDER < p.FIRST_REMINDER &&
      p.FIRST_REMINDER < p.SECOND_REMINDER &&
      p.SECOND_REMINDER < p.FINAL_NOTICE &&
      p.FINAL_NOTICE < p.HOLD,
    'stages must come in order',
  );

/**
 * Reads `CREDIT_COLLECTION_DAYS` ("PRE_DUE_REMINDER=-3,FIRST_REMINDER=1,SECOND_REMINDER=15,FINAL_NOTICE=30,HOLD=45");
 * stages left out keep their defaults. A malformed value stops the service at start, naming the variable.
 */
export function collectionPolicyFrom(value: string | undefined): CollectionPolicy {
  if (!value?.trim()) return DEFAULT_COLLECTION_POLICY;
  const given = Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.split('=').map((s) => s.trim()))
      .map(([k, v]) => [k, v]),
  );
  const parsed = policySchema.safeParse({ ...DEFAULT_COLLECTION_POLICY, ...given });
  if (!parsed.success)
    throw new Error(`CREDIT_COLLECTION_DAYS is not a valid collection policy: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export const stageRank = (s: CollectionStage) => COLLECTION_STAGES.indexOf(s);

/** The stage an open invoice should have reached on `asOf`. */
export function stageDue(dueOn: string, asOf: string, policy: CollectionPolicy): CollectionStage {
  const late = daysBetween(dueOn, asOf);
  let reached: CollectionStage = 'NONE';
  for (const stage of COLLECTION_STAGES.slice(1) as ActiveStage[]) if (late >= policy[stage]) reached = stage;
  return reached;
}

/** What the letter (or call note) says; logged with the stage. */
export function collectionMessage(stage: ActiveStage, inv: { number: number; balance: string; dueOn: string }): string {
  const ref = `invoice ${inv.number} (${inv.balance} due ${inv.dueOn})`;
  switch (stage) {
    case 'PRE_DUE_REMINDER':
      return `Courtesy reminder: ${ref} falls due soon.`;
    case 'FIRST_REMINDER':
      return `First reminder: ${ref} is past due; please arrange payment.`;
    case 'SECOND_REMINDER':
      return `Second reminder: ${ref} remains unpaid.`;
    case 'FINAL_NOTICE':
      return `Final notice: ${ref} must be paid to keep direct billing.`;
    case 'HOLD':
      return `Account placed on credit hold: ${ref} unpaid.`;
  }
}

export type PromiseStatus = 'OPEN' | 'KEPT' | 'BROKEN';

/**
 * A promise to pay is kept once the payments received since it was made reach its amount; it is broken when
 * its date has passed without that.
 */
export function promiseOutcome(p: { amountCents: bigint; paidSinceCents: bigint; promisedFor: string }, asOf: string) {
  if (p.paidSinceCents >= p.amountCents) return 'KEPT' as const;
  if (daysBetween(p.promisedFor, asOf) > 0) return 'BROKEN' as const;
  return 'OPEN' as const;
}

/**
 * Whether a promise holds the stages still: while it is open, and once kept until its date (the customer paid
 * early; the next invoices start their stages after it). A broken promise lets the stages resume at once.
 */
export function promisePauses(p: { status: PromiseStatus; promisedFor: string }, asOf: string) {
  if (p.status === 'OPEN') return true;
  return p.status === 'KEPT' && daysBetween(asOf, p.promisedFor) >= 0;
}
