import { describe, expect, it } from 'vitest';
import { policyFrom } from './recovery-policy.js';

describe('recovery policy from the environment', () => {
  it('uses the defaults when nothing is set', () => {
    const p = policyFrom({});
    expect(p.routing.NOISE).toBe('FRONT_OFFICE');
    expect(p.sla.resolveMs.CRITICAL).toBe(3_600_000);
    expect(p.repeatWindowDays).toBe(90);
    expect(p.followUpAfterMs).toBe(24 * 3_600_000);
    expect(p.authority.GUEST_RELATIONS).toEqual({ points: 5_000, cents: 200_000n });
  });
  it('takes every setting and refuses nonsense at start', () => {
    const p = policyFrom({
      SERVICE_RECOVERY_ROUTING: 'NOISE=SECURITY',
      SERVICE_RECOVERY_ACK_MINUTES: 'CRITICAL=5',
      SERVICE_RECOVERY_RESOLVE_MINUTES: 'LOW=600',
      SERVICE_RECOVERY_AUTHORITY: 'FRONT_OFFICE=100/50.00',
      SERVICE_RECOVERY_REPEAT_WINDOW_DAYS: '30',
      SERVICE_RECOVERY_FOLLOW_UP_HOURS: '48',
    });
    expect(p.routing.NOISE).toBe('SECURITY');
    expect(p.sla.acknowledgeMs.CRITICAL).toBe(300_000);
    expect(p.sla.resolveMs.LOW).toBe(36_000_000);
    expect(p.authority.FRONT_OFFICE).toEqual({ points: 100, cents: 5_000n });
    expect(p.repeatWindowDays).toBe(30);
    expect(p.followUpAfterMs).toBe(48 * 3_600_000);
    expect(() => policyFrom({ SERVICE_RECOVERY_REPEAT_WINDOW_DAYS: 'soon' })).toThrow(/REPEAT_WINDOW/);
  });
});
