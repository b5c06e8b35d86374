import { describe, expect, it } from 'vitest';
import { scoreDuplicate } from './duplicates.js';

const none = {
  samePhone: false,
  sameEmail: false,
  nameSimilarity: 0,
  birthDate: 'UNKNOWN' as const,
  sameDocument: false,
};

describe('duplicate scoring', () => {
  it('weighs shared contacts above a similar name, and a same birth date adds', () => {
    const phone = scoreDuplicate({ ...none, samePhone: true });
    const name = scoreDuplicate({ ...none, nameSimilarity: 1 });
    expect(phone.score).toBeGreaterThan(name.score);
    expect(scoreDuplicate({ ...none, nameSimilarity: 1, birthDate: 'SAME' }).score).toBe(0.5);
    expect(scoreDuplicate({ ...none, nameSimilarity: 1, birthDate: 'SAME', samePhone: true })).toEqual({
      score: 0.85,
      reasons: ['SAME_PHONE', 'SIMILAR_NAME', 'SAME_BIRTH_DATE'],
    });
  });
  it('counts a different birth date against, and caps at 1', () => {
    expect(scoreDuplicate({ ...none, nameSimilarity: 1, birthDate: 'DIFFERENT' }).score).toBe(0.05);
    expect(
      scoreDuplicate({ samePhone: true, sameEmail: true, nameSimilarity: 1, birthDate: 'SAME', sameDocument: true })
        .score,
    ).toBe(1);
    expect(scoreDuplicate({ ...none, nameSimilarity: 0.2 })).toEqual({ score: 0, reasons: [] });
  });
});
