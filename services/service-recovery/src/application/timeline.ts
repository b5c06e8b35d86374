import { timeline } from '@guest-graph/events';
import { isUuid, type Runtime } from '@guest-graph/subgraph-kit';
import type { EntityManager } from 'typeorm';
import { caseLine } from '../domain/timeline.js';
import { stayCasePage, type TimelineFact, timelineHistory } from '../persistence/timeline.repository.js';

type Entry = timeline.TimelineEntry;

/**
 * Service recovery's lines on guests' timelines, noted in the transaction of the change under the fact's key
 * (the guests service files each once); the backfill answers the same lines from the tables.
 */
export async function note(rt: Runtime, tx: EntityManager, entries: Entry[]) {
  if (entries.length) await rt.bus.emit(tx, timeline.timelineNoted['service-recovery'], { entries });
}

const line = (guestId: string, key: string, at: Date, words: { kind: Entry['kind']; summary: string }): Entry => ({
  subject: 'GUEST',
  subjectId: guestId,
  key: `service-recovery:${key}`,
  at: at.toISOString(),
  ...words,
});

export const caseEntries = {
  opened: (c: { id: string; guestId: string; category: string; severity: string; openedAt: Date }) =>
    line(c.guestId, `case-opened:${c.id}`, c.openedAt, caseLine.opened(c.category, c.severity)),
  resolved: (c: { id: string; guestId: string; category: string }, at: Date) =>
    line(c.guestId, `case-resolved:${c.id}:${at.toISOString()}`, at, caseLine.resolved(c.category)),
  compensation: (guestId: string, x: { id: string; kind: string; points: number; amount: string }, at: Date) =>
    line(guestId, `compensation:${x.id}`, at, caseLine.compensation(x.kind, x.points, x.amount)),
  survey: (s: { id: string; guestId: string; overall: number | null }, at: Date) =>
    line(s.guestId, `survey:${s.id}`, at, caseLine.survey(s.overall)),
};

const entryOf = (f: TimelineFact): Entry => {
  const at = new Date(f.at);
  const key = f.key.slice('service-recovery:'.length);
  if (f.kind === 'CASE_OPENED') return line(f.guestId, key, at, caseLine.opened(f.category!, f.severity!));
  if (f.kind === 'CASE_RESOLVED') return line(f.guestId, key, at, caseLine.resolved(f.category!));
  if (f.kind === 'COMPENSATION_GRANTED')
    return line(f.guestId, key, at, caseLine.compensation(f.compensationKind!, Number(f.points), f.amount!));
  return line(f.guestId, key, at, caseLine.survey(f.overall));
};

/** The backfill's answer: cases, compensation and surveys, as the live path notes them. */
export async function history(rt: Runtime, subject: timeline.TimelineSubject, after: string | null, limit: number) {
  if (subject !== 'GUEST') return [];
  return (await timelineHistory(rt.dataSource, after, limit)).map(entryOf);
}

/**
 * The stay report backfill's answer (guests): a page of the cases opened about a stay, as `case.opened` told
 * them (guests keeps a case under its id, so one told live and answered here is one case). The cursor is the
 * last case's id.
 */
export async function stayCaseHistory(rt: Runtime, after: string | null, limit: number) {
  const rows = await stayCasePage(rt.dataSource, after && isUuid(after) ? after : null, limit);
  return {
    cases: rows.map((r) => ({
      ...r,
      severity: r.severity as 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL',
      openedAt: new Date(r.openedAt).toISOString(),
    })),
    next: rows.length === limit ? rows.at(-1)!.caseId : null,
  };
}
