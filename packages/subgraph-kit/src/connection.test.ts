import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf, pageSize } from './connection.js';

describe('connections', () => {
  it('round-trips a sort key through an opaque cursor', () => {
    const key = ['2026-03-01', '2026-02-27T10:00:00.000Z', '0b6f1d1e-6a0f-4c39-9d0e-2b8f3b7f0a11'];
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it('refuses a malformed cursor as bad input on the field', () => {
    for (const bad of ['', 'not a cursor!', Buffer.from('{"a":1}').toString('base64url'), 'e30'])
      expect(() => decodeCursor(bad, 'after')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('pages rows fetched with one extra and says whether another page follows', () => {
    const page = pageOf([1, 2, 3], 2, (n) => encodeCursor([n]));
    expect(page.edges.map((e) => e.node)).toEqual([1, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor([2]) });
    expect(pageOf([], 2, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('takes the default size, refuses sizes out of range', () => {
    expect(pageSize(undefined, { max: 100, fallback: 20 })).toBe(20);
    expect(pageSize(100, { max: 100, fallback: 20 })).toBe(100);
    expect(() => pageSize(101, { max: 100, fallback: 20 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => pageSize(0, { max: 100, fallback: 20 })).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
