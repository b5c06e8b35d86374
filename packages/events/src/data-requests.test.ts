import { describe, expect, it } from 'vitest';
import { requestKeyPair, seal, unseal } from './data-requests.js';

describe('sealed export parts', () => {
  it('opens with the request private key, across slices, and hides the text', () => {
    const { publicKey, privateKey } = requestKeyPair();
    const text = JSON.stringify({ name: '王小明', phone: '13800138000', big: 'x'.repeat(50_000) });
    const slices = seal(text, publicKey, 10_000);
    expect(slices.length).toBeGreaterThan(5);
    expect(slices.some((s) => s.data.includes('13800138000'))).toBe(false);
    expect(unseal(slices, privateKey)).toBe(text);
    expect(() => unseal(slices, requestKeyPair().privateKey)).toThrow();
  });

  it('seals an empty part as one slice', () => {
    const { publicKey, privateKey } = requestKeyPair();
    const slices = seal('', publicKey);
    expect(slices).toHaveLength(1);
    expect(unseal(slices, privateKey)).toBe('');
  });
});
