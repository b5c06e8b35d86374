import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf, pageSize } from './connection.js';

describe('connection cursors', () => {
  it('round-trip the sort key and id', () => {
    expect(decodeCursor(encodeCursor(['2026-05-01 09:00:00+00', 'a1', 3]))).toEqual([
      '2026-05-01 09:00:00+00',
      'a1',
      3,
    ]);
  });
  it('refuse what is not a cursor, on the field named', () => {
    for (const bad of ['%%%', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('"x"').toString('base64url')])
      expect(() => decodeCursor(bad, 'input.after')).toThrow(
        expect.objectContaining({
          code: 'BAD_USER_INPUT',
          extensions: expect.objectContaining({ field: 'input.after' }),
        }),
      );
  });
});

describe('a page', () => {
  const rows = [1, 2, 3].map((n) => ({ n }));
  it('says another page follows when the extra row came back, and ends on the last edge shown', () => {
    expect(pageOf(rows, 2, (r) => `c${r.n}`)).toEqual({
      edges: [
        { cursor: 'c1', node: { n: 1 } },
        { cursor: 'c2', node: { n: 2 } },
      ],
      pageInfo: { hasNextPage: true, endCursor: 'c2' },
    });
  });
  it('has no end cursor when empty', () => {
    expect(pageOf([], 2, () => 'x').pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
  it('takes the fallback size and refuses one outside 1..max', () => {
    expect(pageSize(undefined, { max: 10, fallback: 5 })).toBe(5);
    expect(pageSize(10, { max: 10, fallback: 5 })).toBe(10);
    for (const n of [0, 11, 2.5]) expect(() => pageSize(n, { max: 10, fallback: 5 })).toThrow(/first must be 1 to 10/);
  });
});
