import { describe, expect, it } from 'vitest';
import { residentIdProblem } from '../../../services/guests/src/domain/id-document.js';
// @ts-expect-error: plain JavaScript module of the seed and bench scripts
import { guestProfile, guestsDomain, K, rngFor, typo, uid } from './data.mjs';

// The seeded hotel group is a pure function of (seed, index): the bench rebuilds guests to search for them.
describe('seed data', () => {
  it('builds the same guest for the same index, with a resident ID that passes GB 11643', async () => {
    const d = await guestsDomain();
    for (let i = 0; i < 500; i++) {
      const a = guestProfile(i, d, null);
      const b = guestProfile(i, d, null);
      expect({ ...a, r: null }).toEqual({ ...b, r: null });
      if (a.idType === 'RESIDENT_ID') expect(residentIdProblem(a.idNumber)).toBeNull();
      expect(d.phoneDigits(a.phone).length).toBeGreaterThanOrEqual(11);
    }
  });

  it('gives every guest a distinct uuid-shaped id, and a typo that differs from the name', () => {
    expect(uid(K.guest, 5)).toBe('000000a1-0000-4000-8000-000000000005');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => uid(K.guest, i))).size).toBe(1000);
    expect(typo('Zhang Weiming', rngFor(9, 1))).not.toBe('Zhang Weiming');
  });
});
