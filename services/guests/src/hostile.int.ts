import { readFileSync } from 'node:fs';
import { EventBus } from '@guest-graph/events';
import { composeApiSchema } from '@guest-graph/gateway';
import { CONTRACT_ERROR_CODES } from '@guest-graph/http';
import {
  answerAccountLookups,
  arrivingToday,
  neighbourBus,
  sql,
  startTestService,
  type TestService,
} from '@guest-graph/testing';
import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeResidentId } from './domain/id-document.js';
import { guestsService } from './index.js';

// Every argument position of every root field, one malformed value at a time, the rest well formed: a
// mutation is refused with a contract code and changes nothing; a query answers or refuses, never with an
// unexpected error.
// The contract's codes, less those a proven caller of this service can never be given.
const CODES = new Set<string>(
  CONTRACT_ERROR_CODES.filter((c) => c !== 'UNAUTHENTICATED' && c !== 'INSUFFICIENT_POINTS'),
);
const UNKNOWN_ID = '5f0c7c5e-8a1b-4c1e-9d2b-000000000000';
const HUGE = 'A'.repeat(120_000);
const CONTROL = ['\u0000', 'abc\u0000def', '\u0007\u0008\u001b[31mred', 'x\u007f\u0085y'];

function malformed(type: GraphQLInputType): unknown[] {
  const required = isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  const out: unknown[] = required ? [null] : [];
  if (isListType(inner)) return [...out, { not: 'a list' }, 'x', ...(isNonNullType(inner.ofType) ? [[null]] : [])];
  if (isInputObjectType(inner)) return [...out, 'a string', 42, { notAField: 1 }];
  if (isEnumType(inner)) return [...out, 'NOT_A_VALUE', '', inner.getValues()[0]!.value.toLowerCase()];
  switch (getNamedType(inner).name) {
    case 'String':
      return [...out, 12345, true, HUGE, ...CONTROL, ...(required ? ['', '   ', '\t\n'] : [])];
    case 'ID':
      return [...out, true, 1.5, '', UNKNOWN_ID, 'not-a-uuid', "' OR '1'='1", HUGE, '\u0000'];
    case 'Int':
      return [...out, 2147483648, 1.5, '12'];
    case 'Boolean':
      return [...out, 'true', 1];
    case 'Date':
      return [...out, '2026-02-30', '', 20260601, '2026-06-01T00:00:00Z'];
    case 'Money':
      // Every amount this service takes (rates, charges) is zero or more.
      return [...out, '1.234', 'abc', '', '99999999999999999999.99', 12.5, '-1.00'];
    default:
      return out;
  }
}

function wellFormed(type: GraphQLInputType, name: string, ids: Record<string, string>): unknown {
  if (isNonNullType(type)) return wellFormed(type.ofType, name, ids);
  if (isListType(type)) return [wellFormed(type.ofType as GraphQLInputType, name, ids)];
  if (isInputObjectType(type))
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, wellFormed(f.type, f.name, ids)]),
    );
  if (isEnumType(type)) return type.getValues()[0]!.value;
  return (
    (
      {
        ID: ids[name] ?? UNKNOWN_ID,
        Int: 1,
        Boolean: false,
        Date: name === 'departureDate' ? '2026-06-03' : '2026-06-01',
        Money: '10.00',
      } as Record<string, unknown>
    )[getNamedType(type).name] ?? `fuzz ${name}`
  );
}

function positions(type: GraphQLInputType, path: (string | number)[] = [], depth = 0) {
  const out: { path: (string | number)[]; type: GraphQLInputType }[] = [{ path, type }];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (depth > 3) return out;
  if (isListType(inner)) out.push(...positions(inner.ofType as GraphQLInputType, [...path, 0], depth + 1));
  if (isInputObjectType(inner))
    for (const f of Object.values(inner.getFields())) out.push(...positions(f.type, [...path, f.name], depth + 1));
  return out;
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head!] = setAt(copy[head!] ?? (typeof rest[0] === 'number' ? [] : {}), rest, replacement);
  return copy;
}

