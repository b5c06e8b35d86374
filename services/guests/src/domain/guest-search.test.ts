import { describe, expect, it } from 'vitest';
import { identifiersSearched, planSearch, searchableBy } from './guest-search.js';

describe('reading the search box', () => {
  it('reads a formatted phone number as digits, dropping the mainland country code', () => {
    expect(planSearch('+86 138-0013-8000')).toMatchObject({ phone: '13800138000', name: null, email: null });
    expect(planSearch('(021) 6321 8888').phone).toBe('02163218888');
  });
  it('reads a name in pinyin or Chinese, without accents', () => {
    expect(planSearch('  Zhāng  Wěi ')).toMatchObject({ name: 'zhang wei', phone: null, documentNumber: null });
    expect(planSearch('张伟').name).toBe('张伟 zhang wei zhangwei');
    expect(planSearch('王').name).toBe('王 wang');
    expect(planSearch('z').name).toBeNull();
  });
  it('looks for the characters as typed first, then their pinyin, then looser spellings', () => {
    expect(planSearch('张伟').namePasses).toEqual([
      { text: '张伟', threshold: 0.6 },
      { text: '张伟 zhang wei zhangwei', threshold: 0.6 },
      { text: '张伟 zhang wei zhangwei', threshold: 0.45 },
      { text: '张伟 zhang wei zhangwei', threshold: 0.45, orSimilarity: 0.3 },
    ]);
    expect(planSearch('Zhang Wie').namePasses).toEqual([
      { text: 'zhang wie', threshold: 0.6 },
      { text: 'zhang wie', threshold: 0.45 },
      { text: 'zhang wie', threshold: 0.45, orSimilarity: 0.3 },
    ]);
    expect(planSearch('13800138000').namePasses).toEqual([]);
  });
  it('reads an email in lower case and an ID number exactly', () => {
    expect(planSearch('Li.Na@Example.com')).toMatchObject({ email: 'li.na@example.com', name: null });
    expect(planSearch('11010519491231002x')).toMatchObject({
      documentNumber: '11010519491231002X',
      name: null,
      phone: null,
    });
    expect(planSearch('E12345678')).toMatchObject({ documentNumber: 'E12345678', name: null, phone: null });
  });
  it('ignores control characters and reads at most 200 characters', () => {
    expect(planSearch('ab@\u0000c.cn').email).toBe('ab@ c.cn');
    expect(planSearch('A'.repeat(120_000)).name).toHaveLength(200);
  });
  it('caps the page at 50 results', () => {
    expect(planSearch('wang', 500).limit).toBe(50);
    expect(planSearch('wang').limit).toBe(10);
    expect(planSearch('wang', 0).limit).toBe(1);
  });
});

describe('what a role may search by', () => {
  const phone = planSearch('+86 138-0013-8000');
  const email = planSearch('li.na@example.com');
  const doc = planSearch('11010519491231002X');
  it('matches phones and emails only for those who may read a phone', () => {
    for (const role of ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'] as const) {
      expect(searchableBy(phone, [role]).phone).toBe('13800138000');
      expect(searchableBy(email, [role]).email).toBe('li.na@example.com');
    }
    for (const role of ['HOUSEKEEPING', 'FOOD_AND_BEVERAGE', 'FINANCE', 'ANALYST'] as const) {
      expect(searchableBy(phone, [role]).phone).toBeNull();
      expect(searchableBy(email, [role]).email).toBeNull();
      expect(identifiersSearched(searchableBy(phone, [role]))).toEqual([]);
    }
  });
  it('matches a document number only for the desk and managers', () => {
    expect(searchableBy(doc, ['FRONT_OFFICE']).documentNumber).toBe('11010519491231002X');
    expect(searchableBy(doc, ['HOUSEKEEPING', 'MANAGER']).documentNumber).toBe('11010519491231002X');
    for (const role of ['SALES', 'GUEST_RELATIONS', 'LOYALTY', 'HOUSEKEEPING', 'FINANCE'] as const)
      expect(searchableBy(doc, [role]).documentNumber).toBeNull();
    expect(identifiersSearched(searchableBy(doc, ['FRONT_OFFICE']))).toEqual(['DOCUMENT']);
  });
  it('leaves a name search alone', () => {
    expect(searchableBy(planSearch('Zhang Wei'), ['HOUSEKEEPING']).name).toBe('zhang wei');
  });
});
