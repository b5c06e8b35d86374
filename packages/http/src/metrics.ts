import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { boundedLabel, histogram, type Registry } from '@guest-graph/telemetry';

/**
 * `graphql_request_duration_seconds`: each GraphQL request from its start to its answer, by operation name, by the
 * calling client's `apollographql-client-name` header and by outcome (`ok`, or `error` when the answer carries
 * errors). Names are bounded (see `boundedLabel`), so the series stay few whatever callers send.
 */
export function graphqlMetrics<C extends BaseContext>(registry: Registry): ApolloServerPlugin<C> {
  const duration = histogram(
    registry,
    'graphql_request_duration_seconds',
    'GraphQL requests from arrival to answer, by operation, client name and outcome',
    ['operation', 'client', 'outcome'],
  );
  const operation = boundedLabel();
  const client = boundedLabel(50);
  return {
    async requestDidStart({ request }) {
      const end = duration.startTimer();
      return {
        async willSendResponse({ response, operationName }) {
          const body = response.body;
          const failed = body.kind === 'single' ? Boolean(body.singleResult.errors?.length) : false;
          end({
            operation: operation(operationName ?? request.operationName, 'anonymous'),
            client: client(request.http?.headers.get('apollographql-client-name')),
            outcome: failed ? 'error' : 'ok',
          });
        },
      };
    },
  };
}
