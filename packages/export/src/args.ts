import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENTITIES, type Entity } from './entities.js';

/** A command line the export refuses: the message is printed and the process exits with code 2. */
export class UsageError extends Error {}

export interface ExportArgs {
  entity: Entity;
  out: string;
  format: 'csv' | 'parquet';
  from?: string;
  to?: string;
  changedSince?: string;
  pageSize: number;
  /** Slices of the range paged at once. */
  parallel: number;
  resume: boolean;
}

export const USAGE = `usage: npm run export -- <${Object.keys(ENTITIES).join('|')}> --out <file.csv|file.parquet>
    [--from YYYY-MM-DD --to YYYY-MM-DD] [--changed-since <ISO instant>] [--page-size 1..500 (stays: 1..800)] [--parallel 1..8] [--resume]
  GRAPH_URL (default http://localhost:4000/graphql), GRAPH_TOKEN (outside production: an ANALYST development token)`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** Reads the command line; anything wrong is a UsageError naming it. `cwd` resolves a relative `--out`. */
export function parseExportArgs(argv: string[], cwd = process.cwd()): ExportArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('name one thing to export');
  const entity = ENTITIES[positionals[0]!];
  if (!entity) throw new UsageError(`unknown export "${positionals[0]}": one of ${Object.keys(ENTITIES).join(', ')}`);
  if (!values.out) throw new UsageError('--out is required');
  const format = values.out.endsWith('.csv') ? 'csv' : values.out.endsWith('.parquet') ? 'parquet' : null;
  if (!format) throw new UsageError('--out must end in .csv or .parquet');
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag];
    if (v !== undefined && !validDate(v)) throw new UsageError(`--${flag} must be a date, YYYY-MM-DD`);
  }
  if (entity.needsRange && (!values.from || !values.to))
    throw new UsageError(`${entity.name} needs --from and --to (departure dates)`);
  if (!entity.needsRange && (values.from || values.to))
    throw new UsageError(`${entity.name} takes no --from/--to; use --changed-since`);
  if (values.from && values.to && values.to < values.from) throw new UsageError('--to must not be before --from');
  if (values['changed-since'] !== undefined) {
    if (!entity.takesChangedSince) throw new UsageError(`${entity.name} takes no --changed-since`);
    if (Number.isNaN(Date.parse(values['changed-since'])))
      throw new UsageError('--changed-since must be an ISO 8601 instant');
  }
  const pageSize = values['page-size'] === undefined ? entity.defaultPageSize : Number(values['page-size']);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > entity.maxPageSize)
    throw new UsageError(`--page-size must be a whole number from 1 to ${entity.maxPageSize}`);
  const parallel = values.parallel === undefined ? 3 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 8)
    throw new UsageError('--parallel must be a whole number from 1 to 8');
  return {
    entity,
    out: isAbsolute(values.out) ? values.out : resolve(cwd, values.out),
    format,
    from: values.from,
    to: values.to,
    changedSince: values['changed-since'] && new Date(values['changed-since']).toISOString(),
    pageSize,
    parallel,
    resume: values.resume ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'changed-since': { type: 'string' },
      'page-size': { type: 'string' },
      parallel: { type: 'string' },
      resume: { type: 'boolean' },
    },
  });
}
