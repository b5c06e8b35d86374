// `npm run chaos [-- --profile full|cluster]`: builds (the chaos stack runs every process from dist/), then
// runs the chosen profile's table; `full` (the single-instance one) by default.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
const profile = at < 0 ? 'full' : args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
if (!['full', 'cluster'].includes(profile)) {
  console.error(`✗ --profile is full (one instance of each service) or cluster, not ${profile}`);
  process.exit(1);
}
const file = profile === 'cluster' ? 'src/cluster.e2e.ts' : 'src/chaos.e2e.ts';
const run = (cmd, argv, env = process.env) => {
  const r = spawnSync(cmd, argv, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['../../scripts/pnpm.mjs', 'exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
run(
  process.execPath,
  ['../../scripts/pnpm.mjs', 'exec', 'vitest', 'run', '--root', '../..', '--project', 'chaos', file],
  { ...process.env, CHAOS_PROFILE: profile },
);
