import { STAFF_BUT_ANALYST } from '@guest-graph/auth';

/** Who enrols members and redeems or cancels redemptions at the desk. */
export const ENROLLERS = ['FRONT_OFFICE', 'LOYALTY', 'MANAGER'] as const;
/** Who corrects the ledger by hand (adjustments, reversing a compensation). */
export const CORRECTORS = ['LOYALTY', 'MANAGER'] as const;
/** Who sets earning rates and creates promotions. */
export const PROGRAMME_MANAGERS = ['LOYALTY', 'MANAGER'] as const;
/** Who may see what identifies a member: everyone but ANALYST (contract README). */
export const IDENTIFYING_READERS = STAFF_BUT_ANALYST;
