import { describe, expect, it } from 'vitest';
import { findRepeat, severityFor } from './repeat-complaint.js';
import { parseRouting, routeTo } from './routing.js';

describe('routing', () => {
  it('sends each category to its department', () => {
    expect(routeTo('NOISE')).toBe('FRONT_OFFICE');
    expect(routeTo('ROOM_CLEANLINESS')).toBe('HOUSEKEEPING');
    expect(routeTo('FOOD_AND_BEVERAGE')).toBe('FOOD_AND_BEVERAGE');
    expect(routeTo('BILLING')).toBe('FINANCE');
  });
  it('follows the configured map', () => {
    const routing = parseRouting('NOISE=SECURITY');
    expect(routeTo('NOISE', routing)).toBe('SECURITY');
    expect(routeTo('BILLING', routing)).toBe('FINANCE');
    expect(() => parseRouting('NOISE=NOBODY')).toThrow();
  });
});

describe('repeat complaints', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const prior = [
    { id: 'open', category: 'NOISE', status: 'IN_PROGRESS', openedAt: new Date('2026-05-25T00:00:00Z') },
    { id: 'a', category: 'NOISE', status: 'CLOSED', openedAt: new Date('2026-05-20T00:00:00Z') },
    { id: 'b', category: 'NOISE', status: 'RESOLVED', openedAt: new Date('2026-01-01T00:00:00Z') },
    { id: 'c', category: 'BILLING', status: 'RESOLVED', openedAt: new Date('2026-05-30T00:00:00Z') },
  ];
  it('finds the latest same-category case inside the window and raises severity one step', () => {
    const repeat = findRepeat('NOISE', now, prior, 30);
    expect(repeat?.id).toBe('a');
    expect(severityFor('MEDIUM', repeat)).toBe('HIGH');
  });
  it('ignores other categories, older cases and cases still being handled', () => {
    expect(findRepeat('NOISE', now, prior.slice(2), 30)).toBeNull();
    expect(findRepeat('NOISE', now, prior.slice(0, 1), 30)).toBeNull();
    expect(severityFor('MEDIUM', null)).toBe('MEDIUM');
  });
});
