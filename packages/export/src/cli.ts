#!/usr/bin/env node
import { mintToken } from '@guest-graph/auth';
import { parseExportArgs, USAGE, UsageError } from './args.js';
import { GraphError, runExport } from './export.js';

// `npm run export -- stays --from 2026-01-01 --to 2026-06-30 --out stays.parquet`. Exit codes: 0 done, 2 a bad
// command line, 1 the graph refused or failed (the state file keeps the place for --resume).
async function main(): Promise<number> {
  let args: ReturnType<typeof parseExportArgs>;
  try {
    // npm runs scripts from the repository root; a relative --out means where the command was typed.
    args = parseExportArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`export: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const url = process.env.GRAPH_URL ?? `http://localhost:${process.env.GATEWAY_PORT ?? 4000}/graphql`;
  let token = process.env.GRAPH_TOKEN;
  if (!token) {
    if (process.env.NODE_ENV === 'production') {
      process.stderr.write('export: GRAPH_TOKEN is required in production\n');
      return 2;
    }
    // Development: a token signed with the development secret, as the console's dev sign-in mints: ANALYST,
    // or FINANCE for the ledger and the invoices (credit's, FINANCE and MANAGER only).
    token = mintToken(args.entity.devRoles, {
      sub: 'export-cli',
      name: 'BI export',
      secret: process.env.AUTH_JWT_SECRET,
      expiresInSeconds: 8 * 3600,
    });
  }
  try {
    const { rows, total, out } = await runExport(args, { url, token });
    process.stderr.write(`export: ${rows} rows${total == null ? '' : ` (totalCount ${total})`} written to ${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`export: ${e.message}\n`);
      return 2;
    }
    if (e instanceof GraphError) {
      process.stderr.write(`export: ${e.message}\n  run it again with --resume to go on from the last page\n`);
      return 1;
    }
    throw e;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`export: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
