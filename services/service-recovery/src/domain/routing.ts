/**
 * Who owns a complaint: seed 004 has the complaint handler notify the department concerned at once. The map
 * is configurable (SERVICE_RECOVERY_ROUTING="NOISE=SECURITY,..."), because hotels split departments
 * differently; these defaults follow the issue.
 */
export const CASE_CATEGORIES = [
  'ROOM_CLEANLINESS',
  'NOISE',
  'MAINTENANCE',
  'SERVICE_ATTITUDE',
  'FOOD_AND_BEVERAGE',
  'BILLING',
  'RESERVATION',
  'AMENITIES',
  'OTHER',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const DEPARTMENTS = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'ENGINEERING',
  'FOOD_AND_BEVERAGE',
  'FINANCE',
  'RESERVATIONS',
  'SALES',
  'SECURITY',
  'GUEST_RELATIONS',
  'MANAGEMENT',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const DEFAULT_ROUTING: Record<CaseCategory, Department> = {
  ROOM_CLEANLINESS: 'HOUSEKEEPING',
  NOISE: 'FRONT_OFFICE',
  MAINTENANCE: 'ENGINEERING',
  SERVICE_ATTITUDE: 'GUEST_RELATIONS',
  FOOD_AND_BEVERAGE: 'FOOD_AND_BEVERAGE',
  BILLING: 'FINANCE',
  RESERVATION: 'RESERVATIONS',
  AMENITIES: 'HOUSEKEEPING',
  OTHER: 'GUEST_RELATIONS',
};

export function parseRouting(spec: string | undefined): Record<CaseCategory, Department> {
  const out = { ...DEFAULT_ROUTING };
  if (!spec?.trim()) return out;
  for (const part of spec.split(',')) {
    const [category, department] = part.split('=').map((s) => s.trim());
    if (!CASE_CATEGORIES.includes(category as CaseCategory) || !DEPARTMENTS.includes(department as Department))
      throw new Error(`Bad routing "${part}": expected CATEGORY=DEPARTMENT`);
    out[category as CaseCategory] = department as Department;
  }
  return out;
}

export const routeTo = (category: CaseCategory, routing = DEFAULT_ROUTING): Department => routing[category];
