import type { ValueTransformer } from 'typeorm';

/** bigint and numeric arrive from pg as strings; points fit a JS number many times over. */
export const pointsColumn: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
