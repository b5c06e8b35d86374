import { Supergraph } from '@apollo/federation-internals';
import {
  type BreakingChange,
  type DefinitionNode,
  findBreakingChanges,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import { composeApiSchema, composeSupergraph, type SubgraphSource } from './compose.js';

/** The schema clients see of a composed supergraph (federation's plumbing and @inaccessible left out). */
export const apiSchemaOf = (supergraphSdl: string): GraphQLSchema =>
  Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

export interface SchemaCheckInput {
  /** The supergraph clients use today: the committed one on the base branch (main). */
  baseSupergraph: string;
  /** The committed gateway/supergraph.graphql of the commit being checked. */
  committedSupergraph: string;
  subgraphs: SubgraphSource[];
  /** The schema changelog: a breaking change passes only when an entry quotes it, with a reason. */
  changelog: string;
  /** The contract's operations (operations.graphql). */
  operations: string;
}

export interface SchemaCheckResult {
  breaking: string[];
  /** Breaking changes no changelog entry names with a reason. */
  unexplained: string[];
  /** The committed supergraph is not what the subgraphs compose to (run the build and commit its output). */
  drift: boolean;
  /** Contract operations that validated against the base and no longer do. */
  brokenOperations: string[];
  ok: boolean;
}

/**
 * What Apollo's `rover subgraph check` does for a graph without GraphOS: compose the subgraphs, compare the
 * API schema with the one clients use today, and refuse a breaking change (graphql-js's `findBreakingChanges`:
 * a type, field, argument or enum value removed, a type changed, a required argument or input field added,
 * an output made nullable…) unless the changelog names it with its reason. The contract's operations must
 * keep validating whatever the changelog says.
 */
export function checkSchema(input: SchemaCheckInput): SchemaCheckResult {
  const composed = composeSupergraph(input.subgraphs);
  const next = composeApiSchema(input.subgraphs);
  const base = apiSchemaOf(input.baseSupergraph);
  const breaking = findBreakingChanges(base, next).map((c: BreakingChange) => c.description);
  const unexplained = breaking.filter((b) => !explained(input.changelog, b));
  const drift = normalise(composed) !== normalise(input.committedSupergraph);
  const doc = parse(input.operations);
  const fragments = doc.definitions.filter((d: DefinitionNode) => d.kind === Kind.FRAGMENT_DEFINITION);
  const brokenOperations = doc.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .filter((op) => {
      const alone = { kind: Kind.DOCUMENT, definitions: [op, ...fragments] } as const;
      return validate(base, alone).length === 0 && validate(next, alone).length > 0;
    })
    .map(
      (op) =>
        `${op.name?.value}: ${validate(next, { kind: Kind.DOCUMENT, definitions: [op, ...fragments] })[0]?.message}`,
    );
  return {
    breaking,
    unexplained,
    drift,
    brokenOperations,
    ok: !unexplained.length && !drift && !brokenOperations.length,
  };
}

/** A changelog line that quotes the change in backticks and gives a reason after it. */
function explained(changelog: string, change: string): boolean {
  return changelog.split('\n').some((line) => {
    const at = line.indexOf(`\`${change}\``);
    return at >= 0 && /\w{3,}/.test(line.slice(at + change.length + 2).replace(/reason:?/i, ''));
  });
}

const normalise = (sdl: string) => sdl.replace(/\r\n/g, '\n').trim();
