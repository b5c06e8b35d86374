import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badInput, formatError, parseInput } from './errors.js';
import { byKey, groupByKey } from './loaders.js';
import { addMoney, compareMoney, fromCents, multiplyMoney, toCents } from './money.js';
import { DateScalar, isValidDate, MoneyScalar, normaliseMoney } from './scalars.js';

describe('money', () => {
  it('adds and multiplies exactly, never through a float', () => {
    expect(addMoney('0.10', '0.20')).toBe('0.30');
    expect(addMoney('1376.00', '200.50', '-0.50')).toBe('1576.00');
    expect(multiplyMoney('688.00', 3)).toBe('2064.00');
    expect(fromCents(toCents('-12.5'))).toBe('-12.50');
    expect(compareMoney('100.00', '99.99')).toBe(1);
    expect(() => toCents('1.234')).toThrow();
  });
  it('normalises and validates the Money scalar', () => {
    expect(normaliseMoney('007.5')).toBe('7.50');
    expect(MoneyScalar.parseValue('688')).toBe('688.00');
    expect(() => MoneyScalar.parseValue(688.5)).toThrow(GraphQLError);
    expect(() => MoneyScalar.parseValue('1.999')).toThrow(/decimal string/);
  });
  it('accepts real calendar dates only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(() => DateScalar.parseValue('2026-13-01')).toThrow(/YYYY-MM-DD/);
  });
});

describe('loaders', () => {
  it('orders rows by key and groups them, missing keys as null or empty', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(byKey(['a', 'x', 'b'], rows, (r) => r.id)).toEqual([{ id: 'a' }, null, { id: 'b' }]);
    expect(
      groupByKey(
        ['a', 'x'],
        [
          { g: 'a', n: 1 },
          { g: 'a', n: 2 },
        ],
        (r) => r.g,
      ),
    ).toEqual([
      [
        { g: 'a', n: 1 },
        { g: 'a', n: 2 },
      ],
      [],
    ]);
  });
});

describe('errors', () => {
  const format = formatError(pino({ level: 'silent' }));
  it('names the input path at fault', () => {
    expect(() => parseInput(z.object({ email: z.string().email() }), { email: 'nope' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', extensions: { field: 'input.email' } }),
    );
  });
  it('passes domain errors with their code and masks anything else', () => {
    expect(format({ message: 'x' }, badInput('input.phone', 'bad phone'))).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.phone' },
    });
    const leaked = format(
      { message: 'relation "guests.guest" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      new Error('SQL'),
    );
    expect(leaked).toEqual({
      message: 'Internal error',
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const coercion = format(
      {
        message: 'Variable "$input" got invalid value 5 at "input.birthDate"; Expected a date',
        extensions: { code: 'BAD_USER_INPUT' },
      },
      new GraphQLError('x'),
    );
    expect(coercion.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.birthDate' });
  });
});
