// Build step: composes the committed subgraph schemas into gateway/supergraph.graphql. Fails the build with
// composition's messages when the subgraphs disagree, and when the API schema has an undocumented element or a
// root field that does not say who may call it, or subgraphs describe a shared element differently: the schema is the frontends' documentation.
import { readFileSync, writeFileSync } from 'node:fs';
import { composeGraph, SUBGRAPHS } from './compose.js';
import { inconsistentDescriptions, missingDescriptions, rootFieldsWithoutRoles } from './descriptions.js';

const root = new URL('../../', import.meta.url);
try {
  const { supergraphSdl, apiSchema, hints } = composeGraph(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: `http://127.0.0.1:${s.port}/graphql`,
      sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
    })),
  );
  const undocumented = missingDescriptions(apiSchema);
  const unroled = rootFieldsWithoutRoles(apiSchema);
  const inconsistent = inconsistentDescriptions(hints);
  if (undocumented.length || unroled.length || inconsistent.length) {
    const list = (title: string, items: string[]) => (items.length ? `${title}:\n  - ${items.join('\n  - ')}\n` : '');
    throw new Error(
      list('Without a description (add one in services/*/src/schema.graphql)', undocumented) +
        list('Root fields whose description does not say "Roles: …"', unroled) +
        list('Described differently by two subgraphs (make the descriptions the same)', inconsistent),
    );
  }
  writeFileSync(new URL('gateway/supergraph.graphql', root), supergraphSdl);
  console.log('supergraph composed: gateway/supergraph.graphql');
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
