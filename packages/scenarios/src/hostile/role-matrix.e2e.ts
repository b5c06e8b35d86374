import { IDENTITY_HEADER, mintToken, PROOF_HEADER, ROLES, type Role, signIdentity, signJwt } from '@guest-graph/auth';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { arrivingToday, bearer, DEV_PROOF_SECRET, gatewayProof, postGraphQL, testEnv } from '@guest-graph/testing';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type Graph, ok, startGraph } from '../support/graph.js';
import { phone, residentId, uniqueName } from '../support/people.js';
import { changedTables, settledSnapshot } from '../support/snapshot.js';

// Contract README, "Who": who may read each protected field and run each mutation. Everyone else gets null on
// the field with FORBIDDEN at its path, or FORBIDDEN on the mutation with nothing changed.
const CONTACT: Role[] = ['FRONT_OFFICE', 'SALES', 'GUEST_RELATIONS', 'LOYALTY', 'MANAGER'];
const ALL_BUT_ANALYST = ROLES.filter((r) => r !== 'ANALYST');
const FRONT_DESK: Role[] = ['FRONT_OFFICE', 'MANAGER'];
const CREDIT: Role[] = ['FINANCE', 'MANAGER'];

type Vars = Record<string, unknown>;
let graph: Graph;
const as = (role: Role) => graph.as(role);

const newGuest = async () =>
  ok(
    await as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
      input: { fullName: uniqueName('林雪') },
    }),
  ).registerGuest.id;
const newAccount = async () =>
  ok(
    await as('SALES')<{ createAccount: { id: string } }>(contract.CreateAccount, {
      input: { name: `华为 ${uniqueName('')}`, type: 'CORPORATE' },
    }),
  ).createAccount.id;
const withTerms = async () => {
  const accountId = await newAccount();
  ok(await as('FINANCE')(contract.SetCreditTerms, { accountId, input: { limit: '50000.00', termDays: 30 } }));
  return accountId;
};
const checkInInput = (guestId: string) => ({
  guestId,
  propertyCode: 'SHA01',
  roomType: 'KING',
  ...arrivingToday(2),
  nightlyRate: '500.00',
  paymentMethod: 'CASH',
});
const inHouse = async () =>
  ok(await as('FRONT_OFFICE')<{ checkIn: { id: string } }>(contract.CheckIn, { input: checkInInput(await newGuest()) }))
    .checkIn.id;
const openCase = async () =>
  ok(
    await as('FRONT_OFFICE')<{ openCase: { id: string } }>(contract.OpenCase, {
      input: {
        guestId: await newGuest(),
        channel: 'PHONE',
        category: 'NOISE',
        severity: 'LOW',
        description: 'Noise from the corridor',
      },
    }),
  ).openCase.id;

interface MutationCase {
  name: string;
  allowed: readonly Role[];
  query: string;
  /** Fresh, valid variables: the refusal can only be about the role. */
  vars: () => Promise<Vars>;
}
const MUTATIONS: MutationCase[] = [
  {
    name: 'registerGuest',
    allowed: FRONT_DESK,
    query: contract.RegisterGuest,
    vars: async () => ({ input: { fullName: uniqueName('赵敏') } }),
  },
  {
    name: 'checkIn',
    allowed: FRONT_DESK,
    query: contract.CheckIn,
    vars: async () => ({ input: checkInInput(await newGuest()) }),
  },
  {
    name: 'checkOut',
    allowed: FRONT_DESK,
    query: contract.CheckOut,
    vars: async () => ({ stayId: await inHouse(), charges: [{ outlet: 'ROOM', amount: '1000.00' }] }),
  },
  {
    name: 'recordPreference',
    allowed: ALL_BUT_ANALYST,
    query: contract.RecordPreference,
    vars: async () => ({ guestId: await newGuest(), input: { category: 'PILLOW', value: 'buckwheat' } }),
  },
  {
    name: 'openCase',
    allowed: ALL_BUT_ANALYST,
    query: contract.OpenCase,
    vars: async () => ({
      input: { guestId: await newGuest(), channel: 'EMAIL', category: 'BILLING', severity: 'MEDIUM', description: 'x' },
    }),
  },
  {
    name: 'resolveCase',
    allowed: ['GUEST_RELATIONS', 'MANAGER'],
    query: contract.ResolveCase,
    vars: async () => ({ id: await openCase(), input: { resolution: 'Moved room', compensationPoints: 100 } }),
  },
  {
    name: 'enrollMember',
    allowed: ['FRONT_OFFICE', 'LOYALTY', 'MANAGER'],
    query: contract.EnrollMember,
    vars: async () => ({ guestId: await newGuest() }),
  },
  {
    name: 'createAccount',
    allowed: ['SALES', 'MANAGER'],
    query: contract.CreateAccount,
    vars: async () => ({ input: { name: `腾讯 ${uniqueName('')}`, type: 'CORPORATE' } }),
  },
  {
    name: 'linkGuestToAccount',
    allowed: ['SALES', 'MANAGER'],
    query: contract.LinkGuestToAccount,
    vars: async () => ({ guestId: await newGuest(), accountId: await newAccount() }),
  },
  {
    name: 'setCreditTerms',
    allowed: CREDIT,
    query: contract.SetCreditTerms,
    vars: async () => ({ accountId: await newAccount(), input: { limit: '10000.00', termDays: 30 } }),
  },
  {
    name: 'placeCreditHold',
    allowed: CREDIT,
    query: 'mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "Cheque bounced") { status } }',
    vars: async () => ({ a: await withTerms() }),
  },
  {
    name: 'releaseCreditHold',
    allowed: CREDIT,
    query: 'mutation($a: ID!) { releaseCreditHold(accountId: $a, reason: "Paid up") { status } }',
    vars: async () => {
      const a = await withTerms();
      ok(await as('FINANCE')('mutation($a: ID!) { placeCreditHold(accountId: $a, reason: "late") { status } }', { a }));
      return { a };
    },
  },
  {
    name: 'recordPayment',
    allowed: CREDIT,
    query: 'mutation($a: ID!) { recordPayment(accountId: $a, amount: "100.00") { id } }',
    vars: async () => ({ a: await withTerms() }),
  },
];

