import type { Role } from '@guest-graph/auth';

/** Contract README: credit operations are FINANCE and MANAGER; SALES may also read Account.credit. */
export const CREDIT_OFFICERS: readonly Role[] = ['FINANCE', 'MANAGER'];
export const CREDIT_READERS: readonly Role[] = ['FINANCE', 'MANAGER', 'SALES'];
