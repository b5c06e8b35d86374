import { NoAnswerError, PRODUCERS, type Producer, RemoteError, timeline } from '@guest-graph/events';
import type { Runtime } from './service.js';

// The plumbing both timeline owners share (guests for guests, accounts for accounts): the backfill that loads
// what the five services held before timelines existed, and the answer each service gives it.

type Subject = timeline.TimelineSubject;
type Entry = timeline.TimelineEntry;

export interface BackfillProgress {
  after: string | null;
  loaded: number;
  completedAt: Date | null;
}

/** Where an owner keeps its lines and how far its backfill got (its repository, through its application). */
export interface TimelineBackfillStore {
  subject: Subject;
  progress(source: Producer): Promise<BackfillProgress | null>;
  /** Files a page of lines and the progress after it, in one transaction; a key already filed stays as it is. */
  file(source: Producer, entries: Entry[], progress: BackfillProgress): Promise<number>;
  /** The owner's own history, read from its tables rather than asked over the bus. */
  own(after: string | null, limit: number): Promise<Entry[]>;
}

const PAGE = 500;

/**
 * Loads every service's history into a timeline, page by page in key order, keeping its place after each
 * page: a restart picks up where it stopped, and a run over a finished source does nothing. Keys are the
 * facts', so a line already filed by a live event (or by an earlier run) is not filed again: running it twice
 * leaves the same lines. A service that does not answer is asked again on the next run.
 */
export async function backfillTimeline(rt: Runtime, store: TimelineBackfillStore): Promise<boolean> {
  let complete = true;
  for (const source of PRODUCERS) {
    const start = await store.progress(source);
    if (start?.completedAt) continue;
    let progress: BackfillProgress = start ?? { after: null, loaded: 0, completedAt: null };
    try {
      for (;;) {
        const entries =
          source === rt.name
            ? await store.own(progress.after, PAGE)
            : (
                await rt.bus.request(
                  timeline.timelineHistory[source],
                  { subject: store.subject, after: progress.after, limit: PAGE },
                  { timeoutMs: 10_000 },
                )
              ).entries;
        const mine = entries.filter((e) => e.subject === store.subject);
        const done = entries.length < PAGE;
        const next = {
          after: entries.at(-1)?.key ?? progress.after,
          loaded: progress.loaded,
          completedAt: done ? rt.clock.now() : null,
        };
        next.loaded += await store.file(source, mine, next);
        progress = next;
        rt.logger.info(
          { subject: store.subject, source, loaded: progress.loaded, done },
          `timeline backfill: ${source} ${done ? 'complete' : 'in progress'}, ${progress.loaded} line(s) filed`,
        );
        if (done) break;
      }
    } catch (e) {
      // Silence or a failed answer: that source is asked again on the next run, from where it stopped.
      if (!(e instanceof NoAnswerError || e instanceof RemoteError)) throw e;
      rt.logger.warn(
        { subject: store.subject, source },
        `timeline backfill: ${source} did not answer; asking again later`,
      );
      complete = false;
    }
  }
  return complete;
}

/** Answers the backfill's question with this service's lines about `subject`, in key order after `after`. */
export function answerTimelineHistory(
  rt: Runtime,
  history: (subject: Subject, after: string | null, limit: number) => Promise<Entry[]>,
) {
  rt.bus.respond(timeline.timelineHistory[rt.name], async ({ subject, after, limit }) => {
    const entries = await history(subject, after, limit);
    return { entries, next: entries.length === limit ? (entries.at(-1)?.key ?? null) : null };
  });
}

/**
 * Runs the backfill as the service starts (not awaited: a large history must not hold up readiness), then
 * every five minutes until it is complete (services start together, so one may not answer the first time); a
 * finished backfill costs one read per source each time.
 */
export function keepBackfilling(rt: Runtime, run: () => Promise<boolean>) {
  rt.schedule('timeline-backfill', 5 * 60_000, run, { firstAfterMs: 100 });
}
