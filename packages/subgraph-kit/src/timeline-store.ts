import { randomUUID } from 'node:crypto';
import type { Queryable } from '@guest-graph/db';
import type { Producer, timeline } from '@guest-graph/events';
import type { EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, type Page, pageOf, pageSize } from './connection.js';
import { badInput } from './errors.js';
import { isUuid } from './ids.js';
import type { Runtime } from './service.js';
import { backfillTimeline } from './timeline.js';

// The table both timeline owners keep (guests for guests, accounts for accounts): the same columns, keys and
// paging, in the owner's own schema, under its own subject column.

/** Where an owner files its lines. */
export interface TimelineTable {
  subject: timeline.TimelineSubject;
  /** The owner's PostgreSQL schema, e.g. `guests`. */
  schema: string;
  /** The column naming the subject, e.g. `guest_id`. */
  subjectColumn: string;
  /**
   * A table whose `merged_into` points at the profile a duplicate became: the subject's timeline then shows
   * the lines of every profile merged into it, at any depth. None: a subject's own lines only.
   */
  mergedProfiles?: string;
}

/** A line to file: `subjectId` is the guest or the account. */
export interface TimelineLine {
  subjectId: string;
  key: string;
  kind: string;
  service: string;
  at: Date | string;
  summary: string;
}

export interface TimelineRow {
  id: string;
  kind: string;
  service: string;
  at: Date;
  summary: string;
  /** `at` as text to the microsecond, for the cursor. */
  atKey: string;
}

export interface TimelineBackfillState {
  after: string | null;
  loaded: number;
  completedAt: Date | null;
}

const MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The documented page sizes of `Guest.timeline` and `Account.timeline`. */
export const TIMELINE_PAGE = { max: 100, fallback: 20 } as const;

/** A timeline cursor's position: the line's `at` to the microsecond and its id; anything else is BAD_USER_INPUT. */
function positionOf(after: string | null | undefined): { atKey: string; id: string } | null {
  if (after == null) return null;
  const key = decodeCursor(after, 'after');
  if (key.length !== 2 || typeof key[0] !== 'string' || !INSTANT.test(key[0]) || !isUuid(key[1]))
    throw badInput('after', 'after: not a cursor of this list');
  return { atKey: key[0], id: String(key[1]) };
}

/** The statements of an owner's timeline tables (its migration), the same text whichever the owner. */
export const timelineTablesSql = ({ schema, subjectColumn }: Pick<TimelineTable, 'schema' | 'subjectColumn'>) => ({
  up: [
    `CREATE TABLE ${schema}.timeline_entry (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ${subjectColumn} uuid NOT NULL,
      key text NOT NULL UNIQUE,
      kind text NOT NULL,
      service text NOT NULL,
      at timestamptz NOT NULL,
      summary text NOT NULL,
      filed_at timestamptz NOT NULL DEFAULT now())`,
    `CREATE INDEX timeline_entry_page_idx ON ${schema}.timeline_entry (${subjectColumn}, at DESC, id DESC)`,
    `CREATE TABLE ${schema}.timeline_backfill (
      source text PRIMARY KEY,
      after text,
      loaded integer NOT NULL DEFAULT 0,
      completed_at timestamptz)`,
  ],
  down: [`DROP TABLE ${schema}.timeline_backfill`, `DROP TABLE ${schema}.timeline_entry`],
});

