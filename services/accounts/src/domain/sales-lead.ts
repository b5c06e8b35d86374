import type { Role } from '@guest-graph/auth';
import { isValidDate } from '@guest-graph/subgraph-kit';
import { z } from 'zod';

/**
 * Seed 004: the front desk (and every department that meets guests) passes valuable client information to
 * sales. A lead names the guest's company; sales assigns it to a salesperson with a date to act by; it ends
 * converted to an account or dismissed.
 */
export const LEAD_STATUSES = ['NEW', 'ASSIGNED', 'CONVERTED', 'DISMISSED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

const NEXT: Record<LeadStatus, LeadStatus[]> = {
  NEW: ['ASSIGNED', 'CONVERTED', 'DISMISSED'],
  // A reassignment keeps it assigned.
  ASSIGNED: ['ASSIGNED', 'CONVERTED', 'DISMISSED'],
  CONVERTED: [],
  DISMISSED: [],
};
export const canMoveLead = (from: LeadStatus, to: LeadStatus) => NEXT[from].includes(to);

const optional = (max: number) => z.string().trim().max(max).nullish();

export const passLeadInput = z.object({
  companyName: z.string().trim().min(1, 'must not be blank').max(200),
  guestId: z.string().uuid('must be a guest id').nullish(),
  contactName: optional(100),
  contactPhone: optional(40),
  note: optional(2000),
});
export type PassLeadInput = z.output<typeof passLeadInput>;

export const assignLeadInput = z.object({
  salespersonId: z.string().trim().min(1, 'must not be blank').max(100),
  dueOn: z.string().refine(isValidDate, 'must be a date'),
});

/** The department a lead came from, by the role of whoever passed it. */
export function leadSource(roles: readonly Role[]): string {
  const order: Role[] = ['FRONT_OFFICE', 'FOOD_AND_BEVERAGE', 'HOUSEKEEPING', 'GUEST_RELATIONS', 'LOYALTY', 'FINANCE'];
  return order.find((r) => roles.includes(r)) ?? roles[0] ?? 'OTHER';
}
