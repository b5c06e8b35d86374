#!/usr/bin/env node
// tsc copies no .graphql files; the services read their SDL beside their compiled code.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [from, to] = process.argv.slice(2);
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.graphql')) cpSync(p, join(to, p.slice(from.length)));
  }
};
walk(from);
