import { type Role, STAFF_BUT_ANALYST } from '@guest-graph/auth';

// Contract README: openCase by any role but ANALYST; resolveCase by GUEST_RELATIONS and MANAGER; ANALYST
// reads aggregates and non-identifying fields only.
export const STAFF: readonly Role[] = STAFF_BUT_ANALYST;
export const RECOVERY: readonly Role[] = ['GUEST_RELATIONS', 'MANAGER'];
export const APPROVERS: readonly Role[] = ['MANAGER'];
export const ANALYSIS: readonly Role[] = ['ANALYST', 'GUEST_RELATIONS', 'MANAGER'];
