// Build step: composes the committed subgraph schemas into gateway/supergraph.graphql. Fails the build with
// composition's messages when the subgraphs disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, SUBGRAPHS } from './compose.js';

const root = new URL('../../', import.meta.url);
try {
  const sdl = composeSupergraph(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: `http://127.0.0.1:${s.port}/graphql`,
      sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
    })),
  );
  writeFileSync(new URL('gateway/supergraph.graphql', root), sdl);
  console.log('supergraph composed: gateway/supergraph.graphql');
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
