import { composeServices } from '@apollo/composition';
import { type GraphQLSchema, parse } from 'graphql';

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** Composes the subgraphs into a supergraph; throws with composition's own messages when they disagree. */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  return compose(subgraphs).supergraphSdl;
}

/** The schema clients see (the supergraph without federation's plumbing): what operations validate against. */
export function composeApiSchema(subgraphs: SubgraphSource[]): GraphQLSchema {
  return composeGraph(subgraphs).apiSchema;
}

/**
 * The supergraph and the schema clients see, from one composition (the build writes one and checks the other),
 * with composition's hints (warnings that do not stop it, such as subgraphs describing a shared type differently).
 */
export function composeGraph(subgraphs: SubgraphSource[]): {
  supergraphSdl: string;
  apiSchema: GraphQLSchema;
  hints: string[];
} {
  const result = compose(subgraphs);
  return {
    supergraphSdl: result.supergraphSdl,
    apiSchema: result.schema.toAPISchema().toGraphQLJSSchema(),
    hints: (result.hints ?? []).map((h) => h.message),
  };
}

function compose(subgraphs: SubgraphSource[]) {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(
      `Supergraph composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return result;
}

/** The five subgraphs with their default local addresses (contract README: ports 4001 to 4005). */
export const SUBGRAPHS = [
  { name: 'guests', port: 4001 },
  { name: 'accounts', port: 4002 },
  { name: 'service-recovery', port: 4003 },
  { name: 'loyalty', port: 4004 },
  { name: 'credit', port: 4005 },
] as const;

/** `GUESTS_URL`, `SERVICE_RECOVERY_URL`…: where a subgraph really runs, overriding the supergraph's address. */
export const urlVariable = (name: string) => `${name.toUpperCase().replace(/-/g, '_')}_URL`;
