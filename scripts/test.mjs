#!/usr/bin/env node
// `npm test`: installs what it needs, builds (which composes the supergraph), then runs every test project
// (unit, integration against the real Postgres and NATS, end to end through the gateway).
import { install, pnpm } from './lib.mjs';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
install();
pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
pnpm(['exec', 'vitest', 'run', ...process.argv.slice(2)]);
