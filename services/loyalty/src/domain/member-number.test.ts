import { describe, expect, it } from 'vitest';
import { luhnDigit, memberNumberFor, normaliseMemberNumber } from './member-number.js';

describe('member numbers', () => {
  it('end with a Luhn check digit', () => {
    // 7992739871 is the textbook Luhn example: its check digit is 3.
    expect(luhnDigit('7992739871')).toBe(3);
    expect(memberNumberFor(10000001)).toBe(`10000001${luhnDigit('10000001')}`);
    expect(memberNumberFor(10000001)).toHaveLength(9);
  });

  it('accept what they print, with the spaces and dashes the desk may type', () => {
    const n = memberNumberFor(12345678);
    expect(normaliseMemberNumber(n)).toBe(n);
    expect(normaliseMemberNumber(`${n.slice(0, 4)} ${n.slice(4)}`)).toBe(n);
    expect(normaliseMemberNumber(`${n.slice(0, 4)}-${n.slice(4)}`)).toBe(n);
  });

  it('catch every single wrong digit and every swap of two different neighbours', () => {
    const n = memberNumberFor(10034567);
    for (let i = 0; i < n.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[i]) continue;
        expect(normaliseMemberNumber(`${n.slice(0, i)}${d}${n.slice(i + 1)}`)).toBeNull();
      }
    }
    const swapped = (s: string, i: number) => `${s.slice(0, i)}${s[i + 1]}${s[i]}${s.slice(i + 2)}`;
    for (let i = 0; i < n.length - 1; i++) {
      // Luhn's one blind spot is 09 <-> 90; this number has no such pair.
      if (n[i] !== n[i + 1]) expect(normaliseMemberNumber(swapped(n, i))).toBeNull();
    }
  });

  it('refuse anything that is not nine digits', () => {
    expect(normaliseMemberNumber('12345')).toBeNull();
    expect(normaliseMemberNumber('ABCDEFGHI')).toBeNull();
  });
});
