import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { ExportArgs } from './args.js';
import { UsageError } from './args.js';
import type { Entity } from './entities.js';
import { flatten } from './flatten.js';
import { Progress } from './progress.js';
import { csvSink, parquetSink, type Sink } from './sinks.js';

/** One slice of the range, paged on its own: where it stands after its last stored page. */
interface SliceState {
  from?: string;
  to?: string;
  cursor: string | null;
  rows: number;
  mark: number | null;
  total: number | null;
  done: boolean;
}

/** What the state file beside the output keeps after every page, so `--resume` goes on from there. */
interface State {
  entity: string;
  variables: Record<string, unknown>;
  format: string;
  slices: SliceState[];
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The range cut into `n` runs of whole days, paged at once: a page's round trip through the gateway and four
 * subgraphs is mostly waiting, so slices side by side keep every process busy. No range: one slice.
 */
export function slicesOf(from: string | undefined, to: string | undefined, n: number): SliceState[] {
  const fresh = (f?: string, t?: string): SliceState => ({
    from: f,
    to: t,
    cursor: null,
    rows: 0,
    mark: null,
    total: null,
    done: false,
  });
  if (!from || !to) return [fresh()];
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY) + 1;
  const count = Math.max(1, Math.min(n, days));
  return Array.from({ length: count }, (_, i) =>
    fresh(
      dayOf(start + Math.floor((days * i) / count) * DAY),
      dayOf(start + (Math.floor((days * (i + 1)) / count) - 1) * DAY),
    ),
  );
}

const TRANSIENT = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

/** A failure of the graph (an error answer, HTTP refusal): the message is the graph's, never a stack. */
export class GraphError extends Error {}

async function fetchPage(
  url: string,
  token: string,
  { operationName, document: query }: Pick<Entity, 'operationName' | 'document'>,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
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
    const code = body?.errors?.[0]?.extensions?.code;
    // A subgraph slow or away, a busy gateway: the same page again after a pause, a few times, before giving up.
    if ((TRANSIENT.has(code ?? '') || res.status >= 502) && attempt < 5) {
      await new Promise((r) => setTimeout(r, 1000 * attempt));
      continue;
    }
    if (body?.errors?.length) {
      const e = body.errors[0]!;
      throw new GraphError(`${code ?? 'ERROR'}: ${e.message}`);
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
 * Pages the entity's connection through the gateway into the file: each slice's pages flattened and appended,
 * then the slices' cursors written to `<out>.export-state.json`; the file appears (renamed from `.partial`) only
 * when complete, and the state file goes.
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
  const slices = state?.slices ?? slicesOf(args.from, args.to, args.parallel);
  const marks = slices.map((s) => s.mark);
  const sink: Sink =
    args.format === 'csv'
      ? csvSink(args.out, entity.columns, marks)
      : await parquetSink(args.out, entity.columns, marks);
  const rowsNow = () => slices.reduce((t, s) => t + s.rows, 0);
  const totalNow = () => (slices.every((s) => s.total != null) ? slices.reduce((t, s) => t + s.total!, 0) : null);
  const progress = new Progress(`${entity.name} → ${args.out}`, rowsNow(), stderr);
  const save = () => {
    const next: State = { entity: entity.name, variables, format: args.format, slices };
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(next));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  const pageThrough = async (index: number) => {
    const slice = slices[index]!;
    for (let first = true; !slice.done; first = false) {
      const data = await fetchPage(graph.url, graph.token, entity, {
        ...variables,
        ...(slice.from ? { from: slice.from, to: slice.to } : {}),
        first: args.pageSize,
        after: slice.cursor,
        ...(entity.counts ? { withCount: first } : {}),
      });
      const conn = data[entity.root] as {
        totalCount?: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges?: { node: unknown }[];
        nodes?: unknown[];
      };
      if (typeof conn.totalCount === 'number') slice.total = conn.totalCount;
      const nodes = entity.rows === 'nodes' ? conn.nodes! : conn.edges!.map((e) => e.node);
      slice.mark = await sink.append(
        index,
        nodes.map((node) => flatten(node, entity.columns)),
      );
      slice.rows += nodes.length;
      if (conn.pageInfo.endCursor) slice.cursor = conn.pageInfo.endCursor;
      slice.done = !conn.pageInfo.hasNextPage;
      save();
      progress.update(rowsNow(), totalNow());
    }
  };
  try {
    await Promise.all(slices.map((_, i) => pageThrough(i)));
    await sink.finish();
    rmSync(stateFile, { force: true });
    progress.update(rowsNow(), totalNow(), true);
    return { rows: rowsNow(), total: totalNow(), out: args.out };
  } finally {
    sink.close();
  }
}
