import type { Random } from '@guest-graph/testing';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  type GraphQLInputType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

export const SQL = [
  "'; DROP TABLE guests.guest; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(0)--',
  "00000000-0000-0000-0000-000000000000' UNION SELECT * FROM credit.invoice --",
];
export const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', `{{7*7}}$${'{'}7*7}`];
export const HUGE = 'A'.repeat(120_000);
/** Control characters no terminal sends in a name, a note or an id. */
export const CONTROL = ['\u0000', 'abc\u0000def', '\u0007\u0008\u001b[31mred', 'x\u007f\u0085y'];
export const UNKNOWN_ID = '5f0c7c5e-8a1b-4c1e-9d2b-000000000000';

export const STAFF_REFERENCES = new Set(['ownerId']);

/** A control character inside otherwise ordinary text, at a seeded position. */
export function randomControlled(rng: Random): string {
  const letters = '王李张刘陈ABCabc 0123-_.@';
  const s = Array.from({ length: 3 + rng.int(20) }, () => rng.pick([...letters])).join('');
  const c = String.fromCharCode(rng.pick([0, 1, 2, 7, 8, 11, 12, 14, 27, 31, 127]));
  const at = rng.int(s.length + 1);
  return s.slice(0, at) + c + s.slice(at);
}

/**
 * Malformed values for one input position. `required`: the position is non-null (empty text is then
 * malformed too). `moneyMayBeNegative`: a negative amount is a real value there (an adjustment).
 */
export function malformed(type: GraphQLInputType, rng: Random, name = ''): unknown[] {
  const required = isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  const out: unknown[] = required ? [null] : [];
  if (isListType(inner)) {
    // (A single item for a list is no mistake: GraphQL reads `"x"` as `["x"]`.)
    out.push({ not: 'a list' });
    const item = isNonNullType(inner.ofType) ? inner.ofType.ofType : inner.ofType;
    if (isNonNullType(inner.ofType)) out.push([null]);
    out.push([[['nested']]]);
    if (isScalarType(item) || isEnumType(item))
      out.push([...malformed(item, rng).filter((v) => v !== null)].slice(0, 3));
    return out;
  }
  if (isInputObjectType(inner)) {
    out.push('a string', 42, [{}], { notAField: 1 }, deep(200));
    return out;
  }
  if (isEnumType(inner)) {
    out.push('NOT_A_VALUE', '', SQL[0], 1, true, inner.getValues()[0]!.value.toLowerCase());
    return out;
  }
  if (!isScalarType(inner)) return out;
  switch (inner.name) {
    case 'String':
      out.push(12345, true, { a: 1 }, HUGE, ...CONTROL, randomControlled(rng));
      if (required) out.push('', '   ', '\t\n');
      break;
    case 'ID':
      out.push(true, { a: 1 }, 1.5, HUGE, '\u0000');
      // Staff ids (a sales owner) are the token's `sub`: free text, with no staff directory in the graph to check.
      if (!STAFF_REFERENCES.has(name)) out.push('', UNKNOWN_ID, 'not-a-uuid', ...SQL, ...SCRIPT, '../../etc/passwd');
      break;
    case 'Int':
      out.push(2147483648, -2147483649, 1.5, '12', true, 1e300, { a: 1 });
      break;
    case 'Float':
      out.push('1.5', true, 'Infinity', { a: 1 });
      break;
    case 'Boolean':
      out.push('true', 1, 'yes');
      break;
    case 'Date':
      out.push(
        '2026-02-30',
        '2026-13-01',
        '2025-02-29',
        '26-01-01',
        '2026-6-1',
        '',
        'tomorrow',
        '0000-00-00',
        '2026-06-01T00:00:00Z',
        20260601,
        SQL[1],
      );
      break;
    case 'DateTime':
      out.push('yesterday', '2026-06-01 25:00', '2026-13-01T00:00:00Z', '', 0, SQL[1]);
      break;
    case 'Money':
      out.push(
        '1.234',
        'abc',
        '1e3',
        '',
        '12,50',
        '1,000.00',
        'NaN',
        'Infinity',
        '99999999999999999999.99',
        12.5,
        100,
        '¥100',
        SQL[1],
      );
      break;
    default:
      out.push({ a: 1 }, HUGE);
  }
  return out;
}

/** An input object nested `n` levels deep. */
export function deep(n: number): Record<string, unknown> {
  let v: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < n; i++) v = { nested: v };
  return v;
}

/** A well-formed value for a position, with ids from `ids` (by argument name) or an unknown id. */
export function wellFormed(type: GraphQLInputType, name: string, ids: Record<string, string>): unknown {
  if (isNonNullType(type)) return wellFormed(type.ofType, name, ids);
  if (isListType(type)) return [wellFormed(type.ofType as GraphQLInputType, name, ids)];
  if (isInputObjectType(type)) {
    const obj: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) obj[f.name] = wellFormed(f.type, f.name, ids);
    return obj;
  }
  if (isEnumType(type)) return type.getValues()[0]!.value;
  const scalar = getNamedType(type) as GraphQLScalarType;
  switch (scalar.name) {
    case 'ID':
      return ids[name] ?? UNKNOWN_ID;
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return false;
    case 'Date':
      return '2026-06-01';
    case 'DateTime':
      return '2026-06-01T08:00:00Z';
    case 'Money':
      return '10.00';
    default:
      return `fuzz ${name}`;
  }
}

/** Every leaf position under a value of `type`: a path into the value and the position's type. */
export function positions(
  type: GraphQLInputType,
  path: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; type: GraphQLInputType }[] {
  const out = [{ path, type }];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (depth > 3) return out;
  if (isListType(inner)) return [...out, ...positions(inner.ofType as GraphQLInputType, [...path, 0], depth + 1)];
  if (isInputObjectType(inner))
    for (const f of Object.values(inner.getFields())) out.push(...positions(f.type, [...path, f.name], depth + 1));
  return out;
}

/** `value` with `replacement` at `path`, creating the objects on the way. */
export function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...((value as Record<string, unknown>) ?? {}) }) as Record<
    string | number,
    unknown
  >;
  copy[head!] = setAt(copy[head!] ?? (typeof rest[0] === 'number' ? [] : {}), rest, replacement);
  return copy;
}

export const typeString = (t: GraphQLInputType): string =>
  t instanceof GraphQLNonNull
    ? `${typeString(t.ofType)}!`
    : t instanceof GraphQLList
      ? `[${typeString(t.ofType)}]`
      : (t as GraphQLScalarType | GraphQLEnumType | GraphQLInputObjectType).name;
