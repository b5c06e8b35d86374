import { describe, expect, it } from 'vitest';
import { addMonths, expiresAt, expiryCutoff } from './expiry.js';

describe('expiry dates', () => {
  it('fall 24 months after the last activity', () => {
    expect(expiresAt(new Date('2024-05-10T08:00:00Z')).toISOString()).toBe('2026-05-10T08:00:00.000Z');
    expect(expiryCutoff(new Date('2026-05-10T08:00:00Z')).toISOString()).toBe('2024-05-10T08:00:00.000Z');
  });
  it('clamp to the end of a shorter month', () => {
    expect(addMonths(new Date('2024-03-31T00:00:00Z'), 1).toISOString()).toBe('2024-04-30T00:00:00.000Z');
    expect(addMonths(new Date('2024-02-29T00:00:00Z'), 12).toISOString()).toBe('2025-02-28T00:00:00.000Z');
  });
});
