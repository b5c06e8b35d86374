import type { Role } from '@guest-graph/auth';
import type { CaseCategory, Department } from './routing.js';
import type { Severity } from './sla.js';

/**
 * Opinion forms and in-stay feedback (seed 000 §3.1(2): every guest-facing employee fills in 宾客意见表; seed
 * 001: ask during the stay, while something can still be done). What the guest said is kept; a complaint or a
 * low score while the guest is in house becomes a case at once, so it is handled before they leave.
 */
export const FEEDBACK_KINDS = ['PRAISE', 'SUGGESTION', 'COMPLAINT', 'COMMENT'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Scores are 1 (very poor) to 5 (excellent); 2 or below is a guest who is unhappy now. */
export const LOW_SCORE = 2;

/**
 * The case an in-stay feedback opens, or null: only while the guest is in house (after departure the post-stay
 * survey and the follow-up call take over), for a complaint or a low score. A score of 1 is urgent.
 */
export function caseForFeedback(f: {
  kind: FeedbackKind;
  score: number | null;
  category: CaseCategory | null;
  inHouse: boolean;
}): { category: CaseCategory; severity: Severity } | null {
  if (!f.inHouse) return null;
  const low = f.score != null && f.score <= LOW_SCORE;
  if (f.kind !== 'COMPLAINT' && !low) return null;
  return { category: f.category ?? 'OTHER', severity: f.score === 1 ? 'HIGH' : 'MEDIUM' };
}

/** The department that heard it, from the caller's roles (the first that is a department), else front office. */
export function departmentOfRoles(roles: readonly Role[]): Department {
  const byRole: Partial<Record<Role, Department>> = {
    FRONT_OFFICE: 'FRONT_OFFICE',
    HOUSEKEEPING: 'HOUSEKEEPING',
    FOOD_AND_BEVERAGE: 'FOOD_AND_BEVERAGE',
    SALES: 'SALES',
    GUEST_RELATIONS: 'GUEST_RELATIONS',
    FINANCE: 'FINANCE',
    MANAGER: 'MANAGEMENT',
  };
  for (const r of roles) if (byRole[r]) return byRole[r]!;
  return 'FRONT_OFFICE';
}
