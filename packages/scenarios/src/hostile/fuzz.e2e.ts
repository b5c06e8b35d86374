import { writeFileSync } from 'node:fs';
import type { Role } from '@guest-graph/auth';
import { composeApiSchema } from '@guest-graph/gateway';
import { CONTRACT_ERROR_CODES } from '@guest-graph/http';
import { arrivingToday, bearer, type GraphQLResponse, seededRandom } from '@guest-graph/testing';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  print,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { phone, residentId, uniqueName } from '../support/people.js';
import { changedTables, type Snapshot, settledSnapshot } from '../support/snapshot.js';
import {
  CONTROL,
  deep,
  HUGE,
  malformed,
  positions,
  SCRIPT,
  SQL,
  setAt,
  typeString,
  UNKNOWN_ID,
  wellFormed,
} from './fuzz-values.js';

const SEED = 20261123;
/**
 * Well-formed values a mutation may take although they name nothing known, each for a stated reason.
 * Unlinking a guest that has no link is a no-op answer that changes nothing (accounts cannot tell an unknown
 * guest from an unlinked one without asking guests).
 */
const MAY_ACCEPT = new Set([`unlinkGuestFromAccount.guestId=${UNKNOWN_ID}`]);
// SERVICE_UNAVAILABLE is the contract's answer for a service that is down; none is down here.
const ALLOWED = new Set<string>(CONTRACT_ERROR_CODES.filter((c) => c !== 'SERVICE_UNAVAILABLE'));

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
  /** A mutation must be refused: any success is a malformed value let in. */
  mustRefuse: boolean;
}
interface Outcome {
  label: string;
  problem: string;
}

const describeValue = (v: unknown): string => {
  const s =
    typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v) : JSON.stringify(v);
  return (s ?? String(v)).slice(0, 60);
};

