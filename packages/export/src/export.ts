import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ExportArgs } from './args.js';
import { UsageError } from './args.js';
import { OPERATIONS } from './entities.js';
import { flatten } from './flatten.js';
import { Progress } from './progress.js';
import { csvSink, parquetSink, type Sink } from './sinks.js';

/** What the state file beside the output keeps after every page, so `--resume` goes on from there. */
interface State {
  entity: string;
  variables: Record<string, unknown>;
  format: string;
  cursor: string | null;
  rows: number;
  mark: number;
  total: number | null;
}

/** A failure of the graph (an error answer, HTTP refusal): the message is the graph's, never a stack. */
export class GraphError extends Error {}

/** The text of one named operation of the operations file, as the trusted documents list it. */
function operationText(name: string): string {
  const op = OPERATIONS.split(/^(?=query |mutation )/m).find((part) => part.startsWith(`query ${name}(`));
  if (!op) throw new Error(`no operation ${name} in operations.graphql`);
  return op;
}

async function fetchPage(
  url: string,
  token: string,
  operationName: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const query = operationText(operationName);
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ operationName, query, variables }),
      });
    } catch (e) {
      // The gateway restarting or a blip: a few tries before giving up (the state file keeps the place).
      if (attempt >= 5) throw new GraphError(`cannot reach ${url}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 500 * attempt));
      continue;
    }
    const body = (await res.json().catch(() => null)) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    if (body?.errors?.length) {
      const e = body.errors[0]!;
      throw new GraphError(`${e.extensions?.code ?? 'ERROR'}: ${e.message}`);
    }
    if (!res.ok || !body?.data) throw new GraphError(`the graph answered HTTP ${res.status}`);
    return body.data;
  }
}

export interface ExportResult {
  rows: number;
  total: number | null;
  out: string;
}

/**
 * Pages the entity's connection through the gateway into the file: each page flattened and appended, then the
 * cursor written to `<out>.export-state.json`; the file appears (renamed from `.partial`) only when complete.
 */
export async function runExport(
  args: ExportArgs,
  graph: { url: string; token: string },
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<ExportResult> {
  const { entity } = args;
  const variables = entity.variables({ from: args.from, to: args.to, changedSince: args.changedSince });
  const stateFile = `${args.out}.export-state.json`;
  let state: State | null = null;
  if (args.resume && existsSync(stateFile)) {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
    if (
      state.entity !== entity.name ||
      state.format !== args.format ||
      JSON.stringify(state.variables) !== JSON.stringify(variables)
    )
      throw new UsageError(`${stateFile} is of another export; run it without --resume to start again`);
  } else if (args.resume) {
    stderr.write('nothing to resume: starting from the beginning\n');
  }
  const sink: Sink =
    args.format === 'csv'
      ? csvSink(args.out, entity.columns, state?.mark ?? null)
      : await parquetSink(args.out, entity.columns, state?.mark ?? null);
  let cursor = state?.cursor ?? null;
  let rows = state?.rows ?? 0;
  let total = state?.total ?? null;
  const progress = new Progress(`${entity.name} → ${args.out}`, rows, stderr);
  try {
    for (let first = true; ; first = false) {
      const data = await fetchPage(graph.url, graph.token, entity.operationName, {
        ...variables,
        first: args.pageSize,
        after: cursor,
        ...(entity.counts ? { withCount: first } : {}),
      });
      const conn = data[entity.root] as {
        totalCount?: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: unknown }[];
      };
      if (first && typeof conn.totalCount === 'number') total = conn.totalCount;
      const mark = await sink.append(conn.edges.map((e) => flatten(e.node, entity.columns)));
      rows += conn.edges.length;
      if (conn.pageInfo.endCursor) cursor = conn.pageInfo.endCursor;
      const next: State = { entity: entity.name, variables, format: args.format, cursor, rows, mark, total };
      writeFileSync(`${stateFile}.tmp`, JSON.stringify(next));
      renameSync(`${stateFile}.tmp`, stateFile);
      progress.update(rows, total);
      if (!conn.pageInfo.hasNextPage) break;
    }
    await sink.finish();
    rmSync(stateFile, { force: true });
    progress.update(rows, total, true);
    return { rows, total, out: args.out };
  } finally {
    sink.close();
  }
}
