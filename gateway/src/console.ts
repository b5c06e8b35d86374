import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintToken, ROLES, type Role } from '@guest-graph/auth';

// The department consoles (packages/console), built by Vite, served from the gateway's own port so the console
// calls /graphql on its own origin: no CORS, no second server to run.
export const CONSOLE_PATH = '/console/';
export const DEV_TOKEN_PATH = '/console/dev-token';
/** Where `vite build` puts the console (same depth from gateway/src and gateway/dist). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../packages/console/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** Static files of the built console; any other path under /console/ is a client route, answered index.html. */
export function consoleFiles(dir = CONSOLE_DIST) {
  const root = normalize(dir.endsWith(sep) ? dir : `${dir}${sep}`);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    // Routed by the prefix /console: the bare address gets its slash (relative asset paths need it), others none.
    if (!url.startsWith(CONSOLE_PATH)) {
      if (url.split('?')[0] === CONSOLE_PATH.slice(0, -1)) res.writeHead(308, { location: CONSOLE_PATH }).end();
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.split('?')[0] ?? '/').slice(CONSOLE_PATH.length);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
      return;
    }
    const file = normalize(join(root, path));
    // Hashed assets never change under their name; index.html must be fetched again to find the new ones.
    const asset = file.startsWith(root) && path.startsWith('assets/') && existsSync(file);
    const target = asset ? file : join(root, 'index.html');
    let body: Buffer;
    try {
      body = await readFile(target);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('The console is not built: run `npm run build`.');
      return;
    }
    res.writeHead(asset || path === '' || !extname(path) ? 200 : 404, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': asset ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

/**
 * Development only (never routed in production): GET lists the roles, POST {role} answers a 12-hour token for
 * a development user of that role, signed with the gateway's secret (the development one outside production).
 */
export function devTokens(secret: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET') return send(200, { roles: ROLES });
    if (req.method !== 'POST') return send(405, { error: 'method not allowed' });
    let text = '';
    for await (const chunk of req) {
      text += chunk;
      if (text.length > 1000) return send(413, { error: 'too large' });
    }
    let role: unknown;
    try {
      role = (JSON.parse(text) as { role?: unknown }).role;
    } catch {
      return send(400, { error: 'expected {"role": "<ROLE>"}' });
    }
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
      return send(400, { error: `role must be one of ${ROLES.join(', ')}` });
    const token = mintToken([role as Role], {
      sub: `dev-${role.toLowerCase()}`,
      name: `Dev ${role}`,
      secret,
      expiresInSeconds: 43_200,
    });
    return send(200, { token });
  };
}
