import type { Role } from '@guest-graph/auth';

/**
 * Preferences and observations (seed 000 section 3.1: every department collects what it notices while
 * serving, and the history is shared). One current value per category, with its history.
 */
export const PREFERENCE_CATEGORIES = [
  'ROOM_TYPE',
  'PILLOW',
  'MATTRESS',
  'TOILETRIES',
  'ROOM_TEMPERATURE',
  'LIGHTING',
  'BATH_WATER',
  'READING',
  'TV_ENTERTAINMENT',
  'DIET',
  'TEA_COFFEE',
  'BEVERAGE',
  'MEETING_SETUP',
  'HYGIENE',
  'OTHER',
] as const;
export type PreferenceCategory = (typeof PREFERENCE_CATEGORIES)[number];

export const DEPARTMENTS = [
  'FRONT_OFFICE',
  'HOUSEKEEPING',
  'FOOD_AND_BEVERAGE',
  'SALES',
  'GUEST_RELATIONS',
  'FINANCE',
  'LOYALTY',
  'MANAGEMENT',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

// The order says which department records when a member of staff holds several roles: the one that serves.
const ROLE_DEPARTMENT: [Role, Department][] = [
  ['HOUSEKEEPING', 'HOUSEKEEPING'],
  ['FOOD_AND_BEVERAGE', 'FOOD_AND_BEVERAGE'],
  ['FRONT_OFFICE', 'FRONT_OFFICE'],
  ['GUEST_RELATIONS', 'GUEST_RELATIONS'],
  ['SALES', 'SALES'],
  ['LOYALTY', 'LOYALTY'],
  ['FINANCE', 'FINANCE'],
  ['MANAGER', 'MANAGEMENT'],
];

/** Contract: "The recording department comes from the caller's role, not from the input." */
export function departmentOf(roles: readonly Role[]): Department | null {
  return ROLE_DEPARTMENT.find(([role]) => roles.includes(role))?.[1] ?? null;
}

// Health and religion show through words like these (in both languages the desk types).
const SENSITIVE_WORDS = [
  /allerg/i,
  /halal/i,
  /kosher/i,
  /gluten/i,
  /coeliac|celiac/i,
  /diabet/i,
  /pregnan/i,
  /wheelchair/i,
  /medic/i,
  /religio/i,
  /muslim|islam|jewish|hindu|buddhis/i,
  /过敏/,
  /清真/,
  /穆斯林/,
  /犹太/,
  /糖尿病/,
  /孕/,
  /轮椅/,
  /斋/,
  /忌/,
  /药/,
];

/** A preference is sensitive when staff say so, or when its words reveal health or religion. */
export function isSensitive(value: string, note?: string | null, flagged?: boolean | null): boolean {
  if (flagged) return true;
  const text = `${value} ${note ?? ''}`;
  return SENSITIVE_WORDS.some((w) => w.test(text));
}

/** Comparable form of a value, so "Feather pillow " and "feather pillow" confirm each other. */
export const normaliseValue = (value: string) => value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** Stale: not confirmed within `staleAfterDays` (configurable, `GUESTS_PREFERENCE_STALE_DAYS`). */
export function isStale(lastConfirmedAt: Date, now: Date, staleAfterDays: number): boolean {
  return now.getTime() - lastConfirmedAt.getTime() > staleAfterDays * 86_400_000;
}

export interface ObservationSeen {
  stayId: string | null;
  recordedBy: string;
}

/**
 * An observation becomes a preference once it is confirmed: seen on a second stay, or by a second member of
 * staff (seed 000: details collected by everyone, evaluated together before they are relied on).
 */
export function observationConfirmed(sightings: ObservationSeen[]): boolean {
  const stays = new Set(sightings.map((s) => s.stayId).filter(Boolean));
  const staff = new Set(sightings.map((s) => s.recordedBy));
  return stays.size >= 2 || staff.size >= 2;
}
