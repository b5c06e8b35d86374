import { describe, expect, it } from 'vitest';
import { activeSince } from './dormancy.js';

describe('dormancy', () => {
  it('counts activity from the day `afterDays` before today', () => {
    expect(activeSince('2026-11-30', 365)).toBe('2025-11-30');
    expect(activeSince('2026-03-01', 1)).toBe('2026-02-28');
  });
});
