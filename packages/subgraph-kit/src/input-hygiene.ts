import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ArgumentNode,
  type ASTNode,
  type DocumentNode,
  GraphQLError,
  Kind,
  type ObjectFieldNode,
  visit,
} from 'graphql';

/** Longer than any name, note or description a desk types; the body limit alone lets 1 MB into one column. */
export const MAX_INPUT_STRING = 10_000;
// C0 controls but tab, line feed and carriage return; DEL and the C1 controls. Postgres refuses NUL in text
// (an INTERNAL_SERVER_ERROR before this check), and the others are terminal escapes no keyboard sends.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** The first string in `value` that is too long or holds a control character, with its path. */
export function badString(value: unknown, path: string, max = MAX_INPUT_STRING): { field: string; why: string } | null {
  if (typeof value === 'string') {
    if (value.length > max) return { field: path, why: `is longer than ${max} characters` };
    if (CONTROL.test(value)) return { field: path, why: 'contains control characters' };
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badString(value[i], `${path}.${i}`, max);
      if (bad) return bad;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = badString(v, path ? `${path}.${k}` : k, max);
      if (bad) return bad;
    }
  }
  return null;
}

function badLiteral(document: DocumentNode, max: number) {
  let found: { field: string; why: string } | null = null;
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (found) return;
      const names = [...ancestors, parent]
        .filter((a): a is ArgumentNode | ObjectFieldNode =>
          Boolean(
            a &&
              !Array.isArray(a) &&
              ((a as ASTNode).kind === Kind.ARGUMENT || (a as ASTNode).kind === Kind.OBJECT_FIELD),
          ),
        )
        .map((a) => a.name.value);
      found = badString(node.value, names.join('.') || 'query', max);
    },
  });
  return found as { field: string; why: string } | null;
}

/**
 * Refuses text no input of the hotel's may hold, in variables and inline arguments alike, before any resolver
 * runs: BAD_USER_INPUT naming the input path, and nothing changes. Entity representations are the gateway's
 * own, built from data already stored, so they are left alone.
 */
export function inputHygienePlugin(max = MAX_INPUT_STRING): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const { representations: _r, ...variables } = (request.variables ?? {}) as Record<string, unknown>;
          const bad = badString(variables, '', max) ?? badLiteral(document, max);
          if (bad)
            throw new GraphQLError(`${bad.field} ${bad.why}`, {
              extensions: { code: 'BAD_USER_INPUT', field: bad.field, http: { status: 400 } },
            });
        },
      };
    },
  };
}
