import operations from './operations.graphql?raw';

/** The operations of operations.graphql by name, each sent as written (the trusted manifest holds the same). */
const byName = new Map<string, string>();
for (const chunk of operations.split(/\n(?=(?:query|mutation) )/)) {
  const name = /^(?:query|mutation) (\w+)/m.exec(chunk)?.[1];
  if (name) byName.set(name, chunk.replace(/^#.*\n/gm, '').trim());
}

export interface GraphError {
  message: string;
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
export async function run<D>(name: string, variables: Record<string, unknown> = {}): Promise<D> {
  const query = byName.get(name);
  if (!query) throw new Error(`No operation ${name}`);
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token ?? ''}` },
    body: JSON.stringify({ operationName: name, query, variables }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: D; errors?: GraphError[] };
  const error = body.errors?.[0];
  if (error) {
    const code = error.extensions?.code;
    if (code === 'UNAUTHENTICATED') {
      session.clear();
      onUnauthenticated(error.message);
    }
    throw new GraphFailure(code, error.message);
  }
  if (!body.data) throw new GraphFailure(undefined, `HTTP ${res.status}`);
  return body.data;
}
