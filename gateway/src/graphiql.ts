import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';

// GraphiQL for development, served by the gateway itself from npm packages: no CDN, so it works on a hotel
// network or a machine without the internet. GraphiQL 3 still ships a browser build (graphiql.min.js) that
// takes React from the page, so four files and a page are all it needs, and no bundler.
const require = createRequire(import.meta.url);
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};
/** A package's folder (their `exports` maps do not list these browser builds, so they cannot be resolved). */
function packageDir(pkg: string): string {
  let dir = dirname(require.resolve(pkg));
  while (!(basename(dir) === pkg && existsSync(join(dir, 'package.json'))) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

/** Serves the four files under /graphiql/, read once on first use. */
export function graphiqlAssets() {
  const loaded = new Map<string, Promise<Buffer>>();
  return async (req: IncomingMessage, res: ServerResponse) => {
    const name = (req.url ?? '').split('?')[0]?.slice(GRAPHIQL_ASSETS_PATH.length) ?? '';
    const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (!loaded.has(name)) loaded.set(name, readFile(join(packageDir(asset.pkg), asset.file)));
    const body = await loaded.get(name)!;
    res.writeHead(200, {
      'content-type': `${asset.type}; charset=utf-8`,
      'content-length': body.length,
      'cache-control': 'public, max-age=3600',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Guest graph · GraphiQL (development)</title>
  <link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}graphiql.css">
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #note { padding: 6px 12px; background: #fff8e1; border-bottom: 1px solid #e0c060; font-size: 13px; }
    #note code { background: #f3ecd2; padding: 0 3px; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="note">
    Development only. Every request needs a token: <code>npm start</code> prints one per role (or run
    <code>node -e "import('./packages/auth/dist/index.js').then(a=>console.log(a.mintToken(['MANAGER'])))"</code>
    in the repository). Paste it into <b>Headers</b> below as <code>{"Authorization": "Bearer &lt;token&gt;"}</code>,
    then reload the schema (the ↻ button) to get completion and the docs.
  </div>
  <div id="graphiql"></div>
  <script src="${GRAPHIQL_ASSETS_PATH}react.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}react-dom.js"></script>
  <script src="${GRAPHIQL_ASSETS_PATH}graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: location.origin + location.pathname });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        shouldPersistHeaders: true,
        defaultHeaders: '{\\n  "Authorization": "Bearer <paste a development token>"\\n}',
        defaultQuery: '# The contract\\'s operations are in ../shared/contract/operations.graphql.\\n{\\n  searchGuests(text: "a", first: 5) {\\n    id\\n    fullName\\n  }\\n}\\n',
      }),
    );
  </script>
</body>
</html>
`;

/** Apollo's landing page (a browser's GET of /graphql) becomes GraphiQL; used outside production only. */
export function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { renderLandingPage: async () => ({ html: PAGE }) };
    },
  };
}
