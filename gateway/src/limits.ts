import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  /**
   * Fields counted with list multipliers from `first`/`last`/`limit` (a page of 100 with 10 fields = 1,000): the
   * literal, the variable's value or the schema's default (`operationCost`).
   */
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

/** A page argument whose size is not known (no literal, no variable value, no default): the largest page we serve. */
export const UNKNOWN_PAGE = 100;
const PAGE_ARGUMENTS = new Set(['first', 'last', 'limit']);

/**
 * What an operation costs: every field 1, a field's selection multiplied by the page it asks for. The page is the
 * literal, else the variable's value (when the request's variables are known), else the variable's default in the
 * operation, else the argument's default in the schema (the 20s, 50s and 100s resolvers use), else
 * `UNKNOWN_PAGE`. Introspection costs nothing: its size is the schema's, not the data's. Stops counting past
 * `stopAt`.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | null,
  stopAt: number,
): number {
  const declared = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const pageOf = (value: ValueNode | undefined, fallback: unknown): number => {
    if (value?.kind === Kind.INT) return Number(value.value);
    if (value?.kind === Kind.VARIABLE) {
      const name = value.name.value;
      const given = variables?.[name];
      if (typeof given === 'number') return given;
      const byDefault = declared.get(name);
      if (byDefault?.kind === Kind.INT) return Number(byDefault.value);
    }
    return typeof fallback === 'number' ? fallback : UNKNOWN_PAGE;
  };
  // `inherited`: the page of an object field (creditAging(first: 100) { accounts }) that sizes its lists below.
  const measure = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | undefined,
    seen: Set<string>,
    inherited: number | null,
  ): number => {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__schema' || sel.name.value === '__type') continue;
        const def =
          parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
        let page: number | null = null;
        for (const arg of def?.args.filter((a) => PAGE_ARGUMENTS.has(a.name)) ?? []) {
          const node = sel.arguments?.find((a) => a.name.value === arg.name);
          page = Math.max(page ?? 1, pageOf(node?.value, arg.defaultValue));
        }
        // A page argument the schema does not know (a misspelt field fails validation anyway): counted as given.
        const unknownArg = !def && sel.arguments?.find((a) => PAGE_ARGUMENTS.has(a.name.value));
        if (unknownArg) page = pageOf(unknownArg.value, undefined);
        const type = def ? getNullableType(def.type) : undefined;
        const named = def ? getNamedType(def.type) : undefined;
        const many = !def || isListType(type) || named?.name.endsWith('Connection') === true;
        const multiplier = Math.max(1, many ? (page ?? (isListType(type) ? (inherited ?? 1) : 1)) : 1);
        cost += sel.selectionSet ? 1 + multiplier * measure(sel.selectionSet, named, seen, many ? null : page) : 1;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent;
        cost += measure(sel.selectionSet, on ?? undefined, seen, inherited);
      } else {
        const name = sel.name.value;
        const frag = fragments.get(name);
        if (!frag || seen.has(name)) continue;
        cost += measure(
          frag.selectionSet,
          schema.getType(frag.typeCondition.name.value) ?? undefined,
          new Set([...seen, name]),
          inherited,
        );
      }
      if (cost > stopAt) break;
    }
    return cost;
  };
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'query'
        ? schema.getQueryType()
        : null;
  return measure(operation.selectionSet, root ?? undefined, new Set(), null);
}

export const fragmentsOf = (document: DocumentNode) =>
  new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

const tooCostly = (cost: number, maxCost: number, node?: OperationDefinitionNode) =>
  refusal(`Query is too costly: ${cost} points, at most ${maxCost}`, node);

/**
 * Refuses a query whose cost (`operationCost`, variables not yet known: their defaults count) exceeds `maxCost`;
 * and subscriptions, which this graph does not offer. `costWithVariables` checks again once they are known.
 */
export function queryCostRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(node) {
        // The graph has no subscriptions; the gateway would fail on one at execution (HTTP 500).
        if (node.operation === 'subscription') {
          context.reportError(refusal('This graph offers no subscriptions', node));
          return;
        }
        const cost = operationCost(context.getSchema(), node, fragments, null, maxCost * 10);
        if (cost > maxCost) context.reportError(tooCostly(cost, maxCost, node));
      },
    };
  };
}

/**
 * The cost again with the request's variables (validation is cached per document, so it cannot see them): a
 * `first: $n` with `n = 1000` counts 1,000. Throws the same refusal as the validation rule.
 */
export function costWithVariables(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): void {
  const cost = operationCost(schema, operation, fragmentsOf(document), variables ?? {}, maxCost * 10);
  if (cost > maxCost)
    throw new GraphQLError(`Query is too costly: ${cost} points, at most ${maxCost}`, {
      nodes: [operation],
      extensions: { code: 'BAD_USER_INPUT', field: 'query', http: { status: 400 } },
    });
}
