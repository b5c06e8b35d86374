// The peer gateway for scenario 6: @graphql-hive/gateway over the same composed supergraph. The bench client
// sends who is calling (hive does not verify our JWTs); hive passes it on, and a plugin signs each subgraph call
// as our gateway does: the proof is bound to the subgraph and the body, so it is made per call, where the body is.
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const { identityOfHeader, signIdentity } = await import(join(root, 'packages/auth/dist/index.js'));
const { DEV_GATEWAY_PROOF_SECRET } = await import(join(root, 'packages/config/dist/index.js'));
const secret = process.env.GATEWAY_PROOF_SECRET ?? DEV_GATEWAY_PROOF_SECRET;
// The bench's ports (bench.mjs SERVICES).
const SUBGRAPH_BY_PORT = {
  4101: 'guests',
  4102: 'accounts',
  4103: 'service-recovery',
  4104: 'loyalty',
  4105: 'credit',
};

export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return { 'x-guest-graph-identity': request.headers.get('x-guest-graph-identity') ?? '' };
    },
  },
  plugins: () => [
    {
      onFetch({ url, options, setOptions }) {
        const headers = { ...(options.headers ?? {}) };
        const identity = headers['x-guest-graph-identity'];
        const subgraph = SUBGRAPH_BY_PORT[new URL(url).port];
        if (!identity || !subgraph) return;
        const body = typeof options.body === 'string' ? options.body : '';
        const proof = signIdentity(identityOfHeader(identity), secret, { subgraph, body, search: new URL(url).search });
        setOptions({ ...options, headers: { ...headers, ...proof } });
      },
    },
  ],
  logging: 'error',
};
