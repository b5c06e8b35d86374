import { IDENTITY_HEADER, mintToken, PROOF_HEADER, type Role, signIdentity } from '@guest-graph/auth';
import { DEV_GATEWAY_PROOF_SECRET } from '@guest-graph/config';

export interface GraphQLResponse<D = Record<string, unknown>> {
  status: number;
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function postGraphQL<D = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<D>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<D>;
  return { ...body, status: res.status };
}

export const DEV_PROOF_SECRET = DEV_GATEWAY_PROOF_SECRET;

/** Headers a subgraph accepts as "came through the gateway", for calling a subgraph directly in tests. */
export function gatewayProof(roles: Role[], sub = `staff-${roles.join('-').toLowerCase()}`, secret = DEV_PROOF_SECRET) {
  const h = signIdentity({ sub, name: `Test ${roles.join('/')}`, roles }, secret);
  return { [IDENTITY_HEADER]: h[IDENTITY_HEADER]!, [PROOF_HEADER]: h[PROOF_HEADER]! };
}

export const bearer = (roles: Role[], opts: Parameters<typeof mintToken>[1] = {}) => ({
  authorization: `Bearer ${mintToken(roles, opts)}`,
});

/** Throws with the errors when a response has any; returns data otherwise. */
export function expectData<D>(res: GraphQLResponse<D>): D {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}
