import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './account-page.js';

describe('account list cursors', () => {
  const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it('round-trips within one ordering and is refused by another', () => {
    const c = encodeCursor('NAME:ASC', { key: 'Acme', id });
    expect(decodeCursor('NAME:ASC', c)).toEqual({ key: 'Acme', id });
    expect(decodeCursor('REVENUE:DESC', c)).toBeNull();
  });
  it('refuses what is not a cursor', () => {
    expect(decodeCursor('NAME:ASC', 'bm9wZQ')).toBeNull();
    expect(decodeCursor('NAME:ASC', '!!!')).toBeNull();
    expect(decodeCursor('REVENUE:ASC', encodeCursor('REVENUE:ASC', { key: '1; DROP TABLE', id }))).toBeNull();
    expect(decodeCursor('NAME:ASC', encodeCursor('NAME:ASC', { key: 'x', id: 'not-a-uuid' }))).toBeNull();
  });
});
