/**
 * Service-level clocks per severity. Time to resolve is the contract's table (dueAt = opened + CRITICAL 1 h,
 * HIGH 4 h, MEDIUM 24 h, LOW 72 h); time to acknowledge is the hotel's own promise that someone has picked
 * the complaint up (seed 004: "notify the department at once"). Both may be overridden by configuration.
 */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SlaPolicy {
  acknowledgeMs: Record<Severity, number>;
  resolveMs: Record<Severity, number>;
}

export const DEFAULT_SLA: SlaPolicy = {
  acknowledgeMs: { CRITICAL: 15 * MINUTE, HIGH: 30 * MINUTE, MEDIUM: 2 * HOUR, LOW: 8 * HOUR },
  resolveMs: { CRITICAL: 1 * HOUR, HIGH: 4 * HOUR, MEDIUM: 24 * HOUR, LOW: 72 * HOUR },
};

export interface SlaDeadlines {
  acknowledgeDueAt: Date;
  dueAt: Date;
}

export function deadlines(severity: Severity, from: Date, policy: SlaPolicy = DEFAULT_SLA): SlaDeadlines {
  return {
    acknowledgeDueAt: new Date(from.getTime() + policy.acknowledgeMs[severity]),
    dueAt: new Date(from.getTime() + policy.resolveMs[severity]),
  };
}

/** "CRITICAL=30,HIGH=60" (minutes) over `base`; unknown severities or bad numbers are refused at start. */
export function parseMinutes(spec: string | undefined, base: Record<Severity, number>): Record<Severity, number> {
  const out = { ...base };
  if (!spec?.trim()) return out;
  for (const part of spec.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    const minutes = Number(v);
    if (!SEVERITIES.includes(k as Severity) || !Number.isFinite(minutes) || minutes <= 0)
      throw new Error(`Bad SLA setting "${part}": expected SEVERITY=minutes`);
    out[k as Severity] = minutes * MINUTE;
  }
  return out;
}

/** One step up (a repeat complaint), CRITICAL stays CRITICAL. */
export function raise(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)]!;
}

/** How a case fared against one of its clocks, as BI reports it. */
export type SlaOutcome = 'MET' | 'BREACHED' | 'PENDING';

/**
 * MET when done by the deadline, BREACHED when done late or marked breached (the SLA job marks a deadline that
 * passed undone), else PENDING: still within time. A deadline passed and not yet marked counts as BREACHED.
 */
export function slaOutcome(doneAt: Date | null, dueAt: Date, breachedAt: Date | null, now: Date): SlaOutcome {
  if (doneAt) return doneAt.getTime() <= dueAt.getTime() ? 'MET' : 'BREACHED';
  return breachedAt || now.getTime() > dueAt.getTime() ? 'BREACHED' : 'PENDING';
}
