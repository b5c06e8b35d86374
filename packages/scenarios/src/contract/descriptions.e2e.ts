import { readFileSync } from 'node:fs';
import {
  composeApiSchema,
  composeGraph,
  inconsistentDescriptions,
  missingDescriptions,
  rootFieldsWithoutRoles,
  SUBGRAPHS,
} from '@guest-graph/gateway';
import { describe, expect, it } from 'vitest';

// The composed schema is the frontends' documentation: every element says what it is, every root field who may
// call it. The gateway build runs the same check; this names the gaps in the test report too.
const root = new URL('../../../../', import.meta.url);
const sources = SUBGRAPHS.map((s) => ({
  name: s.name,
  url: `http://127.0.0.1:${s.port}/graphql`,
  sdl: readFileSync(new URL(`services/${s.name}/src/schema.graphql`, root), 'utf8'),
}));

describe('the composed API schema', () => {
  const { apiSchema: schema, hints } = composeGraph(sources);

  it('describes every type, field, argument, input field and enum value', () => {
    expect(missingDescriptions(schema), 'add a description to each in services/*/src/schema.graphql').toEqual([]);
  });

  it('says who may call every query and mutation ("Roles: …")', () => {
    expect(rootFieldsWithoutRoles(schema)).toEqual([]);
  });

  it('shows one description per shared type and field: every subgraph declaring it gives the same', () => {
    expect(inconsistentDescriptions(hints)).toEqual([]);
  });

  it('names a shared field that two subgraphs describe differently', () => {
    const loyalty = sources.find((s) => s.name === 'loyalty')!.sdl;
    const guestId = '"The guest\'s id. Roles: any staff role."';
    expect(loyalty).toContain(guestId);
    const changed = loyalty.replace(guestId, '"The member\'s guest id."');
    const { hints } = composeGraph(sources.map((s) => (s.name === 'loyalty' ? { ...s, sdl: changed } : s)));
    expect(inconsistentDescriptions(hints)).toEqual(['Guest.id']);
  });

  it('names what lost its description, by kind', () => {
    // The check itself could pass vacuously; strip one of each kind from the guests schema and see it named.
    const strip = (sdl: string, description: string) => {
      expect(sdl, `fixture text gone from the schema: ${description}`).toContain(description);
      return sdl.replace(description, '');
    };
    let guests = sources.find((s) => s.name === 'guests')!.sdl;
    guests = strip(guests, '"A guest\'s gender, as they gave it."\n');
    guests = strip(guests, '"The primary phone. Roles: FRONT_OFFICE, SALES, GUEST_RELATIONS, LOYALTY, MANAGER."\n');
    guests = strip(guests, '"How many, 0 to 100 (default 5)." ');
    guests = strip(guests, '"Mainland travel permit for Taiwan residents (台胞证)."\n');
    guests = strip(guests, '"The full number; a RESIDENT_ID must pass its check digit."\n');
    const stripped = composeApiSchema(sources.map((s) => (s.name === 'guests' ? { ...s, sdl: guests } : s)));
    expect(missingDescriptions(stripped).sort()).toEqual(
      ['Gender', 'Guest.phone', 'Guest.stays(last:)', 'IdDocumentType.TAIWAN_PERMIT', 'IdDocumentInput.number'].sort(),
    );
  });

  it('names a root field that does not say who may call it', () => {
    const loyalty = sources.find((s) => s.name === 'loyalty')!.sdl;
    const before = '"Every promotion, latest start first. Roles: any staff role."';
    expect(loyalty).toContain(before);
    const changed = loyalty.replace(before, '"Every promotion, latest start first."');
    const schema = composeApiSchema(sources.map((s) => (s.name === 'loyalty' ? { ...s, sdl: changed } : s)));
    expect(rootFieldsWithoutRoles(schema)).toEqual(['Query.loyaltyPromotions']);
  });
});
