import type { Role } from '@guest-graph/auth';
import { settingsOf } from '@guest-graph/config';
import { type Authority, parseAuthority } from './compensation.js';
import { type CaseCategory, type Department, parseRouting } from './routing.js';
import { DEFAULT_SLA, parseMinutes, type SlaPolicy } from './sla.js';

/** The hotel's configurable rules for complaint handling, read once at start from the environment. */
export interface RecoveryPolicy {
  sla: SlaPolicy;
  routing: Record<CaseCategory, Department>;
  authority: Partial<Record<Role, Authority>>;
  /** Same guest, same category within this many days: a repeat (severity one step up). */
  repeatWindowDays: number;
  /** When the follow-up call is due after resolution. */
  followUpAfterMs: number;
}

export function policyFrom(env: NodeJS.ProcessEnv): RecoveryPolicy {
  const s = settingsOf('service-recovery', env);
  return {
    sla: {
      acknowledgeMs: parseMinutes(s.SERVICE_RECOVERY_ACK_MINUTES, DEFAULT_SLA.acknowledgeMs),
      resolveMs: parseMinutes(s.SERVICE_RECOVERY_RESOLVE_MINUTES, DEFAULT_SLA.resolveMs),
    },
    routing: parseRouting(s.SERVICE_RECOVERY_ROUTING),
    authority: parseAuthority(s.SERVICE_RECOVERY_AUTHORITY),
    repeatWindowDays: s.SERVICE_RECOVERY_REPEAT_WINDOW_DAYS,
    followUpAfterMs: s.SERVICE_RECOVERY_FOLLOW_UP_HOURS * 3_600_000,
  };
}
