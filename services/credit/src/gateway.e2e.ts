import { readFileSync } from 'node:fs';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import type { ServiceDefinition } from '@guest-graph/subgraph-kit';
import { bearer, postGraphQL, startTestService, type TestService, waitFor } from '@guest-graph/testing';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreditHarness, startCreditHarness } from './testing/credit-harness.js';

// The contract's credit operations, sent as a frontend sends them: through the gateway, with a token.
const contract = parse(
  readFileSync(new URL('../../../../shared/contract/operations.graphql', import.meta.url), 'utf8'),
);
const operation = (name: string) =>
  print(
    contract.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
    )!,
  );

// A stand-in for the accounts subgraph: it owns Account and its name; every id is an account.
const accountsStandIn: ServiceDefinition = {
  name: 'accounts',
  schema: 'e2e_accounts',
  defaultPort: 0,
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Account @key(fields: "id") { id: ID! name: String! }
    type Query { account(id: ID!): Account }
  `),
  resolvers: () => ({
    Query: { account: (_: unknown, { id }: { id: string }) => ({ id, name: `Account ${id.slice(0, 4)}` }) },
    Account: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, name: `Account ${ref.id.slice(0, 4)}` }) },
  }),
  entities: [],
  migrations: [],
};

let h: CreditHarness;
let accounts: TestService;
let gw: Awaited<ReturnType<typeof startGateway>>;
beforeAll(async () => {
  h = await startCreditHarness();
  accounts = await startTestService(accountsStandIn, {
    databaseUrl: h.service.databaseUrl,
    namespace: h.service.namespace,
  });
  const sdl = (d: ServiceDefinition) => d.typeDefs.loc?.source.body as string;
  const supergraphSdl = composeSupergraph([
    { name: 'accounts', url: accounts.url, sdl: sdl(accountsStandIn) },
    { name: 'credit', url: h.service.url, sdl: readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8') },
  ]);
  gw = await startGateway({ supergraphSdl, port: 0, env: { NODE_ENV: 'test', LOG_LEVEL: 'silent' } });
});
afterAll(async () => {
  await gw?.stop();
  await accounts?.dispose();
  await h?.dispose();
});

describe('credit through the gateway', () => {
  it('SetCreditTerms then AccountCredit, and outstanding rises when a direct-billed stay checks out', async () => {
    const account = h.newAccount();
    const set = await postGraphQL(
      gw.url,
      operation('SetCreditTerms'),
      { accountId: account, input: { limit: '20000.00', termDays: 30, rating: 'A' } },
      bearer(['FINANCE']),
    );
    expect(set.data).toEqual({ setCreditTerms: { limit: '20000.00', termDays: 30, status: 'GOOD' } });

    await h.checkOut({ accountId: account, total: '1376.00' });
    const read = await waitFor(
      () => postGraphQL(gw.url, operation('AccountCredit'), { id: account }, bearer(['SALES'])),
      (r) => (r.data as { account?: { credit?: { outstanding: string } } })?.account?.credit?.outstanding === '1376.00',
    );
    expect(read.errors).toBeUndefined();
    expect(read.data).toEqual({
      account: {
        id: account,
        name: `Account ${account.slice(0, 4)}`,
        credit: { limit: '20000.00', outstanding: '1376.00', available: '18624.00', status: 'GOOD' },
      },
    });
  });

  it('serves the account to other roles with credit null and FORBIDDEN on its path', async () => {
    const account = h.newAccount();
    const res = await postGraphQL(gw.url, operation('AccountCredit'), { id: account }, bearer(['FRONT_OFFICE']));
    expect(res.data).toEqual({ account: { id: account, name: `Account ${account.slice(0, 4)}`, credit: null } });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.path).toEqual(['account', 'credit']);
  });

  it('refuses SetCreditTerms to SALES and bad input with the field named', async () => {
    const account = h.newAccount();
    const sales = await postGraphQL(
      gw.url,
      operation('SetCreditTerms'),
      { accountId: account, input: { limit: '1.00', termDays: 30 } },
      bearer(['SALES']),
    );
    expect(sales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await postGraphQL(
      gw.url,
      operation('SetCreditTerms'),
      { accountId: account, input: { limit: '-5.00', termDays: 30 } },
      bearer(['MANAGER']),
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.limit' });
  });
});
