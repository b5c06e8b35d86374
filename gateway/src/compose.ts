import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

/** Composes the subgraphs into a supergraph; throws with composition's own messages when they disagree. */
export function composeSupergraph(subgraphs: SubgraphSource[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors?.length || !result.supergraphSdl) {
    throw new Error(`Supergraph composition failed:\n${(result.errors ?? []).map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
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