/** An owner's timeline: filing lines by key, pages newest first, and the backfill's progress. */
export function timelineStore(table: TimelineTable) {
  const { schema, subjectColumn: subject, mergedProfiles } = table;
  // The subject and every profile merged into it, or the subject alone.
  const profiles = mergedProfiles
    ? `WITH RECURSIVE profile(id) AS (
         SELECT $1::uuid
         UNION SELECT m.id FROM ${mergedProfiles} m JOIN profile p ON m.merged_into = p.id)`
    : 'WITH profile(id) AS (SELECT $1::uuid)';

  /** Files lines; a key already filed is left as it is. Returns how many were new. */
  async function fileLines(tx: Queryable, lines: TimelineLine[]): Promise<number> {
    if (!lines.length) return 0;
    const rows: unknown[] = await tx.query(
      `INSERT INTO ${schema}.timeline_entry (${subject}, key, kind, service, at, summary)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
       ON CONFLICT (key) DO NOTHING
       RETURNING id`,
      [
        lines.map((l) => l.subjectId),
        lines.map((l) => l.key),
        lines.map((l) => l.kind),
        lines.map((l) => l.service),
        lines.map((l) => (typeof l.at === 'string' ? l.at : l.at.toISOString())),
        lines.map((l) => l.summary),
      ],
    );
    return rows.length;
  }

  /**
   * A page of a subject's timeline, newest first, strictly after the key: one index range scan on
   * timeline_entry_page_idx per profile. Lines of `hiddenServices` are left out in the statement, so a page is
   * full whatever the reader may not see.
   */
  const rowsAfter = (
    db: Queryable,
    subjectId: string,
    hiddenServices: string[],
    after: { atKey: string; id: string } | null,
    limit: number,
  ): Promise<TimelineRow[]> =>
    db.query(
      `${profiles}
       SELECT e.id, e.kind, e.service, e.at, e.summary, to_char(e.at AT TIME ZONE 'UTC', ${MICROS}) AS "atKey"
         FROM profile p CROSS JOIN LATERAL (
           SELECT * FROM ${schema}.timeline_entry t
            WHERE t.${subject} = p.id
              AND t.service <> ALL($2::text[])
              AND ($3::timestamptz IS NULL OR (t.at, t.id) < ($3::timestamptz, $4::uuid))
            ORDER BY t.at DESC, t.id DESC LIMIT $5) e
        ORDER BY e.at DESC, e.id DESC LIMIT $5`,
      [subjectId, hiddenServices, after?.atKey ?? null, after?.id ?? null, limit],
    );

  /** Files the lines about this owner's subject that another service noted (its `timeline.noted` event). */
  const fileNoted = (tx: Queryable, source: Producer, entries: timeline.TimelineEntry[]) =>
    fileLines(
      tx,
      entries
        .filter((e) => e.subject === table.subject)
        .map((e) => ({
          subjectId: e.subjectId,
          key: e.key,
          kind: e.kind,
          service: source,
          at: e.at,
          summary: e.summary,
        })),
    );

  const backfillState = async (db: Queryable, source: string): Promise<TimelineBackfillState | null> => {
    const [row] = await db.query(
      `SELECT after, loaded, completed_at AS "completedAt" FROM ${schema}.timeline_backfill WHERE source = $1`,
      [source],
    );
    return row ?? null;
  };

  const saveBackfill = async (db: Queryable, source: string, state: TimelineBackfillState) => {
    await db.query(
      `INSERT INTO ${schema}.timeline_backfill (source, after, loaded, completed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (source) DO UPDATE SET after = $2, loaded = $3, completed_at = $4`,
      [source, state.after, state.loaded, state.completedAt],
    );
  };

  return {
    fileLines,

    /** Files a line this service writes, in the caller's transaction; a line without a fact's key gets one. */
    recordLine: (
      tx: EntityManager,
      service: Producer,
      line: { subjectId: string; kind: string; summary: string; at: Date; key?: string },
    ) =>
      fileLines(tx, [
        {
          subjectId: line.subjectId,
          key: line.key ?? `${service}:${line.kind.toLowerCase()}:${randomUUID()}`,
          kind: line.kind,
          service,
          at: line.at,
          summary: line.summary,
        },
      ]),

    fileNoted,

    /** A page of a subject's timeline as a connection: `first` within TIMELINE_PAGE, `after` a cursor of it. */
    async page(
      db: Queryable,
      subjectId: string,
      hiddenServices: string[],
      first: number | null | undefined,
      after: string | null | undefined,
    ): Promise<Page<TimelineRow>> {
      const size = pageSize(first, TIMELINE_PAGE);
      const rows = await rowsAfter(db, subjectId, hiddenServices, positionOf(after), size + 1);
      return pageOf(rows, size, (r) => encodeCursor([r.atKey, r.id]));
    },

    /** Rewrites the summaries of a subject's lines (an erasure) to the plain words of their kind. */
    async rewriteSummaries(tx: Queryable, subjectId: string, wordsByKind: Record<string, string>) {
      const kinds = Object.keys(wordsByKind);
      await tx.query(
        `UPDATE ${schema}.timeline_entry t SET summary = w.words
           FROM unnest($2::text[], $3::text[]) AS w(kind, words)
          WHERE t.${subject} = $1 AND t.kind = w.kind AND t.summary <> w.words`,
        [subjectId, kinds, kinds.map((k) => wordsByKind[k])],
      );
    },

    /**
     * Loads every service's history into this owner's timelines (see `backfillTimeline`): each page of lines
     * and the progress after it in one transaction; `own` reads the owner's history from its tables.
     */
    backfill(rt: Runtime, own: (after: string | null, limit: number) => Promise<timeline.TimelineEntry[]>) {
      const ds = rt.dataSource;
      return backfillTimeline(rt, {
        subject: table.subject,
        progress: (source) => backfillState(ds, source),
        file: (source, entries, progress) =>
          ds.transaction(async (tx) => {
            const n = await fileNoted(tx, source, entries);
            await saveBackfill(tx, source, progress);
            return n;
          }),
        own,
      });
    },
  };
}

export type TimelineStore = ReturnType<typeof timelineStore>;
