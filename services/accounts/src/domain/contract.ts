import { daysBetween, isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

export const CONTRACT_STATUSES = [
  'DRAFT',
  'IN_REVIEW',
  'APPROVED',
  'REJECTED',
  'ACTIVE',
  'EXPIRED',
  'TERMINATED',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/**
 * Which status a contract may leave for which (seed 004, 销售合同管理: the contract is reviewed before it is
 * signed, then its execution followed). A draft goes to review; a manager approves or rejects it; only an
 * approved contract is signed (ACTIVE); a rejected one is revised (back to DRAFT) or dropped.
 */
const NEXT: Record<ContractStatus, ContractStatus[]> = {
  DRAFT: ['IN_REVIEW', 'TERMINATED'],
  IN_REVIEW: ['APPROVED', 'REJECTED'],
  APPROVED: ['ACTIVE', 'TERMINATED'],
  REJECTED: ['DRAFT', 'TERMINATED'],
  ACTIVE: ['EXPIRED', 'TERMINATED'],
  EXPIRED: [],
  TERMINATED: [],
};
export const canMove = (from: ContractStatus, to: ContractStatus) => NEXT[from].includes(to);

export const accountContractInput = z
  .object({
    accountId: z.string().uuid('must be an account id'),
    reference: z.string().trim().min(1, 'must not be blank').max(100),
    terms: z.string().trim().max(10_000).nullish(),
    validFrom: z.string().refine(isValidDate, 'must be a date'),
    validTo: z.string().refine(isValidDate, 'must be a date'),
    roomNightCommitment: z.number().int().min(0, 'must not be negative').nullish(),
  })
  .superRefine((c, ctx) => {
    if (c.validTo < c.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
  });
export type AccountContractInput = z.output<typeof accountContractInput>;

export interface ContractTerm {
  status: ContractStatus;
  validTo: string;
}

/** Days until an active contract ends, when that is within `withinDays` of `today` (a renewal to negotiate). */
export function renewalAlert(contract: ContractTerm, today: string, withinDays: number): number | null {
  if (contract.status !== 'ACTIVE') return null;
  const left = daysBetween(today, contract.validTo);
  return left >= 0 && left <= withinDays ? left : null;
}

/** An active contract whose last day has passed is expired; the job runs this for any date, as often as wanted. */
export const hasExpired = (contract: ContractTerm, today: string) =>
  contract.status === 'ACTIVE' && contract.validTo < today;

/** Commitment against actual room nights: null ratio when nothing was committed. */
export function commitmentRatio(committed: number | null, actual: number): number | null {
  if (committed == null || committed === 0) return null;
  return actual / committed;
}
