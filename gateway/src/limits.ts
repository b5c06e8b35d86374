import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /** Fields counted with list multipliers from `first`/`last` arguments (a page of 100 with 10 fields = 1,000). */
  maxCost: number;
  maxAliases: number;
  /** Lexical tokens in a document at most: parsing stops there, before a huge document costs anything more. */
  maxTokens: number;
}
// getIntrospectionQuery() is 163 tokens and the contract's largest operation under 100: 5,000 leaves frontends room.
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 20_000, maxAliases: 50, maxTokens: 5_000 };

const refusal = (message: string, node?: OperationDefinitionNode) =>
  new GraphQLError(message, { nodes: node ? [node] : [], extensions: { code: 'BAD_USER_INPUT', field: 'query' } });
const found = (err: GraphQLError | null) => Number(/found (\d+)/.exec(err?.message ?? '')?.[1] ?? Number.NaN);

/**
 * Validation rules that refuse abusive queries before any subgraph is called: too deep or too many aliases
 * (graphql-armor's rules, which leave introspection's `__schema` out of the depth so GraphiQL and code generators
 * work while data selections beside it still count), too costly (ours: armor's cost counts no list sizes), and
 * subscriptions. The token limit is graphql-js's own `parse` option (see `parseOptions` in gateway.ts).
 */
export function queryLimitRules(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule[] {
  return [
    maxDepthRule({
      n: limits.maxDepth,
      ignoreIntrospection: true,
      // A fragment is no level of its own: depth counts fields, as a client reads the query.
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [
        (ctx, err) => ctx?.reportError(refusal(`Query is too deep: ${found(err)} levels, at most ${limits.maxDepth}`)),
      ],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        (ctx, err) =>
          ctx?.reportError(refusal(`Query has too many aliases: ${found(err)}, at most ${limits.maxAliases}`)),
      ],
    }),
    queryCostRule(limits.maxCost),
  ];
}

/**
 * Refuses a query whose fields, multiplied by the page sizes they ask for, exceed `maxCost`; and subscriptions,
 * which this graph does not offer. Introspection fields cost nothing: their size is the schema's, not the data's.
 */
export function queryCostRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const measure = (set: SelectionSetNode, seen: Set<string>): number => {
      let cost = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value === '__schema' || sel.name.value === '__type') continue;
          const pageArg = sel.arguments?.find((a) => ['first', 'last', 'limit'].includes(a.name.value));
          const multiplier =
            pageArg?.value.kind === Kind.INT ? Math.max(1, Number(pageArg.value.value)) : pageArg ? 100 : 1;
          cost += sel.selectionSet ? 1 + multiplier * measure(sel.selectionSet, seen) : 1;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) cost += measure(sel.selectionSet, seen);
        else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (!frag || seen.has(name)) continue;
          cost += measure(frag.selectionSet, new Set([...seen, name]));
        }
        if (cost > maxCost * 10) break;
      }
      return cost;
    };
    return {
      OperationDefinition(node) {
        // The graph has no subscriptions; the gateway would fail on one at execution (HTTP 500).
        if (node.operation === 'subscription') {
          context.reportError(refusal('This graph offers no subscriptions', node));
          return;
        }
        const cost = measure(node.selectionSet, new Set());
        if (cost > maxCost)
          context.reportError(refusal(`Query is too costly: ${cost} points, at most ${maxCost}`, node));
      },
    };
  };
}
