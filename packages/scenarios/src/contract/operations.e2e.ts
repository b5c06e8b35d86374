import { existsSync, readFileSync } from 'node:fs';
import { composeApiSchema, SUBGRAPHS } from '@guest-graph/gateway';
import { type DefinitionNode, Kind, type OperationDefinitionNode, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

// The contract's operations are what frontends send: each must validate against the composed supergraph.
const root = new URL('../../../../', import.meta.url);
const contractFile = new URL('../shared/contract/operations.graphql', root);

/**
 * Operations the contract gained before the graph serves them, each with the issue that brings it. This list only
 * shrinks: an operation leaves it when its issue lands, and it is empty when the last one does.
 */
const NOT_YET_EXPECTED = new Set<string>([]);

describe('the contract', () => {
  it('is present beside the repository', () => {
    expect(existsSync(contractFile), `missing ${contractFile.pathname}`).toBe(true);
  });

  it('every operation validates against the composed supergraph', () => {
    const schema = composeApiSchema(
      SUBGRAPHS.map((s) => ({
        name: s.name,
        url: `http://127.0.0.1:${s.port}/graphql`,
        sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
      })),
    );
    const doc = parse(readFileSync(contractFile, 'utf8'));
    const operations = doc.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const fragments = doc.definitions.filter((d: DefinitionNode) => d.kind === Kind.FRAGMENT_DEFINITION);
    expect(operations.length).toBeGreaterThan(0);
    const failing: string[] = [];
    const nowPassing: string[] = [];
    for (const op of operations) {
      const name = op.name?.value ?? '(anonymous)';
      const errors: { message: string }[] = [
        ...validate(schema, { kind: Kind.DOCUMENT, definitions: [op, ...fragments] }),
      ];
      // graphql-js validation skips selections whose root type is missing altogether; execution would not.
      if (!schema.getRootType(op.operation as never)) errors.push({ message: `the graph has no ${op.operation} type` });
      if (errors.length && !NOT_YET_EXPECTED.has(name))
        failing.push(`${name}: ${errors.map((e) => e.message).join('; ')}`);
      if (!errors.length && NOT_YET_EXPECTED.has(name)) nowPassing.push(name);
    }
    expect(failing, 'contract operations that do not validate').toEqual([]);
    // Keeps the list honest: an operation that validates must leave it.
    expect(nowPassing, 'remove these from NOT_YET_EXPECTED').toEqual([]);
  });
});
