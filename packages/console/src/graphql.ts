import operations from './operations.graphql?raw';

/** The operations of operations.graphql by name, each sent as written (the trusted manifest holds the same). */
const byName = new Map<string, string>();
for (const chunk of operations.split(/\n(?=(?:query|mutation) )/)) {
  const name = /^(?:query|mutation) (\w+)/m.exec(chunk)?.[1];
  if (name) byName.set(name, chunk.replace(/^#.*\n/gm, '').trim());
}

export interface GraphError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string };
}
export class GraphFailure extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'console.token';
export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
  /** The roles claimed by the token (the graph checks them; the console only uses them to choose what to ask). */
  roles(): string[] {
    const payload = session.token?.split('.')[1];
    if (!payload) return [];
    try {
      const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
      return Array.isArray(json.roles) ? json.roles : [];
    } catch {
      return [];
    }
  },
};

/** Called when the graph no longer accepts the token (expired, bad): the app returns to sign-in. */
let onUnauthenticated: (message: string) => void = () => {};
export const whenUnauthenticated = (f: (message: string) => void) => {
  onUnauthenticated = f;
};

/** Runs one operation of operations.graphql; the first error (with its contract code) is thrown. */
export async function run<D>(name: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<D> {
  const answer = await ask<D>(name, variables, signal);
  const error = answer.errors[0];
  if (error) throw new GraphFailure(error.extensions?.code, error.message);
  return answer.data;
}

/**
 * An answer that may be partial: when one subgraph is down the gateway nulls only its parts, each with an
 * error at its path, and the page shows those parts as "not available now" while the rest works.
 */
export interface Answer<D> {
  data: D;
  errors: GraphError[];
  /** True when the graph could not give the part at `path` (or anything below it). */
  missing(...path: (string | number)[]): boolean;
}

/** Like `run`, but data with errors at some paths is returned with them; only no data at all is thrown. */
export async function ask<D>(
  name: string,
  variables: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<Answer<D>> {
  const query = byName.get(name);
  if (!query) throw new Error(`No operation ${name}`);
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token ?? ''}` },
    body: JSON.stringify({ operationName: name, query, variables }),
    signal,
  });
  const body = (await res.json().catch(() => ({}))) as { data?: D | null; errors?: GraphError[] };
  const errors = body.errors ?? [];
  const unauthenticated = errors.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
  if (unauthenticated) {
    session.clear();
    onUnauthenticated(unauthenticated.message);
    throw new GraphFailure('UNAUTHENTICATED', unauthenticated.message);
  }
  const partial = errors.filter((e) => e.path?.length);
  // Without data, or with an error on no path (the whole operation refused), nothing can be shown.
  if (!body.data || partial.length < errors.length) {
    const error = errors.find((e) => !e.path?.length) ?? errors[0];
    throw new GraphFailure(error?.extensions?.code, error?.message ?? `HTTP ${res.status}`);
  }
  return {
    data: body.data,
    errors: partial,
    missing: (...path) => partial.some((e) => path.every((p, i) => e.path?.[i] === p)),
  };
}