interface FieldCase {
  field: string;
  allowed: readonly Role[];
  query: string;
  path: (string | number)[];
}

describe('role matrix: every role against every protected field and mutation', () => {
  let guestId: string;
  let accountId: string;
  let cases = 0;
  const identifiers = { phone: phone(), email: `guest${Date.now()}@example.cn`, document: residentId() };
  beforeAll(async () => {
    graph = await startGraph();
    guestId = ok(
      await as('FRONT_OFFICE')<{ registerGuest: { id: string } }>(contract.RegisterGuest, {
        input: {
          fullName: uniqueName('孙丽'),
          phone: identifiers.phone,
          email: identifiers.email,
          birthDate: '1985-06-15',
          idDocument: { type: 'RESIDENT_ID', number: identifiers.document },
        },
      }),
    ).registerGuest.id;
    accountId = await withTerms();
  });
  afterAll(async () => {
    console.log(`role matrix: ${cases} cases`);
    await graph?.stop();
  });

  const FIELDS: () => FieldCase[] = () => [
    ...['phone', 'email', 'birthDate'].map((f) => ({
      field: `Guest.${f}`,
      allowed: CONTACT,
      query: `query($id: ID!) { guest(id: $id) { id ${f} } }`,
      path: ['guest', f],
    })),
    {
      field: 'Guest.idDocument',
      allowed: FRONT_DESK,
      query: 'query($id: ID!) { guest(id: $id) { id idDocument { type maskedNumber } } }',
      path: ['guest', 'idDocument'],
    },
    // ANALYST reads aggregates and non-identifying fields only.
    {
      field: 'Guest.fullName',
      allowed: ALL_BUT_ANALYST,
      query: 'query($id: ID!) { guest(id: $id) { id fullName } }',
      path: ['guest', 'fullName'],
    },
    {
      field: 'Account.credit',
      allowed: [...CREDIT, 'SALES'],
      query: 'query($id: ID!) { account(id: $id) { id credit { limit outstanding } } }',
      path: ['account', 'credit'],
    },
  ];

  it('serves each protected field to exactly the roles allowed, and null with FORBIDDEN at its path to the rest', async () => {
    for (const f of FIELDS()) {
      const id = f.path[0] === 'guest' ? guestId : accountId;
      for (const role of ROLES) {
        cases++;
        const res = await as(role)<Record<string, Record<string, unknown>>>(f.query, { id });
        const leaf = f.path[1] as string;
        const where = `${f.field} as ${role}`;
        // The rest of the response is served either way.
        expect(res.data?.[f.path[0] as string]?.id, where).toBe(id);
        if (f.allowed.includes(role)) {
          expect(res.errors, where).toBeUndefined();
          expect(res.data?.[f.path[0] as string]?.[leaf], where).not.toBeNull();
        } else {
          expect(res.data?.[f.path[0] as string]?.[leaf], where).toBeNull();
          expect(
            res.errors?.map((e) => [e.extensions?.code, e.path]),
            where,
          ).toEqual([['FORBIDDEN', f.path]]);
        }
      }
    }
  });

  it('finds a guest by phone or email only for roles that may read a phone, by document number only for the desk', async () => {
    const digits = identifiers.phone.replace(/\D/g, '');
    const searches: [string, string, readonly Role[]][] = [
      ['phone', identifiers.phone, CONTACT],
      ['last four phone digits', digits.slice(-4), CONTACT],
      ['leading phone digits', digits.slice(0, 7), CONTACT],
      ['email', identifiers.email.toUpperCase(), CONTACT],
      ['document number', identifiers.document, FRONT_DESK],
    ];
    for (const [what, text, allowed] of searches) {
      for (const role of ROLES.filter((r) => r !== 'ANALYST')) {
        cases++;
        const res = await as(role)<{ searchGuests: { id: string }[] }>(
          'query($text: String!) { searchGuests(text: $text, first: 50) { id } }',
          { text },
        );
        const where = `search by ${what} as ${role}`;
        // No error either way: a refusal would itself tell that the text is an identifier on file.
        expect(res.errors, where).toBeUndefined();
        const ids = res.data!.searchGuests.map((g) => g.id);
        if (allowed.includes(role)) expect(ids, where).toContain(guestId);
        else expect(ids, where).toEqual([]);
      }
    }
    // Every search by the document number, by whom it was made, is in the managers' reveal audit.
    const audit = ok(
      await as('MANAGER')<{ idDocumentReveals: { staffId: string; reason: string }[] }>(
        'query($g: ID) { idDocumentReveals(guestId: $g, first: 200) { staffId reason } }',
        { g: guestId },
      ),
    ).idDocumentReveals.filter((r) => r.reason === 'Searched by document number');
    expect(audit.map((r) => r.staffId).sort()).toEqual(['staff-front_office', 'staff-manager']);
  });

  it('lets exactly the allowed roles run each mutation; the others get FORBIDDEN and change nothing', async () => {
    const dbUrl = graph.services.guests!.databaseUrl;
    for (const m of MUTATIONS) {
      const vars = await m.vars();
      const before = await settledSnapshot(dbUrl);
      for (const role of ROLES.filter((r) => !m.allowed.includes(r))) {
        cases++;
        const res = await as(role)<Record<string, unknown>>(m.query, vars);
        expect(res.data?.[m.name] ?? null, `${m.name} as ${role}`).toBeNull();
        expect(
          res.errors?.map((e) => [e.extensions?.code, e.path]),
          `${m.name} as ${role}`,
        ).toEqual([['FORBIDDEN', [m.name]]]);
      }
      expect(changedTables(before, await settledSnapshot(dbUrl)), `${m.name} refused yet changed`).toEqual([]);
      for (const role of m.allowed) {
        cases++;
        const res = await as(role)<Record<string, unknown>>(m.query, await m.vars());
        expect(res.errors, `${m.name} as ${role}`).toBeUndefined();
        expect(res.data?.[m.name], `${m.name} as ${role}`).toBeTruthy();
      }
    }
  });

  it('refuses missing, forged, expired, tampered and alg-none tokens with UNAUTHENTICATED and no data', async () => {
    const [head, body] = mintToken(['FRONT_OFFICE']).split('.') as [string, string, string];
    const managerBody = Buffer.from(
      JSON.stringify({ sub: 'intruder', name: 'x', roles: ['MANAGER'], exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    const realSig = mintToken(['FRONT_OFFICE']).split('.')[2];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${managerBody}.`;
    const bad: Record<string, Record<string, string>> = {
      missing: {},
      'not bearer': { authorization: mintToken(['MANAGER']) },
      empty: { authorization: 'Bearer ' },
      garbage: { authorization: 'Bearer not.a.jwt' },
      forged: { authorization: `Bearer ${mintToken(['MANAGER'], { secret: 'someone-elses-secret' })}` },
      expired: { authorization: `Bearer ${mintToken(['MANAGER'], { expiresInSeconds: -5 })}` },
      'no exp': { authorization: `Bearer ${signJwt({ sub: 'x', roles: ['MANAGER'] }, 'hotel-crm-dev-secret')}` },
      tampered: { authorization: `Bearer ${head}.${managerBody}.${realSig}` },
      'signature cut': { authorization: `Bearer ${head}.${body}.` },
      'alg none': { authorization: `Bearer ${none}` },
    };
    const write = { input: { fullName: uniqueName('入侵') } };
    const before = await settledSnapshot(graph.services.guests!.databaseUrl);
    for (const [label, headers] of Object.entries(bad)) {
      for (const [query, vars] of [
        [contract.ArrivalBrief, { id: guestId }],
        [contract.RegisterGuest, write],
      ] as const) {
        cases++;
        const res = await postGraphQL(graph.url, query, vars, headers);
        expect(res.data ?? null, label).toBeNull();
        expect(res.errors?.[0]?.extensions?.code, label).toBe('UNAUTHENTICATED');
      }
    }
    expect(changedTables(before, await settledSnapshot(graph.services.guests!.databaseUrl))).toEqual([]);
  });

  it('throttles a caller over the per-minute limit with RATE_LIMITED, and no one else', async () => {
    const supergraphSdl = composeSupergraph(
      Object.values(graph.services).map((s) => ({
        name: s.definition.name,
        url: s.url,
        sdl: print(s.definition.typeDefs),
      })),
    );
    const strict = await startGateway({ supergraphSdl, port: 0, env: testEnv({ GATEWAY_RATE_LIMIT: '5' }) });
    try {
      const send = (sub: string) =>
        postGraphQL(strict.url, contract.ArrivalBrief, { id: guestId }, bearer(['FRONT_OFFICE'], { sub }));
      for (let i = 0; i < 5; i++) expect((await send('staff-busy')).errors, `request ${i + 1}`).toBeUndefined();
      const refused = await send('staff-busy');
      cases += 6;
      expect(refused.status).toBe(429);
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(refused.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.errors?.[0]?.message).toMatch(/Too many requests: at most 5 a minute/);
      const raw = await fetch(strict.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(['FRONT_OFFICE'], { sub: 'staff-busy' }) },
        body: JSON.stringify({ query: contract.ArrivalBrief, variables: { id: guestId } }),
      });
      expect(raw.status).toBe(429);
      expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another member of staff is not held up by the first one's script.
      expect((await send('staff-calm')).errors).toBeUndefined();
    } finally {
      await strict.stop();
    }
  });

  it('keeps every subgraph closed to callers without a gateway proof for that subgraph and that very request', async () => {
    const identity = { sub: 'intruder', name: 'x', roles: ['MANAGER' as Role] };
    const QUERY = '{ _service { sdl } }';
    const body = JSON.stringify({ query: QUERY, variables: {} });
    for (const [name, service] of Object.entries(graph.services)) {
      const other = name === 'guests' ? 'credit' : 'guests';
      const forged = signIdentity(identity, 'not-the-proof-secret', { subgraph: name, body });
      const desk = { sub: 'staff-front_office', name: 'Desk', roles: ['FRONT_OFFICE' as Role] };
      const genuine = signIdentity(desk, DEV_PROOF_SECRET, { subgraph: name, body });
      // The desk's proof under the intruder's identity: the proof covers the identity header, so it fails.
      // A pair captured from another request: replayed with another body (an `_entities` of thousands, say).
      const otherBody = signIdentity(identity, DEV_PROOF_SECRET, {
        subgraph: name,
        body: JSON.stringify({ query: '{ __typename }', variables: {} }),
      });
      const swapped = { [IDENTITY_HEADER]: forged[IDENTITY_HEADER]!, [PROOF_HEADER]: genuine[PROOF_HEADER]! };
      const attempts: Record<string, Record<string, string>> = {
        none: {},
        'a user token only': { authorization: `Bearer ${mintToken(['MANAGER'])}` },
        'forged proof': forged,
        'expired proof': signIdentity(identity, DEV_PROOF_SECRET, { subgraph: name, body }, -10),
        'too long a life': signIdentity(identity, DEV_PROOF_SECRET, { subgraph: name, body }, 300),
        'swapped identity': swapped,
        'proof without identity': { [PROOF_HEADER]: genuine[PROOF_HEADER]! },
        'proof for another subgraph': signIdentity(identity, DEV_PROOF_SECRET, { subgraph: other, body }),
        'proof for another body': otherBody,
      };
      for (const [label, headers] of Object.entries(attempts)) {
        cases++;
        const res = await postGraphQL(service.url, QUERY, {}, headers);
        expect(res.data ?? null, `${name}: ${label}`).toBeNull();
        expect(res.errors?.[0]?.extensions?.code, `${name}: ${label}`).toBe('UNAUTHENTICATED');
      }
      // The control: the same request with the gateway's proof for it is served.
      const served = await postGraphQL<{ _service: { sdl: string } }>(service.url, QUERY, {}, genuine);
      expect(served.data?._service.sdl, name).toBeTruthy();
    }
  });
});
