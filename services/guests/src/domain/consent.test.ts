import { describe, expect, it } from 'vitest';
import { consentInputSchema, mayServe } from './consent.js';

describe('consent', () => {
  it('serves a purpose on its latest answer, and on none only where the stay itself is the basis', () => {
    expect(mayServe('MARKETING', null)).toBe(false);
    expect(mayServe('GROUP_SHARING', null)).toBe(false);
    expect(mayServe('PERSONALISATION', null)).toBe(true);
    expect(mayServe('SURVEYS', null)).toBe(true);
    expect(mayServe('SURVEYS', false)).toBe(false);
    expect(mayServe('MARKETING', true)).toBe(true);
  });

  it('asks marketing per channel and keeps other purposes without one', () => {
    const base = { granted: true, noticeVersion: 'v3', source: 'desk' };
    expect(consentInputSchema.safeParse({ ...base, purpose: 'MARKETING' }).success).toBe(false);
    expect(consentInputSchema.parse({ ...base, purpose: 'SURVEYS' }).channel).toBeNull();
    expect(
      consentInputSchema.safeParse({ ...base, purpose: 'MARKETING', channel: 'WECHAT', noticeVersion: ' ' }).success,
    ).toBe(false);
  });
});
