import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const fail = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A real calendar date as `YYYY-MM-DD` (2026-02-30 is refused). */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10)),
  parseValue: (v) => {
    if (!isValidDate(v)) throw fail('Expected a date as YYYY-MM-DD');
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isValidDate(ast.value)) throw fail('Expected a date as YYYY-MM-DD');
    return ast.value;
  },
});

const isDateTime = (v: unknown): v is string =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
  !Number.isNaN(Date.parse(v));

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 in UTC.',
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => {
    if (!isDateTime(v)) throw fail('Expected an ISO 8601 date-time');
    return new Date(v).toISOString();
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isDateTime(ast.value)) throw fail('Expected an ISO 8601 date-time');
    return new Date(ast.value).toISOString();
  },
});

/** Largest amount we accept: numeric(14,2) holds it, and no hotel bill comes near. */
const MONEY = /^-?\d{1,12}(\.\d{1,2})?$/;
/** Normalises to two fraction digits without ever going through a float. */
export function normaliseMoney(s: string): string {
  const neg = s.startsWith('-');
  const [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const w = whole!.replace(/^0+(?=\d)/, '');
  const out = `${w}.${frac.padEnd(2, '0')}`;
  return neg && out !== '0.00' ? `-${out}` : out;
}

export const MoneyScalar = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'A decimal amount as a string with at most two fraction digits ("688.00"); never a float.',
  serialize: (v) => normaliseMoney(String(v)),
  parseValue: (v) => {
    if (typeof v !== 'string' || !MONEY.test(v)) throw fail('Expected money as a decimal string such as "688.00"');
    return normaliseMoney(v);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !MONEY.test(ast.value))
      throw fail('Expected money as a decimal string such as "688.00"');
    return normaliseMoney(ast.value);
  },
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Money: MoneyScalar };
