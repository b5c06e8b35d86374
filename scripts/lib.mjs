// Small helpers shared by the start, test and CI scripts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Flags for every process of the graph. V8 lets an idle-then-busy heap grow far past what it holds live (a
 * check-out burst took loyalty to 500 MB RSS); capped at 128 MB of old space, every service stayed under
 * 150 MB through the same benchmarks at the same throughput (README, Performance). NODE_HEAP_MB overrides.
 */
export const nodeFlags = () => [`--max-old-space-size=${process.env.NODE_HEAP_MB ?? 128}`];

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

export const pnpm = (args, opts) => run(process.execPath, [join(root, 'scripts/pnpm.mjs'), ...args], opts);

/** Installs dependencies unless node_modules is already in step with the lockfile. */
export function install() {
  const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
  pnpm(['install', '--prefer-offline', ...frozen]);
}

export function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = connect(port, host);
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export function hostPort(url, fallbackPort) {
  const u = new URL(url);
  return [u.hostname || '127.0.0.1', Number(u.port || fallbackPort)];
}

export const which = (bin) =>
  ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', ...(process.env.PATH ?? '').split(':')]
    .map((d) => join(d, bin))
    .find((p) => existsSync(p));

export function background(cmd, args, opts = {}) {
  return spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
}