describe('fuzz: malformed values against every operation of the graph', () => {
  let graph: Graph;
  let schema: GraphQLSchema;
  let before: Snapshot;
  const ids: Record<string, string> = {};
  const idFor: Record<string, string> = {};
  let cases = 0;
  const codes = new Map<string, number>();
  const problems: Outcome[] = [];

  beforeAll(async () => {
    graph = await startGraph();
    schema = composeApiSchema(
      Object.values(graph.services).map((s) => ({
        name: s.definition.name,
        url: s.url,
        sdl: print(s.definition.typeDefs),
      })),
    );
    // Real records, so malformed values reach the deepest checks rather than stopping at NOT_FOUND.
    const desk = graph.as('MANAGER');
    const guest = async () =>
      ok(
        await desk<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
          input: { fullName: uniqueName('吴刚'), idDocument: { type: 'RESIDENT_ID', number: residentId() } },
        }),
      ).registerGuest.id;
    ids.guestId = await guest();
    ok(await desk(contract.EnrollMember, { guestId: ids.guestId }));
    ids.accountId = ok(
      await desk<{ createAccount: { id: string } }>(contract.CreateAccount, {
        input: { name: `阿里巴巴 ${uniqueName('')}`, type: 'CORPORATE' },
      }),
    ).createAccount.id;
    ok(await desk(contract.SetCreditTerms, { accountId: ids.accountId, input: { limit: '9000.00', termDays: 30 } }));
    ids.stayId = ok(
      await desk<{ checkIn: { id: string } }>(contract.CheckIn, {
        input: {
          guestId: await guest(),
          propertyCode: 'SHA01',
          roomType: 'KING',
          ...arrivingToday(2),
          nightlyRate: '500.00',
          paymentMethod: 'CASH',
        },
      }),
    ).checkIn.id;
    ids.caseId = ok(
      await desk<{ openCase: { id: string } }>(contract.OpenCase, {
        input: { guestId: ids.guestId, channel: 'PHONE', category: 'NOISE', severity: 'LOW', description: 'Fuzz' },
      }),
    ).openCase.id;
    ids.parentId = ids.accountId;
    ids.survivorId = ids.guestId;
    // `id` arguments, by root field: the record that field is about.
    for (const f of ['guest', 'updateGuest']) idFor[f] = ids.guestId;
    for (const f of ['account', 'updateAccount']) idFor[f] = ids.accountId;
    for (const f of ['stay']) idFor[f] = ids.stayId;
    for (const f of ['case', 'resolveCase', 'acknowledgeCase', 'assignCase', 'commentOnCase', 'recordInvestigation'])
      idFor[f] = ids.caseId;
    for (const f of ['replyToGuest', 'recordFollowUp', 'reopenCase']) idFor[f] = ids.caseId;
    before = await settledSnapshot(graph.services.guests!.databaseUrl);
  });
  afterAll(async () => {
    const byCode = [...codes].map(([c, n]) => `${c} ${n}`).join(', ');
    console.log(`fuzz: ${cases} cases (seed ${SEED}); answers by code: ${byCode}`);
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, JSON.stringify(problems, null, 1));
    await graph?.stop();
  });

  const run = async (c: Case, send?: () => Promise<GraphQLResponse<Record<string, unknown>>>) => {
    cases++;
    let res: GraphQLResponse<Record<string, unknown>>;
    try {
      res = send ? await send() : await graph.as('MANAGER')(c.query, c.variables);
    } catch (e) {
      problems.push({ label: c.label, problem: `no answer: ${(e as Error).message}` });
      return;
    }
    const seen = (res.errors ?? []).map((e) => String(e.extensions?.code));
    for (const code of seen.length ? seen : ['(data)']) codes.set(code, (codes.get(code) ?? 0) + 1);
    const bad = seen.filter((code) => !ALLOWED.has(code));
    if (bad.length) problems.push({ label: c.label, problem: `codes ${bad.join(',')}: ${res.errors?.[0]?.message}` });
    else if (res.status >= 500) problems.push({ label: c.label, problem: `HTTP ${res.status}` });
    else if (c.mustRefuse && (!seen.length || Object.values(res.data ?? {}).some((v) => v !== null)))
      problems.push({ label: c.label, problem: `accepted: ${JSON.stringify(res.data).slice(0, 120)}` });
  };
  const pool = async (list: Case[], width = 6) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < list.length) await run(list[next++]!);
      }),
    );
  };

  const selection = (field: GraphQLField<unknown, unknown>) =>
    isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';

  /** One case per malformed value per input position of every root field, the rest of the arguments well formed. */
  const fieldCases = (kind: 'query' | 'mutation', root: GraphQLObjectType): Case[] => {
    // A fixed seed: every run tries the same cases, and a failure can be replayed.
    const rng = seededRandom(SEED);
    const out: Case[] = [];
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_')) continue;
      const args = field.args;
      const decl = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
      const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const query = `${kind} Fuzz${decl ? `(${decl})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection(field)} }`;
      const baseline: Record<string, unknown> = {};
      for (const a of args)
        if (a.type.toString().endsWith('!'))
          baseline[a.name] = a.name === 'id' && idFor[field.name] ? idFor[field.name] : wellFormed(a.type, a.name, ids);
      for (const a of args) {
        for (const pos of positions(a.type as GraphQLInputType)) {
          for (const value of malformed(pos.type, rng, String(pos.path.at(-1) ?? a.name))) {
            const key = `${field.name}.${[a.name, ...pos.path].join('.')}=${value}`;
            const start = baseline[a.name] ?? wellFormed(a.type, a.name, ids);
            out.push({
              label: `${field.name}(${[a.name, ...pos.path].join('.')} = ${describeValue(value)})`,
              query,
              variables: { ...baseline, [a.name]: setAt(start, pos.path, value) },
              mustRefuse: kind === 'mutation' && !MAY_ACCEPT.has(key),
            });
          }
        }
      }
    }
    return out;
  };

  it('refuses malformed arguments to every mutation with a contract code and changes nothing', async () => {
    const list = fieldCases('mutation', schema.getMutationType()!);
    expect(list.length).toBeGreaterThan(500);
    await pool(list);
    expect(problems).toEqual([]);
    // The cases grow with the schema (a thousand and more); the time they take is no measure of anything.
  }, 300_000);

  it('answers malformed arguments to every query with data or a contract code', async () => {
    const list = fieldCases('query', schema.getQueryType()!);
    await pool(list);
    // Queries may answer (an SQL fragment is just text to search for), but never with an unexpected error.
    expect(problems).toEqual([]);
  }, 300_000);

  it('refuses the contract mutations the hotel rules forbid', async () => {
    const addDays = (date: string, days: number) =>
      new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);
    const checkIn = {
      guestId: ids.guestId,
      propertyCode: 'SHA01',
      roomType: 'KING',
      ...arrivingToday(2),
      nightlyRate: '500.00',
      paymentMethod: 'CASH',
    };
    const rules: [string, string, Record<string, unknown>][] = [
      [
        'RegisterGuest',
        'bad check digit',
        { input: { fullName: 'x', idDocument: { type: 'RESIDENT_ID', number: '110105198506150000' } } },
      ],
      [
        'RegisterGuest',
        'short resident id',
        { input: { fullName: 'x', idDocument: { type: 'RESIDENT_ID', number: '12345' } } },
      ],
      ['RegisterGuest', 'bad email', { input: { fullName: 'x', email: 'not an email' } }],
      ['RegisterGuest', 'bad nationality', { input: { fullName: 'x', nationality: 'ZZZ' } }],
      ['RegisterGuest', 'born in the future', { input: { fullName: 'x', birthDate: '2999-01-01' } }],
      ['RegisterGuest', 'name of script', { input: { fullName: `${SCRIPT[0]}${CONTROL[1]}` } }],
      [
        'CheckIn',
        'departure before arrival',
        { input: { ...checkIn, departureDate: addDays(checkIn.arrivalDate, -1) } },
      ],
      ['CheckIn', 'zero nights', { input: { ...checkIn, departureDate: checkIn.arrivalDate } }],
      [
        'CheckIn',
        'arrival in the future',
        {
          input: {
            ...checkIn,
            arrivalDate: addDays(checkIn.arrivalDate, 1),
            departureDate: addDays(checkIn.arrivalDate, 3),
          },
        },
      ],
      [
        'CheckIn',
        'arrival in the future',
        { input: { ...checkIn, arrivalDate: '2099-01-01', departureDate: '2099-01-02' } },
      ],
      ['CheckIn', 'negative rate', { input: { ...checkIn, nightlyRate: '-500.00' } }],
      ['CheckIn', 'direct bill without account', { input: { ...checkIn, paymentMethod: 'DIRECT_BILL' } }],
      [
        'CheckIn',
        'direct bill, unknown account',
        { input: { ...checkIn, paymentMethod: 'DIRECT_BILL', accountId: UNKNOWN_ID } },
      ],
      [
        'CheckIn',
        'enormous rate',
        {
          input: { ...checkIn, paymentMethod: 'DIRECT_BILL', accountId: ids.accountId, nightlyRate: '999999999999.99' },
        },
      ],
      ['CheckIn', 'unknown guest', { input: { ...checkIn, guestId: UNKNOWN_ID } }],
      ['CheckOut', 'negative charge', { stayId: ids.stayId, charges: [{ outlet: 'ROOM', amount: '-100.00' }] }],
      ['CheckOut', 'unknown stay', { stayId: UNKNOWN_ID, charges: [] }],
      [
        'CheckOut',
        'huge batch',
        { stayId: ids.stayId, charges: Array.from({ length: 60_000 }, () => ({ outlet: 'ROOM', amount: '1.00' })) },
      ],
      [
        'ResolveCase',
        'negative compensation',
        { id: ids.caseId, input: { resolution: 'x', compensationPoints: -100 } },
      ],
      [
        'ResolveCase',
        'enormous compensation',
        { id: ids.caseId, input: { resolution: 'x', compensationPoints: 2147483647 } },
      ],
      ['ResolveCase', 'empty resolution', { id: ids.caseId, input: { resolution: '' } }],
      [
        'OpenCase',
        'unknown guest',
        { input: { guestId: UNKNOWN_ID, channel: 'PHONE', category: 'NOISE', severity: 'LOW', description: 'x' } },
      ],
      ['EnrollMember', 'already a member', { guestId: ids.guestId }],
      ['EnrollMember', 'unknown guest', { guestId: UNKNOWN_ID }],
      ['CreateAccount', 'negative discount', { input: { name: 'x', type: 'CORPORATE', discountPercent: -5 } }],
      ['CreateAccount', 'discount over 100', { input: { name: 'x', type: 'CORPORATE', discountPercent: 150 } }],
      ['CreateAccount', 'negative rate', { input: { name: 'x', type: 'CORPORATE', negotiatedRate: '-1.00' } }],
      ['CreateAccount', 'empty name', { input: { name: '  ', type: 'CORPORATE' } }],
      ['LinkGuestToAccount', 'unknown account', { guestId: ids.guestId, accountId: UNKNOWN_ID }],
      ['LinkGuestToAccount', 'unknown guest', { guestId: UNKNOWN_ID, accountId: ids.accountId }],
      ['SetCreditTerms', 'negative limit', { accountId: ids.accountId, input: { limit: '-1.00', termDays: 30 } }],
      ['SetCreditTerms', 'negative term', { accountId: ids.accountId, input: { limit: '100.00', termDays: -30 } }],
      [
        'SetCreditTerms',
        'enormous term',
        { accountId: ids.accountId, input: { limit: '100.00', termDays: 2147483647 } },
      ],
      ['SetCreditTerms', 'unknown account', { accountId: UNKNOWN_ID, input: { limit: '100.00', termDays: 30 } }],
      ['RecordPreference', 'empty value', { guestId: ids.guestId, input: { category: 'PILLOW', value: '' } }],
      ['RecordPreference', 'unknown guest', { guestId: UNKNOWN_ID, input: { category: 'PILLOW', value: 'soft' } }],
    ];
    for (const [op, label, variables] of rules)
      await run({ label: `${op}: ${label}`, query: contract[op]!, variables, mustRefuse: true });
    expect(problems).toEqual([]);
  });

  it('refuses abusive query shapes and requests before any subgraph is troubled', async () => {
    const rng = seededRandom(SEED + 1);
    // A seeded random walk down object fields, as deep as the graph allows and past the depth limit.
    const walk = (type: GraphQLObjectType, depth: number): [string, number] => {
      const fields = Object.values(type.getFields()).filter((f) => {
        const t = getNamedType(f.type);
        return (isObjectType(t) || isInterfaceType(t)) && f.args.every((a) => !a.type.toString().endsWith('!'));
      });
      if (depth === 0 || !fields.length) return ['__typename', 0];
      // Prefer fields that lead on to more objects (Guest → stays → guest …).
      const onward = fields.filter((f) =>
        Object.values((getNamedType(f.type) as GraphQLObjectType).getFields()).some((g) =>
          isObjectType(getNamedType(g.type)),
        ),
      );
      const f = rng.pick(onward.length ? onward : fields);
      const [inner, d] = walk(getNamedType(f.type) as GraphQLObjectType, depth - 1);
      return [`${f.name} { ${inner} }`, d + 1];
    };
    const guestType = schema.getType('Guest') as GraphQLObjectType;
    const shapes: [string, string, Record<string, unknown>, boolean][] = [];
    for (let i = 0; i < 10; i++) {
      const [q, d] = walk(guestType, 40);
      // Deeper than the gateway's 12 levels must be refused; a walk that ran out of objects may be answered.
      shapes.push([
        `deep walk ${i} (${d + 2} levels)`,
        `query($id: ID!) { guest(id: $id) { ${q} } }`,
        { id: ids.guestId },
        d + 2 > 12,
      ]);
    }
    shapes.push(
      [
        'many aliases',
        `query($id: ID!) { ${Array.from({ length: 200 }, (_, i) => `g${i}: guest(id: $id) { id }`).join(' ')} }`,
        { id: ids.guestId },
        true,
      ],
      [
        'very wide',
        `query($id: ID!) { guest(id: $id) { ${'__typename '.repeat(30_000)} } }`,
        { id: ids.guestId },
        true,
      ],
      [
        'costly pages',
        `{ searchGuests(text: "a", first: 1000) { stays(last: 100) { id guest { stays(last: 100) { id } } } } }`,
        {},
        true,
      ],
      [
        // Pages passed as variables count what they are, not a flat 100.
        'variable pages',
        'query($n: Int) { searchGuests(text: "a", first: $n) { stays(last: $n) { id guest { stays(last: $n) { id } } } } }',
        { n: 500 },
        true,
      ],
      [
        // No page size named: the schema's defaults count (searchGuests' 10, stayHistory's 20), 49 aliases of them.
        'default pages',
        `{ ${Array.from({ length: 49 }, (_, i) => `a${i}: searchGuests(text: "a") { stayHistory { edges { node { id nights } } } }`).join(' ')} }`,
        {},
        true,
      ],
      [
        'fragment cycle',
        'query { guest(id: "x") { ...A } } fragment A on Guest { ...B } fragment B on Guest { ...A }',
        {},
        true,
      ],
      ['nested list literal', `{ searchGuests(text: ${'['.repeat(5000)}"a"${']'.repeat(5000)}) { id } }`, {}, true],
      ['nested input', 'mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }', { i: deep(500) }, true],
      ['unknown field', '{ guest(id: "1") { password } }', {}, true],
      ['syntax error', '{ guest(id: ', {}, true],
      ['empty query', '', {}, true],
      [
        'introspection of everything',
        `{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }`,
        {},
        false,
      ],
      ['SQL as query', SQL[0]!, {}, true],
      ['huge variables', 'query($t: String!) { searchGuests(text: $t) { id } }', { t: HUGE.repeat(10) }, true],
      [
        'unused huge variable map',
        '{ __typename }',
        Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`v${i}`, i])),
        false,
      ],
      ['subscription', 'subscription { guest { id } }', {}, true],
    );
    // Introspection is on outside production, and unused variables are ignored: those two may be answered.
    for (const [label, query, variables, mustRefuse] of shapes) await run({ label, query, variables, mustRefuse });
    // The gateway's limits say what was wrong, so a frontend developer can fix the query.
    const message = async (label: string) => {
      const [, query, variables] = shapes.find(([l]) => l.startsWith(label))!;
      return (await graph.as('MANAGER')(query, variables)).errors?.[0]?.message;
    };
    const deepest = shapes.filter(([l]) => l.startsWith('deep walk')).find(([, , , refuse]) => refuse);
    expect(deepest, 'a walk deeper than the limit').toBeDefined();
    expect(await message(deepest![0])).toMatch(/too deep: \d+ levels, at most 12/);
    expect(await message('many aliases')).toMatch(/too many aliases: 200, at most 50/);
    // 30,000 fields are 30,000 tokens: the token limit stops them before the cost is even counted.
    expect(await message('very wide')).toMatch(/too long: more than 5000 tokens/);
    expect(await message('costly pages')).toMatch(/too costly/);
    expect(await message('variable pages')).toMatch(/too costly/);
    expect(await message('default pages')).toMatch(/too costly/);
    expect(await message('subscription')).toMatch(/no subscriptions/);

    // Raw HTTP: not JSON, batches, GET mutations (CSRF), wrong content type.
    const raw = async (init: RequestInit, url = graph.url) => {
      const res = await fetch(url, init);
      const text = await res.text();
      let body: GraphQLResponse<Record<string, unknown>>;
      try {
        body = JSON.parse(text);
      } catch {
        body = {
          status: res.status,
          errors: [{ message: text.slice(0, 100), extensions: { code: `HTTP_${res.status}` } }],
        };
      }
      return { ...body, status: res.status };
    };
    const auth = bearer(['MANAGER']);
    const json = { 'content-type': 'application/json', ...auth };
    const batch = JSON.stringify(
      Array.from({ length: 500 }, () => ({
        query: contract.RegisterGuest,
        variables: { input: { fullName: 'batch' } },
      })),
    );
    const requests: [string, () => Promise<GraphQLResponse<Record<string, unknown>>>][] = [
      [
        'input nested 100,000 deep',
        () =>
          raw({
            method: 'POST',
            headers: json,
            body: `{"query": "mutation($i: RegisterGuestInput!) { registerGuest(input: $i) { id } }", "variables": {"i": ${'{"fullName":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}}`,
          }),
      ],
      ['not JSON', () => raw({ method: 'POST', headers: json, body: '{"query": ' })],
      ['JSON array batch of 500 mutations', () => raw({ method: 'POST', headers: json, body: batch })],
      ['JSON number', () => raw({ method: 'POST', headers: json, body: '42' })],
      ['query not a string', () => raw({ method: 'POST', headers: json, body: '{"query": {"a": 1}}' })],
      [
        'variables not an object',
        () => raw({ method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', variables: [1] }) }),
      ],
      [
        'body over 1 MB',
        () =>
          raw({
            method: 'POST',
            headers: json,
            body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(2_000_000)}` }),
          }),
      ],
      [
        'mutation over GET',
        () =>
          raw(
            { method: 'GET', headers: { ...auth, 'apollo-require-preflight': '1' } },
            `${graph.url}?query=${encodeURIComponent('mutation { registerGuest(input: {fullName: "get"}) { id } }')}`,
          ),
      ],
      [
        'form post (CSRF)',
        () =>
          raw({
            method: 'POST',
            headers: { 'content-type': 'text/plain', ...auth },
            body: JSON.stringify({ query: contract.RegisterGuest, variables: { input: { fullName: 'csrf' } } }),
          }),
      ],
    ];
    for (const [label, send] of requests) await run({ label, query: '', variables: {}, mustRefuse: true }, send);
    expect(problems).toEqual([]);
  });

  it('leaves the database exactly as it was, and every service still answers', async () => {
    const after = await settledSnapshot(graph.services.guests!.databaseUrl);
    expect(changedTables(before, after)).toEqual([]);
    for (const s of Object.values(graph.services)) {
      const health = await fetch(s.url.replace('/graphql', '/health'));
      expect(health.status, s.definition.name).toBe(200);
    }
    const brief = await graph.as('MANAGER')<{ guest: { id: string } }>(contract.ArrivalBrief, { id: ids.guestId });
    expect(brief.errors).toBeUndefined();
    expect(brief.data?.guest.id).toBe(ids.guestId);
  });

  // Last: it registers a guest of its own, after the check that the malformed values changed nothing.
  it('finds nothing by any spelling of a phone, email or document number for roles that may not read them', async () => {
    const rnd = seededRandom(SEED + 1);
    const identity = { phone: phone(), email: `fuzz.${uniqueName('x')}@example.cn`, document: residentId('19790101') };
    const guestId = ok(
      await graph.as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: {
          fullName: uniqueName('胡斐'),
          phone: identity.phone,
          email: identity.email,
          idDocument: { type: 'RESIDENT_ID', number: identity.document },
        },
      }),
    ).registerGuest.id;
    // Every way a desk might type it: runs of the phone's digits from either end, separators, a country code,
    // the document number in part or whole and in either case, the email in any case with spaces around it.
    const spell = (digits: string) => {
      const cut = 4 + rnd.int(digits.length - 3);
      const part = rnd.chance(0.5) ? digits.slice(0, cut) : digits.slice(-cut);
      const sep = rnd.pick(['', ' ', '-', '.']);
      const spaced = part.replace(/(\d{3})(?=\d)/g, `$1${sep}`);
      return rnd.chance(0.3) ? `+86 ${spaced}` : spaced;
    };
    const texts = Array.from({ length: 60 }, (_, i) => {
      if (i % 3 === 0) return spell(identity.phone);
      if (i % 3 === 1) return rnd.chance(0.5) ? identity.document.toLowerCase() : spell(identity.document);
      return ` ${rnd.chance(0.5) ? identity.email.toUpperCase() : identity.email} `;
    });
    const blind: [Role, (t: string) => boolean][] = [
      ['HOUSEKEEPING', () => true],
      ['FOOD_AND_BEVERAGE', () => true],
      ['FINANCE', () => true],
      // Sales reads phones and emails, never a document number.
      ['SALES', (t) => /^[\dxX]{15,18}$/.test(t.trim()) && t.trim().length === identity.document.length],
    ];
    for (const text of texts) {
      for (const [role, blindTo] of blind) {
        if (!blindTo(text)) continue;
        cases++;
        const res = await graph.as(role)<{ searchGuests: { id: string }[] }>(
          'query($text: String!) { searchGuests(text: $text, first: 50) { id } }',
          { text },
        );
        expect(res.errors, `${role} searching ${JSON.stringify(text)}`).toBeUndefined();
        expect(
          res.data?.searchGuests.map((g) => g.id),
          `${role} searching ${JSON.stringify(text)}`,
        ).not.toContain(guestId);
      }
    }
    // The control: the desk finds the guest by each of them.
    for (const text of [identity.phone, identity.email, identity.document]) {
      const res = await graph.as('FRONT_OFFICE')<{ searchGuests: { id: string }[] }>(
        'query($text: String!) { searchGuests(text: $text) { id } }',
        { text },
      );
      expect(
        res.data?.searchGuests.map((g) => g.id),
        text,
      ).toContain(guestId);
    }
  });
});
