import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badString, inputHygienePlugin } from './input-hygiene.js';

describe('input hygiene', () => {
  it('finds the first over-long or control-character string and names its path', () => {
    expect(badString({ input: { fullName: '王芳', notes: 'line one\nline two\ttab' } }, '')).toBeNull();
    expect(badString({ input: { tags: ['vip', 'a\u0000b'] } }, '')).toEqual({
      field: 'input.tags.1',
      why: 'contains control characters',
    });
    expect(badString({ input: { note: '\u001b[31m' } }, '')?.field).toBe('input.note');
    expect(badString({ text: 'x'.repeat(11) }, '', 10)).toEqual({ field: 'text', why: 'is longer than 10 characters' });
  });
  it('refuses before any resolver runs, for variables and inline arguments, but not representations', async () => {
    const hooks = await inputHygienePlugin().requestDidStart!({} as never);
    const check = (query: string, variables: Record<string, unknown>) =>
      hooks!.didResolveOperation!({ request: { variables }, document: parse(query) } as never);
    await expect(
      check('mutation($input: X) { a(input: $input) }', { input: { name: 'a\u0000' } }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.name' },
    });
    await expect(check('mutation { a(input: { name: "a\\u0007" }) }', {})).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.name' },
    });
    await expect(
      check('query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }', {
        representations: [{ __typename: 'Guest', id: '1', note: '\u0007' }],
      }),
    ).resolves.toBeUndefined();
  });
});
