import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /** Fields counted with list multipliers from `first`/`last` arguments (a page of 100 with 10 fields = 1,000). */
  maxCost: number;
  maxAliases: number;
}
export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 20_000, maxAliases: 50 };

/**
 * A validation rule that refuses abusive queries before any subgraph is called: too deep, too costly, or
 * too many aliases (the cheap way to multiply work).
 */
export function queryLimitsRule(limits: QueryLimits = DEFAULT_LIMITS) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    let aliases = 0;
    const measure = (set: SelectionSetNode, depth: number, seen: Set<string>): { depth: number; cost: number } => {
      let maxDepth = depth;
      let cost = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) {
          if (sel.alias) aliases++;
          const pageArg = sel.arguments?.find((a) => ['first', 'last', 'limit'].includes(a.name.value));
          const multiplier =
            pageArg?.value.kind === Kind.INT ? Math.max(1, Number(pageArg.value.value)) : pageArg ? 100 : 1;
          if (sel.selectionSet) {
            const inner = measure(sel.selectionSet, depth + 1, seen);
            maxDepth = Math.max(maxDepth, inner.depth);
            cost += 1 + multiplier * inner.cost;
          } else cost += 1;
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const inner = measure(sel.selectionSet, depth, seen);
          maxDepth = Math.max(maxDepth, inner.depth);
          cost += inner.cost;
        } else {
          const name = sel.name.value;
          const frag = fragments.get(name);
          if (!frag || seen.has(name)) continue;
          const inner = measure(frag.selectionSet, depth, new Set([...seen, name]));
          maxDepth = Math.max(maxDepth, inner.depth);
          cost += inner.cost;
        }
        if (cost > limits.maxCost * 10) break;
      }
      return { depth: maxDepth, cost };
    };
    return {
      OperationDefinition(node) {
        aliases = 0;
        const { depth, cost } = measure(node.selectionSet, 1, new Set());
        const refuse = (message: string) =>
          context.reportError(
            new GraphQLError(message, { nodes: [node], extensions: { code: 'BAD_USER_INPUT', field: 'query' } }),
          );
        // The graph has no subscriptions; the gateway would fail on one at execution (HTTP 500).
        if (node.operation === 'subscription') refuse('This graph offers no subscriptions');
        else if (depth > limits.maxDepth) refuse(`Query is too deep: ${depth} levels, at most ${limits.maxDepth}`);
        else if (cost > limits.maxCost) refuse(`Query is too costly: ${cost} points, at most ${limits.maxCost}`);
        else if (aliases > limits.maxAliases)
          refuse(`Query has too many aliases: ${aliases}, at most ${limits.maxAliases}`);
      },
    };
  };
}
