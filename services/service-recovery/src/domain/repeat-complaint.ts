import { raise, type Severity } from './sla.js';

/**
 * A guest who complains about the same thing again after the hotel put it right is a failure of the first
 * recovery (seed 003, prevention): the new case starts one severity step higher, so its clock is shorter.
 * A second report while the first case is still open is the same problem told twice, not a repeat.
 */
export interface PriorCase {
  id: string;
  category: string;
  status: string;
  openedAt: Date;
}

export function findRepeat(category: string, openedAt: Date, prior: PriorCase[], windowDays: number) {
  const since = openedAt.getTime() - windowDays * 86_400_000;
  return (
    prior
      .filter(
        (c) =>
          c.category === category &&
          (c.status === 'RESOLVED' || c.status === 'CLOSED') &&
          c.openedAt.getTime() >= since &&
          c.openedAt <= openedAt,
      )
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())[0] ?? null
  );
}

export function severityFor(reported: Severity, repeatOf: PriorCase | null): Severity {
  return repeatOf ? raise(reported) : reported;
}

/** The arrival brief's warning: any complaint in the twelve months before `now`. */
export const PREVIOUS_COMPLAINT_DAYS = 365;
export const hadComplaintSince = (now: Date) => new Date(now.getTime() - PREVIOUS_COMPLAINT_DAYS * 86_400_000);