let service: TestService;
let accountsBus: EventBus;
const ids: Record<string, string> = {};
beforeAll(async () => {
  service = await startTestService(guestsService, { env: { GUESTS_CREDIT_TIMEOUT_MS: '300' } });
  // Accounts knows no account at all: every account id in these cases is unknown.
  accountsBus = await neighbourBus('accounts', service.namespace);
  answerAccountLookups(accountsBus, new Set());
  const reg = await service.query<{ registerGuest: { id: string } }>(
    'mutation($input: RegisterGuestInput!) { registerGuest(input: $input) { id } }',
    {
      input: { fullName: '吴刚', idDocument: { type: 'RESIDENT_ID', number: completeResidentId('11010519850615123') } },
    },
  );
  ids.guestId = reg.data!.registerGuest.id;
  ids.survivorId = ids.guestId;
  const stay = await service.query<{ checkIn: { id: string } }>(
    'mutation($input: CheckInInput!) { checkIn(input: $input) { id } }',
    {
      input: {
        guestId: ids.guestId,
        propertyCode: 'SHA01',
        roomType: 'KING',
        ...arrivingToday(2),
        nightlyRate: '500.00',
        paymentMethod: 'CASH',
      },
    },
  );
  ids.stayId = stay.data!.checkIn.id;
});
afterAll(async () => {
  await accountsBus?.close();
  await service?.dispose();
});

/** Row counts of every table of the schema: a refused mutation leaves each as it was. */
const snapshot = async () => {
  const tables = await sql<{ t: string }>(
    service.databaseUrl,
    // Bookkeeping of background jobs (the timeline and stay report backfills run on their own timers) is not the
    // input's doing.
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'guests' AND table_name NOT IN ('migrations', 'scheduled_job', 'timeline_backfill', 'stay_report_backfill') ORDER BY 1",
  );
  const out: Record<string, number> = {};
  for (const { t } of tables)
    out[t] = Number((await sql<{ n: string }>(service.databaseUrl, `SELECT count(*) AS n FROM guests."${t}"`))[0]!.n);
  return out;
};

const typeString = (t: GraphQLInputType): string => t.toString();

function cases(kind: 'query' | 'mutation', root: GraphQLObjectType, idFor: Record<string, string>) {
  const out: { label: string; query: string; variables: Record<string, unknown> }[] = [];
  for (const field of Object.values(root.getFields())) {
    if (field.name.startsWith('_')) continue;
    const args: readonly GraphQLArgument[] = field.args;
    const decl = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
    const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const select = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
    const query = `${kind} Fuzz${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''}${select} }`;
    const baseline: Record<string, unknown> = {};
    for (const a of args)
      if (isNonNullType(a.type))
        baseline[a.name] = a.name === 'id' && idFor[field.name] ? idFor[field.name] : wellFormed(a.type, a.name, ids);
    for (const a of args)
      for (const pos of positions(a.type))
        for (const value of malformed(pos.type))
          out.push({
            label: `${field.name}(${[a.name, ...pos.path].join('.')} = ${JSON.stringify(value)?.slice(0, 40)})`,
            query,
            variables: {
              ...baseline,
              [a.name]: setAt(baseline[a.name] ?? wellFormed(a.type, a.name, ids), pos.path, value),
            },
          });
  }
  return out;
}

describe('hostile input', () => {
  const schema = () =>
    composeApiSchema([
      { name: 'guests', url: service.url, sdl: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8') },
    ]);

  it('refuses every malformed mutation argument with a contract code and changes nothing', async () => {
    const before = await snapshot();
    const list = cases('mutation', schema().getMutationType()!, { updateGuest: ids.guestId });
    expect(list.length).toBeGreaterThan(300);
    const problems: string[] = [];
    for (const c of list) {
      const res = await service.query<Record<string, unknown>>(c.query, c.variables, ['MANAGER']);
      const codes = (res.errors ?? []).map((e) => String(e.extensions?.code));
      if (!codes.length || Object.values(res.data ?? {}).some((v) => v !== null)) problems.push(`accepted: ${c.label}`);
      else if (codes.some((code) => !CODES.has(code))) problems.push(`${codes.join(',')}: ${c.label}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('answers every malformed query argument with data or a contract code', async () => {
    const list = cases('query', schema().getQueryType()!, { guest: ids.guestId, stay: ids.stayId });
    const problems: string[] = [];
    for (const c of list) {
      const res = await service.query(c.query, c.variables, ['MANAGER']);
      const bad = (res.errors ?? []).map((e) => String(e.extensions?.code)).filter((code) => !CODES.has(code));
      if (bad.length || res.status >= 500) problems.push(`${bad.join(',')} ${res.status}: ${c.label}`);
    }
    expect(problems).toEqual([]);
  });
});
