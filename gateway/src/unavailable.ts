import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';

/** A subgraph that could not be reached at all (as opposed to one that answered with errors). */
export function isUnreachable(error: unknown): boolean {
  const e = error as {
    message?: string;
    code?: string;
    cause?: { code?: string };
    extensions?: { response?: { status?: number } };
  };
  const status = e?.extensions?.response?.status;
  if (status === 502 || status === 503 || status === 504) return true;
  return /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|fetch failed|socket hang up|other side closed/.test(
    `${e?.message ?? ''} ${e?.code ?? ''} ${e?.cause?.code ?? ''}`,
  );
}

const responseKeys = (set: SelectionSetNode | undefined): string[] =>
  (set?.selections ?? []).flatMap((s) =>
    s.kind === Kind.FIELD
      ? [s.alias?.value ?? s.name.value]
      : s.kind === Kind.INLINE_FRAGMENT
        ? responseKeys(s.selectionSet)
        : [],
  );

/**
 * What the gateway records when `service` cannot be reached: null for every part it was asked for, with a
 * SERVICE_UNAVAILABLE error at each part's path, so the rest of the response is served and the caller knows
 * exactly what is missing. (Left to itself the gateway reports a pathless error, or fails the whole
 * entity fetch when `_entities` is missing.)
 */
export function unavailableResponse(
  service: string,
  // biome-ignore lint/suspicious/noExplicitAny: any gateway context
  options: GraphQLDataSourceProcessOptions<any>,
): Awaited<ReturnType<RemoteGraphQLDataSource['process']>> {
  const message = `The ${service} service is unavailable`;
  const extensions = { code: 'SERVICE_UNAVAILABLE', serviceName: service };
  let document: DocumentNode | undefined;
  try {
    document = 'document' in options && options.document ? options.document : parse(options.request.query ?? '');
  } catch {
    document = undefined;
  }
  const op = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const root = op && op.kind === Kind.OPERATION_DEFINITION ? op.selectionSet : undefined;
  const representations = options.request.variables?.representations as unknown[] | undefined;
  if (Array.isArray(representations)) {
    const entities = root?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
    const fields = responseKeys(entities?.kind === Kind.FIELD ? entities.selectionSet : undefined).filter(
      (k) => k !== '__typename',
    );
    return {
      data: { _entities: representations.map(() => null) },
      errors: representations.flatMap((_, i) =>
        fields.map((f) => ({ message, path: ['_entities', i, f], extensions })),
      ),
    };
  }
  return {
    data: null,
    errors: responseKeys(root).map((f) => ({ message, path: [f], extensions })),
  };
}
