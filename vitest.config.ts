import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One config for the whole tree: a project per workspace package, so `vitest --project guests` runs one.
// Workspace packages resolve to their TypeScript sources, so tests never wait for a build.
const root = fileURLToPath(new URL('.', import.meta.url));
const packages = ['auth', 'config', 'db', 'events', 'export', 'http', 'subgraph-kit', 'telemetry', 'testing'];
const services = ['guests', 'accounts', 'service-recovery', 'loyalty', 'credit'];
const alias = [
  ...packages.map((p) => ({ find: `@guest-graph/${p}`, replacement: `${root}packages/${p}/src/index.ts` })),
  ...services.map((s) => ({ find: `@guest-graph/${s}`, replacement: `${root}services/${s}/src/index.ts` })),
  { find: '@guest-graph/gateway', replacement: `${root}gateway/src/index.ts` },
  // Node loads graphql's CommonJS build (no "exports" map); Vite would prefer its ESM build, and two copies
  // of graphql refuse each other's schemas. Point both at the one Node uses.
  { find: /^graphql$/, replacement: createRequire(`${root}gateway/package.json`).resolve('graphql') },
];

const project = (name: string, dir: string, timeout = 30_000) => ({
  resolve: { alias },
  test: {
    name,
    root: `${root}${dir}`,
    include: ['src/**/*.{test,int,e2e}.ts'],
    testTimeout: timeout,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', APOLLO_TELEMETRY_DISABLED: '1' },
  },
});

export default defineConfig({
  test: {
    projects: [
      ...packages.map((p) => project(p, `packages/${p}`)),
      ...services.map((s) => project(s, `services/${s}`)),
      project('gateway', 'gateway'),
      project('scenarios', 'packages/scenarios', 60_000),
      project('chaos', 'packages/chaos', 300_000),
      project('bench', 'packages/bench', 60_000),
    ],
  },
});
