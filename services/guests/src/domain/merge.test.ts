import { describe, expect, it } from 'vitest';
import { searchName } from './guest-profile.js';
import {
  canUnmerge,
  type MergeableProfile,
  type MergeGuest,
  mergedContacts,
  mergedProfile,
  planMerge,
  unmergedSurvivor,
} from './merge.js';

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

describe('planning a merge', () => {
  const guest = (id: string, extra: Partial<MergeGuest> = {}): MergeGuest => ({
    ...blank,
    id,
    fullName: '张伟',
    searchName: 'zhangwei',
    idDocType: null,
    idDocIndex: null,
    idDocCipher: null,
    idDocLast4: null,
    idDocLength: null,
    ...extra,
  });
  const at = new Date('2026-03-01T08:00:00Z');
  const phone = (guestId: string, digits: string, isPrimary: boolean) => ({
    id: `${guestId}-${digits}`,
    guestId,
    number: digits,
    digits,
    isPrimary,
    addedAt: at,
  });

  it('moves the duplicate document, adds only new contacts and keeps what it wrote for an unmerge', () => {
    const survivor = guest('s');
    const duplicate = guest('d', {
      latinName: 'Zhang Wei',
      idDocType: 'RESIDENT_ID',
      idDocIndex: 'ix',
      idDocCipher: 'c',
    });
    const plan = planMerge({
      survivor,
      duplicate,
      survivorPhones: [phone('s', '13800000000', true)],
      duplicatePhones: [phone('d', '13800000000', true), phone('d', '13900000000', true)],
      survivorEmails: [],
      duplicateEmails: [],
      footprint: {
        stays: ['st1'],
        preferences: [
          { id: 'p1', supersededAt: null, yields: true },
          { id: 'p2', supersededAt: null, yields: false },
        ],
        observations: [],
        consents: [],
        followUps: [],
      },
    });
    expect(plan.preview.phones).toEqual(['13800000000', '13900000000']);
    expect(plan.preview.idDocumentType).toBe('RESIDENT_ID');
    expect(plan.addedPhones).toEqual([{ number: '13900000000', digits: '13900000000', isPrimary: false }]);
    expect(plan.movingDocument?.ownerId).toBe('d');
    expect(plan.counts).toEqual({
      staysMoved: 1,
      preferencesMoved: 1,
      preferencesKeptAsHistory: 1,
      observationsMoved: 0,
    });
    expect(plan.yieldingPreferences).toEqual(['p1']);
    expect(plan.survivorPatch.searchName).not.toBe('zhangwei');
    expect(plan.snapshot.after?.documentIndex).toBe('ix');

    // Staff changed the latin name after the merge: the unmerge keeps that edit and takes back the rest.
    const current = { ...survivor, ...plan.survivorPatch, latinName: 'Wei Zhang', idDocIndex: 'ix' };
    const back = unmergedSurvivor(plan.snapshot, current);
    expect(back).not.toHaveProperty('latinName');
    expect(back.idDocIndex).toBeNull();
    expect(back.searchName).toBe(searchName('张伟', 'Wei Zhang'));
  });
});
