#!/usr/bin/env node
// `npm run test:elsewhen`: the whole suite again in the hotel's time zone and a year from today, so a test that
// holds only on one calendar day, or only in UTC, fails here before the calendar finds it.
//
// The shift is libfaketime (Debian's `faketime` package) preloaded into every Node process the run starts: the
// services, the test files and the clocks they pin all move together. Postgres and nats-server keep the real
// time; that is sound because every business time comes from the kit's clock in Node, and the database's own
// now() stamps only bookkeeping (outbox, inbox, audit columns) that is compared with itself.
//   TEST_TZ     the time zone (default Asia/Shanghai)
//   TEST_SHIFT  a libfaketime offset (default +365d; "+0" for the time zone alone)
// Arguments go to vitest (`npm run test:elsewhen -- --project guests`).
import { existsSync } from 'node:fs';
import { install, pnpm } from './lib.mjs';

const LIBFAKETIME = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
].find((p) => existsSync(p));
if (!LIBFAKETIME) {
  console.error('✗ libfaketime is missing: apt-get install -y faketime (the CI script installs it)');
  process.exit(1);
}

const zone = process.env.TEST_TZ ?? 'Asia/Shanghai';
const shift = process.env.TEST_SHIFT ?? '+365d';
process.env.APOLLO_TELEMETRY_DISABLED = '1';
install();
pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
console.log(`\nthe suite in ${zone}, the clock shifted ${shift}\n`);
pnpm(['exec', 'vitest', 'run', ...process.argv.slice(2)], {
  env: {
    ...process.env,
    TZ: zone,
    LD_PRELOAD: [LIBFAKETIME, process.env.LD_PRELOAD].filter(Boolean).join(':'),
    FAKETIME: shift,
  },
});
