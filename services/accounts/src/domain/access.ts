import { type Role, STAFF_BUT_ANALYST } from '@guest-graph/auth';

/** Contract README: createAccount and linkGuestToAccount are for SALES and MANAGER; so is the rest of sales work. */
export const SALES_ROLES: Role[] = ['SALES', 'MANAGER'];
/** Names and numbers of people at an account: not for ANALYST (aggregates only) nor the back of house. */
export const CONTACT_READERS: Role[] = ['SALES', 'MANAGER', 'FRONT_OFFICE', 'FINANCE', 'GUEST_RELATIONS'];
/** Targets and cadence reports are aggregates: sales, their manager and analysts read them. */
export const REPORT_READERS: Role[] = ['SALES', 'MANAGER', 'ANALYST'];
/** An account's timeline: any role but ANALYST. */
export const TIMELINE_READERS = STAFF_BUT_ANALYST;
/** Lines from credit (invoices, payments, holds) on a timeline: those who deal with the money. */
export const CREDIT_LINE_READERS: Role[] = ['FINANCE', 'MANAGER', 'SALES'];
/** Seed 004: a contract is reviewed before it is signed, by the sales manager (not the salesperson who drafted it). */
export const CONTRACT_REVIEWERS: Role[] = ['MANAGER'];
/** Events: sales books them with the organiser (and their manager); everyone else reads them. */
export const EVENT_BOOKERS: Role[] = ['SALES', 'MANAGER'];
/** Who is at an event, its planner and the service notes name people: the serving departments, not ANALYST. */
export const EVENT_PEOPLE_READERS = STAFF_BUT_ANALYST;
/** An event's revenue: sales, their manager, finance and the analysts' aggregates. */
export const EVENT_REVENUE_READERS: Role[] = ['SALES', 'MANAGER', 'FINANCE', 'ANALYST'];
