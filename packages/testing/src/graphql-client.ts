import { IDENTITY_HEADER, mintToken, PROOF_HEADER, type Role, signIdentity } from '@guest-graph/auth';
import { DEV_GATEWAY_PROOF_SECRET } from '@guest-graph/config';

export interface GraphQLResponse<D = Record<string, unknown>> {
  status: number;
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Headers as they are, or made for the exact body and URL sent (a gateway proof is bound to both). */
export type RequestHeaders = Record<string, string> | ((body: string, url: string) => Record<string, string>);

export async function postGraphQL<D = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: RequestHeaders = {},
): Promise<GraphQLResponse<D>> {
  const sent = JSON.stringify({ query, variables });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(typeof headers === 'function' ? headers(sent, url) : headers) },
    body: sent,
  });
  const answer = (await res.json()) as GraphQLResponse<D>;
  return { ...answer, status: res.status };
}

export const DEV_PROOF_SECRET = DEV_GATEWAY_PROOF_SECRET;

/**
 * Headers a subgraph accepts as "came through the gateway", for calling a subgraph directly in tests: made per
 * request, since the proof is bound to the subgraph (`subgraph`, the service's name) and the body sent.
 */
export function gatewayProof(
  roles: Role[],
  sub = `staff-${roles.join('-').toLowerCase()}`,
  secret = DEV_PROOF_SECRET,
  subgraph = 'guests',
) {
  return (body: string, url: string): Record<string, string> => {
    const h = signIdentity({ sub, name: `Test ${roles.join('/')}`, roles }, secret, {
      subgraph,
      body,
      search: new URL(url).search,
    });
    return { [IDENTITY_HEADER]: h[IDENTITY_HEADER]!, [PROOF_HEADER]: h[PROOF_HEADER]! };
  };
}

export const bearer = (roles: Role[], opts: Parameters<typeof mintToken>[1] = {}) => ({
  authorization: `Bearer ${mintToken(roles, opts)}`,
});

/** Throws with the errors when a response has any; returns data otherwise. */
export function expectData<D>(res: GraphQLResponse<D>): D {
  if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}
