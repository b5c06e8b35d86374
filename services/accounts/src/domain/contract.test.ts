import { describe, expect, it } from 'vitest';
import { canMove, commitmentRatio, hasExpired, renewalAlert } from './contract.js';

describe('sales contracts', () => {
  it('moves draft through review (seed 004) to active to expired or terminated, and never back', () => {
    expect(canMove('DRAFT', 'ACTIVE')).toBe(false);
    expect(canMove('DRAFT', 'IN_REVIEW')).toBe(true);
    expect(canMove('IN_REVIEW', 'APPROVED')).toBe(true);
    expect(canMove('IN_REVIEW', 'REJECTED')).toBe(true);
    expect(canMove('IN_REVIEW', 'ACTIVE')).toBe(false);
    expect(canMove('REJECTED', 'ACTIVE')).toBe(false);
    expect(canMove('REJECTED', 'DRAFT')).toBe(true);
    expect(canMove('APPROVED', 'ACTIVE')).toBe(true);
    expect(canMove('ACTIVE', 'TERMINATED')).toBe(true);
    expect(canMove('ACTIVE', 'DRAFT')).toBe(false);
    expect(canMove('EXPIRED', 'ACTIVE')).toBe(false);
    expect(canMove('TERMINATED', 'ACTIVE')).toBe(false);
  });
  it('alerts for an active contract ending within the window, last day included', () => {
    const c = { status: 'ACTIVE' as const, validTo: '2026-06-30' };
    expect(renewalAlert(c, '2026-06-01', 30)).toBe(29);
    expect(renewalAlert(c, '2026-06-30', 30)).toBe(0);
    expect(renewalAlert(c, '2026-05-01', 30)).toBeNull();
    expect(renewalAlert(c, '2026-07-01', 30)).toBeNull();
    expect(renewalAlert({ ...c, status: 'DRAFT' }, '2026-06-01', 30)).toBeNull();
  });
  it('expires an active contract the day after its last day', () => {
    const c = { status: 'ACTIVE' as const, validTo: '2026-06-30' };
    expect(hasExpired(c, '2026-06-30')).toBe(false);
    expect(hasExpired(c, '2026-07-01')).toBe(true);
    expect(hasExpired({ ...c, status: 'TERMINATED' }, '2026-07-01')).toBe(false);
  });
  it('compares commitment with actual nights', () => {
    expect(commitmentRatio(100, 30)).toBe(0.3);
    expect(commitmentRatio(100, 130)).toBe(1.3);
    expect(commitmentRatio(null, 30)).toBeNull();
    expect(commitmentRatio(0, 30)).toBeNull();
  });
});
