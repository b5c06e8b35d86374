// `npm run schema:check` (CI runs it): the subgraph schemas of the working tree against the supergraph clients
// use today, the committed supergraph on `main` (or on HEAD when checking main itself). Prints what breaks and
// exits 1 unless each breaking change is in gateway/SCHEMA_CHANGELOG.md with its reason.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUBGRAPHS } from './compose.js';
import { checkSchema } from './schema-check.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const has = (ref: string) => {
  try {
    git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
    return true;
  } catch {
    return false;
  }
};

// On main itself (or a clone that has no main) the base is the last commit; on a branch, main as it is.
const branch = git('rev-parse', '--abbrev-ref', 'HEAD').trim();
const base =
  process.env.SCHEMA_CHECK_BASE ??
  (branch !== 'main' && has('main') ? 'main' : has('origin/main') && branch !== 'main' ? 'origin/main' : 'HEAD');
const show = (ref: string, path: string) => git('show', `${ref}:${path}`);

const result = checkSchema({
  baseSupergraph: show(base, 'gateway/supergraph.graphql'),
  // The committed file, not the working tree's: the build rewrites that one before this runs.
  committedSupergraph: show('HEAD', 'gateway/supergraph.graphql'),
  subgraphs: SUBGRAPHS.map((s) => ({
    name: s.name,
    url: `http://127.0.0.1:${s.port}/graphql`,
    sdl: readFileSync(`${root}services/${s.name}/src/schema.graphql`, 'utf8'),
  })),
  changelog: readFileSync(`${root}gateway/SCHEMA_CHANGELOG.md`, 'utf8'),
  operations: readFileSync(`${root}../shared/contract/operations.graphql`, 'utf8'),
});

console.log(`schema check against ${base}: ${result.breaking.length} breaking change(s)`);
for (const b of result.breaking) console.log(`  ${result.unexplained.includes(b) ? '✗' : '✓'} ${b}`);
if (result.unexplained.length)
  console.error(
    '\nA breaking change needs an entry in gateway/SCHEMA_CHANGELOG.md quoting it in backticks, with its reason.',
  );
if (result.drift)
  console.error(
    '\n✗ gateway/supergraph.graphql as committed is not what the subgraphs compose to: run `npm run build` and commit it.',
  );
for (const op of result.brokenOperations) console.error(`✗ contract operation no longer valid: ${op}`);
process.exit(result.ok ? 0 : 1);
