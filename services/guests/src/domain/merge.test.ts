import { describe, expect, it } from 'vitest';
import { canUnmerge, type MergeableProfile, mergedContacts, mergedProfile } from './merge.js';

const blank: MergeableProfile = {
  fullName: '',
  latinName: null,
  gender: null,
  birthDate: null,
  anniversaryDate: null,
  nationality: null,
  segment: null,
  vip: false,
  vipLevel: null,
  address: null,
  employer: null,
  tags: [],
  notes: null,
  restrictions: [],
};

describe('merging profiles', () => {
  it("keeps the survivor's answers, fills its blanks from the duplicate, and unites lists", () => {
    const survivor = {
      ...blank,
      fullName: '张伟',
      segment: 'BUSINESS',
      tags: ['golf'],
      notes: 'Quiet room',
      vipLevel: 3,
      vip: true,
    };
    const duplicate = {
      ...blank,
      fullName: 'Zhang Wei',
      latinName: 'Zhang Wei',
      segment: 'LEISURE',
      birthDate: '1980-01-01',
      tags: ['golf', 'wine'],
      notes: 'Late checkout',
      vipLevel: 1,
      vip: true,
      restrictions: [{ type: 'CREDIT_WATCH' }],
    };
    expect(mergedProfile(survivor, duplicate)).toEqual({
      ...survivor,
      latinName: 'Zhang Wei',
      birthDate: '1980-01-01',
      tags: ['golf', 'wine'],
      notes: 'Quiet room\nLate checkout',
      vipLevel: 1,
      restrictions: [{ type: 'CREDIT_WATCH' }],
    });
  });
  it("unites contacts by key with the survivor's primary", () => {
    expect(
      mergedContacts(
        [{ key: '1', primary: true }],
        [
          { key: '1', primary: true },
          { key: '2', primary: true },
        ],
      ),
    ).toEqual([
      { key: '1', primary: true },
      { key: '2', primary: false },
    ]);
    expect(mergedContacts([], [{ key: '2', primary: false }])).toEqual([{ key: '2', primary: true }]);
  });
  it('allows an unmerge within the window only', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(canUnmerge(at, new Date('2026-01-31T00:00:00Z'), 30)).toBe(true);
    expect(canUnmerge(at, new Date('2026-01-31T00:00:01Z'), 30)).toBe(false);
  });
});
