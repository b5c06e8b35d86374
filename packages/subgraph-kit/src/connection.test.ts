import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf, pageSize } from './connection.js';

describe('connection helpers', () => {
  it('round-trips a keyset position through an opaque cursor', () => {
    const values = ['2026-03-01T10:00:00.000Z', 42, 'b3c1'];
    expect(decodeCursor(encodeCursor(values))).toEqual(values);
  });

  it('refuses a cursor it did not make as BAD_USER_INPUT on the field', () => {
    for (const bad of ['not a cursor', Buffer.from('{"a":1}').toString('base64url'), ''])
      expect(() => decodeCursor(bad, 'after')).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('pages rows read with LIMIT first + 1', () => {
    const rows = [1, 2, 3];
    expect(pageOf(rows, 2, String)).toEqual({
      edges: [
        { cursor: '1', node: 1 },
        { cursor: '2', node: 2 },
      ],
      pageInfo: { hasNextPage: true, endCursor: '2' },
    });
    expect(pageOf([], 2, String).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('takes the fallback and refuses a size above the maximum', () => {
    expect(pageSize(undefined, { max: 100, fallback: 20 })).toBe(20);
    expect(() => pageSize(101, { max: 100, fallback: 20 })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
  });
});
