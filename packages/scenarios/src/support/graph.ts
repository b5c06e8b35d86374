import { readFileSync } from 'node:fs';
import { accountsService } from '@guest-graph/accounts';
import type { Role } from '@guest-graph/auth';
import { creditService } from '@guest-graph/credit';
import { composeSupergraph, startGateway } from '@guest-graph/gateway';
import { guestsService } from '@guest-graph/guests';
import { loyaltyService } from '@guest-graph/loyalty';
import { serviceRecoveryService } from '@guest-graph/service-recovery';
import type { Clock } from '@guest-graph/subgraph-kit';
import {
  bearer,
  createTestDatabase,
  type GraphQLResponse,
  postGraphQL,
  startTestService,
  type TestService,
  testEnv,
  testNamespace,
} from '@guest-graph/testing';
import { Kind, type OperationDefinitionNode, parse, print } from 'graphql';

export const ALL_SERVICES = [guestsService, accountsService, serviceRecoveryService, loyaltyService, creditService];

export type Caller = <D = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<GraphQLResponse<D>>;

export interface Graph {
  url: string;
  services: Record<string, TestService>;
  /** Sends operations through the gateway as a member of staff with these roles. */
  as(...roles: Role[]): Caller;
  stop(): Promise<void>;
}

/** The five subgraphs on one fresh database and NATS namespace, composed behind a real gateway. */
/** `consoleDir`: the built console the gateway serves at /console/ (default packages/console/dist). */
export async function startGraph(
  opts: { clock?: Clock; env?: Record<string, string>; consoleDir?: string } = {},
): Promise<Graph> {
  const db = await createTestDatabase('graph');
  const namespace = testNamespace();
  const services: Record<string, TestService> = {};
  for (const def of ALL_SERVICES)
    services[def.name] = await startTestService(def, {
      databaseUrl: db.url,
      namespace,
      clock: opts.clock,
      env: opts.env,
    });
  const supergraphSdl = composeSupergraph(
    Object.values(services).map((s) => ({ name: s.definition.name, url: s.url, sdl: print(s.definition.typeDefs) })),
  );
  const gateway = await startGateway({ supergraphSdl, port: 0, env: testEnv(opts.env), consoleDir: opts.consoleDir });
  return {
    url: gateway.url,
    services,
    as:
      (...roles) =>
      (query, variables = {}) =>
        postGraphQL(gateway.url, query, variables, bearer(roles)),
    stop: async () => {
      await gateway.stop();
      for (const s of Object.values(services).reverse()) await s.stop();
      await db.drop();
    },
  };
}

const contractDoc = parse(
  readFileSync(new URL('../../../../../shared/contract/operations.graphql', import.meta.url), 'utf8'),
);
/** The contract's operations, by name, exactly as frontends send them. */
export const contract = new Proxy({} as Record<string, string>, {
  get(_, name: string) {
    const op = contractDoc.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
    );
    if (!op) throw new Error(`No operation ${name} in the contract`);
    return print(op);
  },
});

/** Fails the test with the errors when a response has any; the data otherwise. */
export { expectData as ok } from '@guest-graph/testing';
export const codeOf = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
