// The contract README's roles and field rules, as the console needs them to ask only for what a role may read.
export const ROLES = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'FOOD_AND_BEVERAGE',
  'SALES',
  'GUEST_RELATIONS',
  'FINANCE',
  'LOYALTY',
  'MANAGER',
  'ANALYST',
] as const;

const any = (mine: string[], allowed: string[]) => mine.some((r) => allowed.includes(r));

export const may = (roles: string[]) => ({
  contacts: any(roles, ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER']),
  idDocument: any(roles, ['FRONT_OFFICE', 'MANAGER']),
  search: roles.some((r) => r !== 'ANALYST'),
  recordPreference: roles.some((r) => r !== 'ANALYST'),
  frontDesk: any(roles, ['FRONT_OFFICE', 'MANAGER']),
  credit: any(roles, ['FINANCE', 'MANAGER', 'SALES']),
  finance: any(roles, ['FINANCE', 'MANAGER']),
  sales: any(roles, ['SALES', 'MANAGER']),
  accountContacts: any(roles, ['SALES', 'MANAGER', 'FRONT_OFFICE', 'FINANCE', 'GUEST_RELATIONS']),
});

export type Department = 'overview' | 'arrivals' | 'cases' | 'surveys' | 'accounts' | 'receivables' | 'loyalty';
const DEPARTMENTS: Record<Department, string[]> = {
  overview: ['MANAGER'],
  arrivals: ['FRONT_OFFICE', 'HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'MANAGER'],
  cases: ['GUEST_RELATIONS', 'MANAGER'],
  // surveyScores is aggregate (ANALYST reads it); a stay's answers are for the others.
  surveys: ['GUEST_RELATIONS', 'MANAGER', 'ANALYST'],
  accounts: ['SALES', 'MANAGER'],
  receivables: ['FINANCE', 'MANAGER'],
  loyalty: ['LOYALTY', 'MANAGER'],
};
export const departmentsOf = (roles: string[]) =>
  (Object.keys(DEPARTMENTS) as Department[]).filter((d) => any(roles, DEPARTMENTS[d]));
