import { type Role, STAFF_BUT_ANALYST } from '@guest-graph/auth';

/** Who may see and do what (contract README, "Who"). ANALYST reads aggregates and non-identifying fields. */
export const CONTACT_READERS: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'];
export const ID_DOCUMENT_READERS: Role[] = ['FRONT_OFFICE', 'MANAGER'];
export { STAFF_BUT_ANALYST };
export const FRONT_DESK: Role[] = ['FRONT_OFFICE', 'MANAGER'];
/** Who may read an account's credit (`Account.credit`): its available amount too, in a refusal. */
export const CREDIT_READERS: Role[] = ['FINANCE', 'MANAGER', 'SALES'];
export const MANAGERS: Role[] = ['MANAGER'];
/** Merges change who a guest is for every service: the desk that registers and its managers. */
export const PROFILE_STEWARDS: Role[] = ['FRONT_OFFICE', 'GUEST_RELATIONS', 'MANAGER'];
/** Sales keeps individual guest files too (seed 000 section 3.1.2, 销售部: 散客档案). */
export const PROFILE_EDITORS: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'MANAGER'];
export const MARKETERS: Role[] = ['SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER', 'ANALYST'];

/** Who may see preferences that reveal health or religion: those who serve food, rooms and the guest. */
export const SENSITIVE_READERS: Role[] = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'FOOD_AND_BEVERAGE',
  'GUEST_RELATIONS',
  'MANAGER',
];
/** Follow-up calls are made by the desk, sales and guest relations. */
export const FOLLOW_UP_ROLES: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'MANAGER'];
/** Festival greetings go out from sales, guest relations and loyalty. */
export const GREETING_ROLES: Role[] = ['SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'];
/** Reporting (contract README, "Reporting"): BI, finance, sales and managers pull stays joined across services. */
export const REPORTERS: Role[] = ['ANALYST', 'FINANCE', 'SALES', 'MANAGER'];
/** BI's copies of the records (changedSince pulls): pseudonymous, so the analysts and their managers. */
export const BI_READERS: Role[] = ['ANALYST', 'MANAGER'];
/** Consent is taken wherever the guest meets staff, but not by housekeeping or analysts (contract README). */
export const CONSENT_RECORDERS: Role[] = [
  'FRONT_OFFICE',
  'FOOD_AND_BEVERAGE',
  'SALES',
  'GUEST_RELATIONS',
  'FINANCE',
  'LOYALTY',
  'MANAGER',
];
/** Data subject requests (export, erasure) are a manager's decision (contract README). */
export const DATA_REQUEST_ROLES: Role[] = ['MANAGER'];
/** The timeline: any role but ANALYST, who reads no single guest's story. */
export const TIMELINE_READERS = STAFF_BUT_ANALYST;
/** Lines from credit (invoices, payments, holds) on a timeline: those who deal with the money. */
export const CREDIT_LINE_READERS: Role[] = ['FINANCE', 'MANAGER', 'SALES'];
/** The day's arrivals prepare rooms and tables: the desk, housekeeping, F&B, guest relations and managers. */
export const ARRIVAL_READERS: Role[] = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'FOOD_AND_BEVERAGE',
  'GUEST_RELATIONS',
  'MANAGER',
];
