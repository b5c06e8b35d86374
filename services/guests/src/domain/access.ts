import { type Role, STAFF_BUT_ANALYST } from '@guest-graph/auth';

/** Who may see and do what (contract README, "Who"). ANALYST reads aggregates and non-identifying fields. */
export const CONTACT_READERS: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'];
export const ID_DOCUMENT_READERS: Role[] = ['FRONT_OFFICE', 'MANAGER'];
export { STAFF_BUT_ANALYST };
export const FRONT_DESK: Role[] = ['FRONT_OFFICE', 'MANAGER'];
export const MANAGERS: Role[] = ['MANAGER'];
/** Merges change who a guest is for every service: the desk that registers and its managers. */
export const PROFILE_STEWARDS: Role[] = ['FRONT_OFFICE', 'GUEST_RELATIONS', 'MANAGER'];
/** Sales keeps individual guest files too (seed 000 section 3.1.2, 销售部: 散客档案). */
export const PROFILE_EDITORS: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'MANAGER'];
export const MARKETERS: Role[] = ['SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER', 'ANALYST'];
