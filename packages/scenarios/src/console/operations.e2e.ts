import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeApiSchema, SUBGRAPHS } from '@guest-graph/gateway';
import { Kind, type OperationDefinitionNode, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

// The console sends only its own operations file: each must validate against the composed graph, and be in the
// production gateway's trusted documents.
const root = new URL('../../../../', import.meta.url);
const source = readFileSync(new URL('packages/console/src/operations.graphql', root), 'utf8');

describe("the console's operations", () => {
  const schema = composeApiSchema(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: `http://127.0.0.1:${s.port}/graphql`,
      sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
    })),
  );
  const operations = parse(source).definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );

  it('are named, and each validates against the composed supergraph', () => {
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) {
      expect(op.name?.value, 'an unnamed operation').toBeTruthy();
      expect(
        validate(schema, { kind: Kind.DOCUMENT, definitions: [op] }).map((e) => e.message),
        op.name?.value,
      ).toEqual([]);
    }
  });

  it('are all in the trusted documents of gateway/trusted-documents.json', () => {
    const manifest = JSON.parse(readFileSync(new URL('gateway/trusted-documents.json', root), 'utf8')) as {
      operations: { name: string }[];
    };
    const trusted = new Set(manifest.operations.map((o) => o.name));
    expect(operations.map((o) => o.name!.value).filter((n) => !trusted.has(n))).toEqual([]);
  });

  it('are typed by graphql-codegen from the composed graph as committed (src/graph.generated.ts is current)', () => {
    // The check exits non-zero, naming the file, when the schema or the operations changed without `pnpm codegen`.
    expect(() =>
      execFileSync(
        process.execPath,
        [fileURLToPath(new URL('packages/console/scripts/codegen.mjs', root)), '--check'],
        {
          stdio: 'pipe',
        },
      ),
    ).not.toThrow();
  });
});
