import { parseInput } from '@guest-graph/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { createAccountInput, initialStatus } from './account-file.js';

const fieldOf = (input: Record<string, unknown>) => {
  try {
    parseInput(createAccountInput, { name: 'Acme', type: 'CORPORATE', ...input });
    return null;
  } catch (e) {
    return (e as { extensions: { field: string } }).extensions.field;
  }
};

describe('the client file', () => {
  it('accepts the phone numbers a desk writes', () => {
    for (const phone of ['13800138000', '+86 138 0013 8000', '021-5888-1234', '(021) 58881234']) {
      expect(fieldOf({ contactPhone: phone })).toBeNull();
    }
    expect(fieldOf({ contactPhone: '138-abc' })).toBe('input.contactPhone');
  });
  it('names the field at fault', () => {
    expect(fieldOf({ name: '' })).toBe('input.name');
    expect(fieldOf({ discountPercent: 100.01 })).toBe('input.discountPercent');
    expect(fieldOf({ discountPercent: 12.5 })).toBeNull();
    expect(fieldOf({ negotiatedRate: '0.00' })).toBe('input.negotiatedRate');
    expect(fieldOf({ parentId: 'x' })).toBe('input.parentId');
  });
  it('starts a potential account as a prospect and any other as active', () => {
    expect(initialStatus({ grade: 'POTENTIAL' })).toBe('PROSPECT');
    expect(initialStatus({ grade: 'A' })).toBe('ACTIVE');
    expect(initialStatus({ grade: null })).toBe('ACTIVE');
    expect(initialStatus({ grade: 'POTENTIAL', status: 'ACTIVE' })).toBe('ACTIVE');
  });
});
