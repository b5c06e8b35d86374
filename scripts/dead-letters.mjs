#!/usr/bin/env node
// `npm run dead-letters -- list | show <id> | replay <id> | replay --all`: the events no consumer could apply,
// read and sent back to the consumer that set them aside (the command itself is deadLetterCli in
// packages/events). NATS_URL and NATS_NAMESPACE say which; the events package is built first when it is not.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pnpm, root } from './lib.mjs';

const built = join(root, 'packages/events/dist/index.js');
if (!existsSync(built))
  pnpm(['exec', 'turbo', 'run', 'build', '--filter=@guest-graph/events', '--output-logs=errors-only']);
const { deadLetterCli } = await import(pathToFileURL(built).href);
process.exitCode = await deadLetterCli(process.argv.slice(2), process.env, (line) => console.log(line));
