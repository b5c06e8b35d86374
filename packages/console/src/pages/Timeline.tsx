import { useCallback, useEffect, useState } from 'react';
import type { ConsoleGuestTimelineQuery } from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';

type Page = NonNullable<NonNullable<ConsoleGuestTimelineQuery['guest']>['timeline']>;
type Line = Page['edges'][number]['node'];

const PAGE = 20;

/**
 * The guest's timeline: what every service holds, newest first, a page at a time. The kind is said in the
 * staff's language; the summary is the graph's own plain words. ANALYST reads no single guest's story.
 */
export function Timeline({ guestId, roles }: { guestId: string; roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const allowed = roles.some((r) => r !== 'ANALYST');
  const [lines, setLines] = useState<{ cursor: string; node: Line }[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    async (after: string | null) => {
      setBusy(true);
      setError(undefined);
      try {
        const d = await run<ConsoleGuestTimelineQuery>('ConsoleGuestTimeline', {
          id: guestId,
          first: PAGE,
          after,
        });
        const page = d.guest?.timeline;
        if (!page) return;
        setLines((had) => (after ? [...had, ...page.edges] : page.edges));
        setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
      } catch (e) {
        setError((e as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [guestId],
  );
  useEffect(() => {
    if (allowed) load(null);
  }, [allowed, load]);
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{t.timeline}</h2>
      {!allowed ? (
        <p className="muted">{t.timelineNotForRole}</p>
      ) : (
        <>
          {error && <p role="alert">{error}</p>}
          {lines.length === 0 && !busy && !error ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ol aria-label={t.timeline}>
              {lines.map(({ cursor, node }) => (
                <li key={cursor}>
                  <time dateTime={node.at}>{i.dateTime(node.at)}</time> · {t.timelineKinds[node.kind] ?? node.kind} ·{' '}
                  {node.summary}
                </li>
              ))}
            </ol>
          )}
          {next && (
            <button type="button" disabled={busy} onClick={() => load(next)}>
              {t.more}
            </button>
          )}
        </>
      )}
    </section>
  );
}
