import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Turbo restores a task's outputs when its cache key matches: every file a build reads must be in the key, or an
// edit is answered with yesterday's output. Checked with `turbo run build --dry=json` on a copy of the tracked
// files (the worktree itself is left alone while other tests read it).
const root = new URL('../../../../', import.meta.url).pathname;
const turbo = join(root, 'node_modules/.bin/turbo');
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'turbo-keys-'));
  execFileSync('sh', ['-c', `git ls-files -z | xargs -0 tar -cf - | tar -xf - -C ${copy}`], { cwd: root });
  // The repository's own turbo, found through node_modules as in the worktree.
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  // Turbo hashes from git where it can: the copy is a repository of its own, committed as is.
  const git = (...args: string[]) => execFileSync('git', args, { cwd: copy, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'copy');
}, 60_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function keys(): Record<string, string> {
  const out = execFileSync(turbo, ['run', 'build', 'typecheck', '--dry=json'], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const plan = JSON.parse(out) as { tasks: { taskId: string; hash: string }[] };
  return Object.fromEntries(plan.tasks.map((t) => [t.taskId, t.hash]));
}
const changed = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys(before).filter((k) => before[k] !== after[k]);

describe('turbo cache keys', () => {
  it("a subgraph schema is in the gateway build's key (the build composes it), not in unrelated tasks'", () => {
    const before = keys();
    appendFileSync(join(copy, 'services/loyalty/src/schema.graphql'), '\n# edited\n');
    const after = keys();
    expect(changed(before, after)).toContain('@guest-graph/gateway#build');
    expect(changed(before, after)).not.toContain('@guest-graph/auth#build');
  }, 60_000);

  it('tsconfig.base.json and biome.json are in every task’s key', () => {
    for (const file of ['tsconfig.base.json', 'biome.json']) {
      const before = keys();
      appendFileSync(join(copy, file), '\n');
      const after = keys();
      expect(changed(before, after).sort(), file).toEqual(Object.keys(before).sort());
    }
  }, 60_000);
});
