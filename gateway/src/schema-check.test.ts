import { readFileSync } from 'node:fs';
import { Kind, parse, print, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, SUBGRAPHS, type SubgraphSource } from './compose.js';
import { checkSchema } from './schema-check.js';

// The schema check on copies of the real subgraph schemas: the committed supergraph is the base clients use.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const subgraphs = (): SubgraphSource[] =>
  SUBGRAPHS.map((s) => ({
    name: s.name,
    url: `http://127.0.0.1:${s.port}/graphql`,
    sdl: read(`services/${s.name}/src/schema.graphql`),
  }));
const operations = read('../shared/contract/operations.graphql');
const base = composeSupergraph(subgraphs());
const check = (changed: SubgraphSource[], changelog = '', committed = composeSupergraph(changed)) =>
  checkSchema({ baseSupergraph: base, committedSupergraph: committed, subgraphs: changed, changelog, operations });
const editing = (name: string, edit: (sdl: string) => string) =>
  subgraphs().map((s) => (s.name === name ? { ...s, sdl: edit(s.sdl) } : s));
// Edits through the syntax tree, so that a field's or enum value's description goes with it.
const withoutField = (type: string, field: string) => (sdl: string) =>
  print(
    visit(parse(sdl), {
      FieldDefinition(node, _k, _p, _path, ancestors) {
        const owner = ancestors[ancestors.length - 1] as { name?: { value: string } };
        return owner?.name?.value === type && node.name.value === field ? null : undefined;
      },
    }),
  );
const withoutEnumValue = (value: string) => (sdl: string) =>
  print(
    visit(parse(sdl), {
      EnumValueDefinition(node) {
        return node.name.value === value ? null : undefined;
      },
    }),
  );
const withRequiredArgument = (field: string, arg: string, type: string) => (sdl: string) =>
  print(
    visit(parse(sdl), {
      FieldDefinition(node) {
        if (node.name.value !== field) return undefined;
        const added = {
          kind: Kind.INPUT_VALUE_DEFINITION,
          name: { kind: Kind.NAME, value: arg },
          description: { kind: Kind.STRING, value: 'A test argument.' },
          type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } } },
        };
        return { ...node, arguments: [added, ...(node.arguments ?? [])] };
      },
    }),
  );

describe('schema check', () => {
  it('the subgraphs as committed pass against themselves', () => {
    expect(check(subgraphs())).toMatchObject({ ok: true, breaking: [], drift: false });
  });

  it('removing a field from a copy of a subgraph schema fails, and names the field', () => {
    const changed = editing('guests', withoutField('Guest', 'anniversaryDate'));
    const result = check(changed);
    expect(result.ok).toBe(false);
    expect(result.unexplained).toEqual(['Guest.anniversaryDate was removed.']);
  });

  it('a changelog entry quoting the change with its reason lets it pass; a bare mention does not', () => {
    const changed = editing('guests', withoutField('Guest', 'anniversaryDate'));
    expect(check(changed, '- `Guest.anniversaryDate was removed.`').ok).toBe(false);
    expect(check(changed, '- `Guest.anniversaryDate was removed.` Reason: kept in preferences since issue 9.').ok).toBe(
      true,
    );
  });

  it('an output made nullable, a new required argument and a removed enum value are breaking', () => {
    const changed = editing('guests', (sdl) =>
      withoutEnumValue('LONG_STAY')(withRequiredArgument('searchGuests', 'hotel', 'ID')(sdl)).replace(
        /\n(\s*)vip: Boolean!\n/,
        '\n$1vip: Boolean\n',
      ),
    );
    const result = check(changed);
    expect(result.unexplained).toEqual(
      expect.arrayContaining([
        'Guest.vip changed type from Boolean! to Boolean.',
        'A required arg hotel on Query.searchGuests was added.',
        'LONG_STAY was removed from enum type GuestSegment.',
      ]),
    );
    // FindGuests no longer validates without the new argument: no changelog entry can excuse that.
    const excused = check(changed, result.unexplained.map((b) => `- \`${b}\` Reason: a test.`).join('\n'));
    expect(excused.ok).toBe(false);
    expect(excused.brokenOperations.join('\n')).toMatch(/^FindGuests: /m);
  });

  it('an addition is no breaking change', () => {
    const changed = editing('guests', (sdl) =>
      sdl.replace(/\n(\s*)vip: Boolean!\n/, '\n$1vip: Boolean!\n$1nickname: String\n'),
    );
    expect(check(changed)).toMatchObject({ ok: true, breaking: [] });
  });

  it('a committed supergraph that is not what the subgraphs compose to is drift', () => {
    const changed = editing('guests', (sdl) =>
      sdl.replace(/\n(\s*)vip: Boolean!\n/, '\n$1vip: Boolean!\n$1nickname: String\n'),
    );
    expect(check(changed, '', base)).toMatchObject({ ok: false, drift: true });
  });
});
