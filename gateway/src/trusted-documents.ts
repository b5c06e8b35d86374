import { createHash } from 'node:crypto';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  type ASTVisitor,
  type DefinitionNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type ValidationContext,
  visit,
} from 'graphql';

/** Where trusted operations come from, relative to the repository: the contract, then each console's file. */
export const TRUSTED_DOCUMENT_SOURCES = [
  '../shared/contract/operations.graphql',
  'packages/console/src/operations.graphql',
  'packages/export/src/operations.graphql',
];

/** Apollo's persisted query manifest format, as @apollo/generate-persisted-query-manifest writes it. */
export interface TrustedDocumentManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: { id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }[];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One manifest entry per named operation of the sources, each with the fragments it uses, sorted by name. */
export function buildManifest(sources: string[]): TrustedDocumentManifest {
  const definitions = sources.flatMap((s) => parse(s).definitions as DefinitionNode[]);
  const fragments = new Map(
    definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const used = (node: OperationDefinitionNode | FragmentDefinitionNode, seen = new Set<string>()) => {
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!seen.has(name) && fragment) {
          seen.add(name);
          used(fragment, seen);
        }
      },
    });
    return seen;
  };
  const operations = definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && !!d.name)
    .map((op) => {
      const body = [op, ...[...used(op)].sort().map((n) => fragments.get(n)!)].map((d) => print(d)).join('\n\n');
      return { id: sha256(body), name: op.name!.value, type: op.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

/**
 * In trusted-documents mode the gateway runs only the manifest's operations: a client sends an operation's `id`
 * as an APQ hash (Apollo Client with @apollo/persisted-query-lists does) or its exact text; anything else is refused
 * at validation, before any subgraph is called. Apollo caches a validated document, so the rule runs once per text.
 */
export function trustedDocuments(manifest: TrustedDocumentManifest) {
  const bodies = new Map(manifest.operations.map((o) => [o.id, o.body]));
  const printed = new Set(manifest.operations.map((o) => print(parse(o.body))));
  const rule = (context: ValidationContext): ASTVisitor => ({
    Document: {
      enter(document) {
        if (!printed.has(print(document)))
          context.reportError(
            new GraphQLError('Only trusted documents run here: this operation is not in the manifest', {
              extensions: { code: 'FORBIDDEN', field: 'query', reason: 'NOT_A_TRUSTED_DOCUMENT' },
            }),
          );
        return false;
      },
    },
  });
  /** Apollo's APQ cache, answering every manifest id from the start (in every worker) and registering nothing. */
  const cache: KeyValueCache<string> = {
    async get(key) {
      return bodies.get(key.replace(/^apq:/, ''));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
  return { rule, cache };
}
