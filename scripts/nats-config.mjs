#!/usr/bin/env node
// `npm run nats-config -- [--namespace hotel] [--out file]`: the nats-server users of the guest graph (issue 20),
// one per service with the subject permissions the event catalogue gives it, and the operator. Each password is
// read by nats-server from its environment ($NATS_PASSWORD_GUESTS, … $NATS_PASSWORD_OPERATOR), so the file holds
// no secret: docker/nats/users.conf is this output for the namespace `hotel`, and a test keeps it so.
// The module doing it is natsAuthConfig in packages/events, which `npm start` and the tests use directly.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pnpm, root } from './lib.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const built = join(root, 'packages/events/dist/index.js');
if (!existsSync(built))
  pnpm(['exec', 'turbo', 'run', 'build', '--filter=@guest-graph/events', '--output-logs=errors-only']);
const { natsAuthConfig, passwordsFromEnvironment } = await import(pathToFileURL(built).href);
const namespace = option('--namespace') ?? process.env.NATS_NAMESPACE ?? 'hotel';
const text = natsAuthConfig({ namespace, passwords: passwordsFromEnvironment() });
const out = option('--out');
if (out) writeFileSync(out, text);
else process.stdout.write(text);
