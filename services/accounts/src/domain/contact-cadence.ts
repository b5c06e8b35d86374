import { addDays, DEFAULT_TIME_ZONE, hotelDate, wholeDaysBetween } from '@guest-graph/subgraph-kit';
import type { AccountGrade } from './account-file.js';

/**
 * How often the sales office must be in touch with an account of each grade (seed 004, 客戶維護 "定期溝通":
 * A weekly, B every two weeks, C monthly; potential accounts "定期" — we take 60 days).
 */
export type Cadence = Record<AccountGrade, number>;
export const DEFAULT_CADENCE: Cadence = { A: 7, B: 14, C: 30, POTENTIAL: 60 };

/**
 * Reads `ACCOUNTS_CONTACT_CADENCE` such as `A=5,B=14,C=30,POTENTIAL=90`; grades left out keep their default.
 * A malformed value stops the service at start rather than silently using a wrong cadence.
 */
export function parseCadence(value: string | undefined): Cadence {
  const cadence = { ...DEFAULT_CADENCE };
  if (!value?.trim()) return cadence;
  for (const part of value.split(',')) {
    const [grade, days] = part.split('=').map((s) => s.trim());
    if (!grade || !(grade in cadence) || !days || !/^\d+$/.test(days) || Number(days) < 1)
      throw new Error(`ACCOUNTS_CONTACT_CADENCE: "${part}" is not GRADE=DAYS (grades A, B, C, POTENTIAL)`);
    cadence[grade as AccountGrade] = Number(days);
  }
  return cadence;
}

/** An account not graded yet is treated as a potential one: contact at the slowest cadence. */
export const cadenceDays = (cadence: Cadence, grade: AccountGrade | null) => cadence[grade ?? 'POTENTIAL'];

export interface CadenceSubject {
  grade: AccountGrade | null;
  lastContactAt: Date | null;
  /** Never contacted: the clock starts when the account was opened. */
  createdAt: Date;
}

export interface ContactDue {
  cadenceDays: number;
  dueOn: string;
  /** 0 when the contact is due today or later; the count of days late otherwise. */
  daysOverdue: number;
  overdue: boolean;
}

/** When the next contact is due (a date at the hotel in `timeZone`) and how late it is on `now`. */
export function contactDue(
  subject: CadenceSubject,
  cadence: Cadence,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): ContactDue {
  const days = cadenceDays(cadence, subject.grade);
  const since = subject.lastContactAt ?? subject.createdAt;
  const dueOn = addDays(hotelDate(since, timeZone), days);
  // Overdue once more whole days than the cadence have passed since the last contact.
  const late = wholeDaysBetween(since, now) - days;
  return { cadenceDays: days, dueOn, daysOverdue: Math.max(0, late), overdue: late > 0 };
}

export interface ComplianceRow {
  ownerId: string | null;
  grade: AccountGrade | null;
  accounts: number;
  withinCadence: number;
  overdue: number;
  rate: number;
}

/** Share of accounts within their cadence on `now`, per sales person and grade (for the sales meeting). */
export function cadenceCompliance(
  accounts: (CadenceSubject & { ownerId: string | null })[],
  cadence: Cadence,
  now: Date,
  timeZone = DEFAULT_TIME_ZONE,
): ComplianceRow[] {
  const rows = new Map<string, ComplianceRow>();
  for (const a of accounts) {
    const key = `${a.ownerId ?? ''}|${a.grade ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = { ownerId: a.ownerId, grade: a.grade, accounts: 0, withinCadence: 0, overdue: 0, rate: 0 };
      rows.set(key, row);
    }
    row.accounts++;
    if (contactDue(a, cadence, now, timeZone).overdue) row.overdue++;
    else row.withinCadence++;
  }
  const order = (g: AccountGrade | null) => (g ? ['A', 'B', 'C', 'POTENTIAL'].indexOf(g) : 4);
  return [...rows.values()]
    .map((r) => ({ ...r, rate: r.accounts ? r.withinCadence / r.accounts : 0 }))
    .sort((x, y) => (x.ownerId ?? '').localeCompare(y.ownerId ?? '') || order(x.grade) - order(y.grade));
}
