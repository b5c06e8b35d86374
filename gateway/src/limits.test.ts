import { readFileSync } from 'node:fs';
import { buildSchema, type OperationDefinitionNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeApiSchema, SUBGRAPHS } from './compose.js';
import { costWithVariables, DEFAULT_LIMITS, fragmentsOf, operationCost, UNKNOWN_PAGE } from './limits.js';

// The cost rule counts the pages a query really asks for: the schema's defaults where it names no size, a
// variable's value where it passes one. Counting 1 for a missing size let 49 aliases of nested default pages
// through; counting 100 for any variable let `first: $n` with n = 1,000 through.
const schema = buildSchema(`
  type Stay { id: ID! nights: Int! }
  type Guest { id: ID! fullName: String stays(last: Int = 100): [Stay!]! tags: [String!]! }
  type Query {
    guests(first: Int = 20): [Guest!]!
    report(first: Int): [Guest!]!
    guest(id: ID!): Guest
  }
`);
const cost = (query: string, variables: Record<string, unknown> | null = null) => {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return operationCost(schema, op, fragmentsOf(doc), variables, Number.MAX_SAFE_INTEGER);
};

describe('operation cost', () => {
  it("counts a missing page size as the schema's default, and one with no default as the largest page", () => {
    expect(cost('{ guests { id fullName } }')).toBe(1 + 20 * 2);
    expect(cost('{ guests { stays { id } } }')).toBe(1 + 20 * (1 + 100 * 1));
    expect(cost('{ report { id } }')).toBe(1 + UNKNOWN_PAGE);
    expect(cost('{ guests(first: 3) { id } }')).toBe(1 + 3);
    expect(cost('{ guest(id: "x") { id tags } }')).toBe(3);
  });

  it("counts a variable as its value, else its default in the operation, else the schema's", () => {
    const q = 'query($n: Int) { guests(first: $n) { id } }';
    expect(cost(q, { n: 1000 })).toBe(1 + 1000);
    expect(cost(q, {})).toBe(1 + 20);
    expect(cost('query($n: Int = 7) { guests(first: $n) { id } }', {})).toBe(1 + 7);
    expect(cost('query($n: Int = 7) { guests(first: $n) { id } }', { n: 400 })).toBe(1 + 400);
  });

  it('follows fragments and inline fragments with their own types', () => {
    expect(cost('{ guests { ...G } } fragment G on Guest { stays { id } }')).toBe(1 + 20 * (1 + 100));
    expect(cost('{ guests { ... on Guest { stays(last: 2) { id } } } }')).toBe(1 + 20 * (1 + 2));
  });

  it('refuses 49 aliases of nested default pages, and a variable page past the limit, with BAD_USER_INPUT', () => {
    const aliases = Array.from({ length: 49 }, (_, i) => `a${i}: guests { stays { id nights } }`).join(' ');
    expect(cost(`{ ${aliases} }`)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    const doc = parse('query($n: Int) { guests(first: $n) { stays(last: $n) { id } } }');
    const op = doc.definitions[0] as OperationDefinitionNode;
    expect(() => costWithVariables(schema, doc, op, { n: 5 }, DEFAULT_LIMITS.maxCost)).not.toThrow();
    try {
      costWithVariables(schema, doc, op, { n: 500 }, DEFAULT_LIMITS.maxCost);
      expect.unreachable('a page of 500 x 500 passed');
    } catch (e) {
      expect((e as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it("lets every trusted document (the contract's and the consoles') through at the default limit", () => {
    const api = composeApiSchema(
      SUBGRAPHS.map((s) => ({
        name: s.name,
        url: `http://127.0.0.1:${s.port}/graphql`,
        sdl: readFileSync(new URL(`../../services/${s.name}/src/schema.graphql`, import.meta.url), 'utf8'),
      })),
    );
    const manifest = JSON.parse(readFileSync(new URL('../trusted-documents.json', import.meta.url), 'utf8')) as {
      operations: { name: string; body: string }[];
    };
    expect(manifest.operations.length).toBeGreaterThan(10);
    const over = manifest.operations
      .map((o) => {
        const doc = parse(o.body);
        const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
        return { name: o.name, cost: operationCost(api, op, fragmentsOf(doc), null, Number.MAX_SAFE_INTEGER) };
      })
      .filter((o) => o.cost > DEFAULT_LIMITS.maxCost);
    expect(over).toEqual([]);
  });
});
