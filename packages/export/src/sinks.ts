import { closeSync, existsSync, ftruncateSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Column } from './entities.js';

/** Where rows go. `written` is the row count already stored, so a resumed export knows where it stands. */
export interface Sink {
  /** The mark to keep in the state file after a page: with it, `open` on resume drops anything after it. */
  append(rows: (string | null)[][]): Promise<number>;
  finish(): Promise<void>;
  close(): void;
}

const cell = (v: string | null) => (v == null ? '' : /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV streamed to the file page by page; on resume the file is cut back to the last page the state knows. */
export function csvSink(out: string, columns: Column[], resumeAt: number | null): Sink {
  const partial = `${out}.partial`;
  let fd: number;
  let bytes: number;
  if (resumeAt != null && existsSync(partial)) {
    fd = openSync(partial, 'r+');
    ftruncateSync(fd, resumeAt);
    bytes = resumeAt;
  } else {
    fd = openSync(partial, 'w');
    bytes = writeSync(fd, `${columns.map((c) => c.name).join(',')}\n`);
  }
  return {
    async append(rows) {
      if (rows.length) bytes += writeSync(fd, `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`, bytes);
      return bytes;
    },
    async finish() {
      closeSync(fd);
      renameSync(partial, out);
    },
    close: () => {
      try {
        closeSync(fd);
      } catch {}
    },
  };
}

/**
 * Parquet through DuckDB: pages are appended as text to a table in an on-disk staging database beside the file
 * (so memory stays flat however many rows), numbered; at the end one COPY casts each column to its type and
 * writes the Parquet file in row order. On resume the rows numbered past the state's count are dropped.
 */
export async function parquetSink(out: string, columns: Column[], resumeAt: number | null): Promise<Sink> {
  const staging = `${out}.staging.duckdb`;
  if (resumeAt == null) for (const f of [staging, `${staging}.wal`]) rmSync(f, { force: true });
  const db = await DuckDBInstance.create(staging, { threads: '1', memory_limit: '96MB' });
  const conn = await db.connect();
  const cols = columns.map((_, i) => `c${i} VARCHAR`).join(', ');
  await conn.run(`CREATE TABLE IF NOT EXISTS page_rows (seq BIGINT, ${cols})`);
  let seq = 0;
  if (resumeAt != null) {
    await conn.run(`DELETE FROM page_rows WHERE seq > ${Number(resumeAt)}`);
    seq = resumeAt;
  }
  const appender = await conn.createAppender('page_rows');
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      appender.closeSync();
    } catch {}
    conn.closeSync();
    db.closeSync();
  };
  return {
    async append(rows) {
      for (const row of rows) {
        appender.appendBigInt(BigInt(++seq));
        for (const v of row) {
          if (v == null) appender.appendNull();
          else appender.appendVarchar(v);
        }
        appender.endRow();
      }
      appender.flushSync();
      return seq;
    },
    async finish() {
      appender.closeSync();
      const select = columns.map((c, i) => `CAST(c${i} AS ${c.type}) AS "${c.name}"`).join(', ');
      const target = `${out}.partial`;
      await conn.run(
        `COPY (SELECT ${select} FROM page_rows ORDER BY seq) TO '${target.replaceAll("'", "''")}' (FORMAT parquet)`,
      );
      close();
      renameSync(target, out);
      for (const f of [staging, `${staging}.wal`]) rmSync(f, { force: true });
    },
    close,
  };
}

export const sizeOf = (file: string) => (existsSync(file) ? statSync(file).size : 0);
