import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  ftruncateSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Column } from './entities.js';

/**
 * Where rows go, slice by slice (the export pages several slices of the range at once). `append` returns the
 * slice's mark to keep in the state file; reopened with those marks, a sink drops anything written after them.
 */
export interface Sink {
  append(slice: number, rows: (string | null)[][]): Promise<number>;
  finish(): Promise<void>;
  close(): void;
}

const cell = (v: string | null) => (v == null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/**
 * CSV: each slice streams to a part file beside the output, cut back to its mark on resume; at the end the
 * header and the parts, in slice order, are streamed into the file.
 */
export function csvSink(out: string, columns: Column[], marks: (number | null)[]): Sink {
  const parts = marks.map((_, i) => `${out}.part${i}`);
  const fds = marks.map((mark, i) => {
    if (mark != null && existsSync(parts[i]!)) {
      const fd = openSync(parts[i]!, 'r+');
      ftruncateSync(fd, mark);
      return fd;
    }
    return openSync(parts[i]!, 'w');
  });
  const bytes = marks.map((m) => m ?? 0);
  const close = () => {
    for (const fd of fds)
      try {
        closeSync(fd);
      } catch {}
  };
  return {
    async append(slice, rows) {
      if (rows.length)
        bytes[slice]! += writeSync(fds[slice]!, `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`, bytes[slice]);
      return bytes[slice]!;
    },
    async finish() {
      close();
      const target = `${out}.partial`;
      const file = createWriteStream(target);
      file.write(`${columns.map((c) => c.name).join(',')}\n`);
      for (const part of parts) await pipeline(createReadStream(part), file, { end: false });
      await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
      renameSync(target, out);
      for (const part of parts) rmSync(part, { force: true });
    },
    close,
  };
}

/**
 * Parquet through DuckDB: pages are appended as text to a table in an on-disk staging database beside the file
 * (memory stays flat however many rows), a numbered table per slice; at the end one COPY casts each column to its
 * type and writes the Parquet file slice after slice. On resume, rows numbered past a slice's mark are dropped.
 */
export async function parquetSink(out: string, columns: Column[], marks: (number | null)[]): Promise<Sink> {
  const staging = `${out}.staging.duckdb`;
  const resuming = marks.some((m) => m != null);
  if (!resuming) for (const f of [staging, `${staging}.wal`]) rmSync(f, { force: true });
  const db = await DuckDBInstance.create(staging, { threads: '1', memory_limit: '64MB' });
  const conn = await db.connect();
  const cols = columns.map((_, i) => `c${i} VARCHAR`).join(', ');
  // A table per slice, each in its rows' order: the COPY reads them one after the other and sorts nothing.
  const table = (slice: number) => `slice_${slice}`;
  const seqs = marks.map((m) => m ?? 0);
  for (const [slice, mark] of marks.entries()) {
    await conn.run(`CREATE TABLE IF NOT EXISTS ${table(slice)} (seq BIGINT, ${cols})`);
    await conn.run(`DELETE FROM ${table(slice)} WHERE seq > ${Number(mark ?? 0)}`);
  }
  const appenders = await Promise.all(marks.map((_, slice) => conn.createAppender(table(slice))));
  let closed = false;
  const closeAppenders = () => {
    for (const a of appenders)
      try {
        a.closeSync();
      } catch {}
  };
  const close = () => {
    if (closed) return;
    closed = true;
    closeAppenders();
    conn.closeSync();
    db.closeSync();
  };
  return {
    async append(slice, rows) {
      const appender = appenders[slice]!;
      for (const row of rows) {
        appender.appendBigInt(BigInt(++seqs[slice]!));
        for (const v of row) {
          if (v == null) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.endRow();
      }
      appender.flushSync();
      return seqs[slice]!;
    },
    async finish() {
      closeAppenders();
      const select = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS "${c.name}"`).join(', ');
      const target = `${out}.partial`;
      const union = marks.map((_, slice) => `SELECT ${select} FROM ${table(slice)}`).join(' UNION ALL ');
      await conn.run(`COPY (${union}) TO '${target.replaceAll("'", "''")}' (FORMAT parquet)`);
      close();
      renameSync(target, out);
      for (const f of [staging, `${staging}.wal`]) rmSync(f, { force: true });
    },
    close,
  };
}
