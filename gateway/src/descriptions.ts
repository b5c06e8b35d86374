import {
  type GraphQLField,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';

// Federation's plumbing, should any of it reach the API schema: not ours to describe.
const FEDERATION = /^(_Any|_Entity|_Service|_entities|_service|link__.*|join__.*)$/;

type Kind = 'type' | 'field' | 'argument' | 'inputField' | 'enumValue';
interface Element {
  kind: Kind;
  /** `Type`, `Type.field`, `Type.field(arg:)` or `Enum.VALUE`. */
  path: string;
  described: boolean;
}

const described = (description: string | null | undefined) => !!description?.trim();

/** Every element of the schema a frontend reads, with whether it carries a description. */
export function schemaElements(schema: GraphQLSchema): Element[] {
  const out: Element[] = [];
  const add = (kind: Kind, path: string, description: string | null | undefined) =>
    out.push({ kind, path, described: described(description) });
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type) || FEDERATION.test(type.name)) continue;
    add('type', type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
        if (FEDERATION.test(field.name)) continue;
        add('field', `${type.name}.${field.name}`, field.description);
        for (const arg of field.args) add('argument', `${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        add('inputField', `${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) add('enumValue', `${type.name}.${value.name}`, value.description);
    }
  }
  return out;
}

/** What lacks a description: the schema is the frontends' documentation, so the build refuses gaps. */
export const missingDescriptions = (schema: GraphQLSchema) =>
  schemaElements(schema)
    .filter((e) => !e.described)
    .map((e) => e.path);

/** Root fields (what a frontend calls) whose description does not say who may call them ("Roles: …"). */
export function rootFieldsWithoutRoles(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      if (FEDERATION.test(field.name)) continue;
      if (!/\bRoles: /.test(field.description ?? '')) out.push(`${root.name}.${field.name}`);
    }
  }
  return out;
}

/**
 * Elements that subgraphs describe differently: composition keeps one description and drops the others, so what
 * a frontend reads depends on the subgraph list. A shared type or field carries the same description everywhere.
 */
export const inconsistentDescriptions = (hints: string[]) =>
  hints.filter((h) => h.includes('inconsistent descriptions')).map((h) => h.match(/^Element "([^"]+)"/)?.[1] ?? h);
