import { describe, expect, it } from 'vitest';
import { isInTheFuture } from './sales-activity.js';

describe('an activity recorded ahead of the clock', () => {
  const now = new Date('2026-05-01T06:00:00Z');
  it('is fine a few minutes ahead (clocks drift)', () => {
    expect(isInTheFuture(new Date('2026-05-01T06:09:59Z'), now)).toBe(false);
  });
  it('is a mistake beyond ten minutes', () => {
    expect(isInTheFuture(new Date('2026-05-01T06:10:01Z'), now)).toBe(true);
  });
});
