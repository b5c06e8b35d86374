import { describe, expect, it } from 'vitest';
import {
  documentNumberProblem,
  maskDocumentNumber,
  normaliseDocumentNumber,
  residentIdCheckCharacter,
  residentIdProblem,
} from './id-document.js';

describe('resident ID (GB 11643-1999)', () => {
  it('accepts numbers whose check character matches, X included, however typed', () => {
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('110105 19491231 002x')).toBeNull();
    expect(residentIdProblem('440524188001010014')).toBeNull();
  });
  it('refuses a wrong check digit, a wrong length, letters, and an impossible birth date', () => {
    expect(residentIdProblem('110105194912310021')).toMatch(/check digit/);
    expect(residentIdProblem('11010519491231002')).toMatch(/17 digits/);
    expect(residentIdProblem('1101051949123100AX')).toMatch(/17 digits/);
    const first17 = '11010519490230002';
    expect(residentIdProblem(first17 + residentIdCheckCharacter(first17))).toMatch(/real date/);
  });
  it('computes the check character of the standard example', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });
  it('never repeats the number in its reason', () => {
    expect(residentIdProblem('110105194912310021')).not.toContain('110105');
  });
});

describe('other documents', () => {
  it('checks shape only', () => {
    expect(documentNumberProblem('PASSPORT', 'E12345678')).toBeNull();
    expect(documentNumberProblem('PASSPORT', 'E1')).toMatch(/5 to 32/);
    expect(documentNumberProblem('HK_MACAO_PERMIT', 'C1234567!')).toMatch(/letters and digits/);
  });
  it('normalises and masks to the last four characters', () => {
    expect(normaliseDocumentNumber(' e123-456 78 ')).toBe('E12345678');
    expect(maskDocumentNumber('002X')).toBe('**************002X');
    expect(maskDocumentNumber('5678', 9)).toBe('*****5678');
  });
});
