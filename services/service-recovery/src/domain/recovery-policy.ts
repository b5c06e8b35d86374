import type { Role } from '@guest-graph/auth';
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
  const repeatWindowDays = Number(env.SERVICE_RECOVERY_REPEAT_WINDOW_DAYS ?? 90);
  const followUpHours = Number(env.SERVICE_RECOVERY_FOLLOW_UP_HOURS ?? 24);
  if (!Number.isFinite(repeatWindowDays) || repeatWindowDays < 0)
    throw new Error('SERVICE_RECOVERY_REPEAT_WINDOW_DAYS must be a number of days');
  if (!Number.isFinite(followUpHours) || followUpHours < 0)
    throw new Error('SERVICE_RECOVERY_FOLLOW_UP_HOURS must be a number of hours');
  return {
    sla: {
      acknowledgeMs: parseMinutes(env.SERVICE_RECOVERY_ACK_MINUTES, DEFAULT_SLA.acknowledgeMs),
      resolveMs: parseMinutes(env.SERVICE_RECOVERY_RESOLVE_MINUTES, DEFAULT_SLA.resolveMs),
    },
    routing: parseRouting(env.SERVICE_RECOVERY_ROUTING),
    authority: parseAuthority(env.SERVICE_RECOVERY_AUTHORITY),
    repeatWindowDays,
    followUpAfterMs: followUpHours * 3_600_000,
  };
}
