// The peer gateway for scenario 6: @graphql-hive/gateway over the same composed supergraph. The bench client
// sends the gateway's identity proof itself (hive does not verify our JWTs), and hive passes it on.
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      return {
        'x-guest-graph-identity': request.headers.get('x-guest-graph-identity') ?? '',
        'x-guest-graph-proof': request.headers.get('x-guest-graph-proof') ?? '',
      };
    },
  },
  logging: 'error',
};
