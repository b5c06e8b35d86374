import { useEffect, useId, useState } from 'react';
import type { ConsoleFindGuestsQuery } from './graph.generated';
import { run } from './graphql';
import { useI18n } from './i18n';
import { href, onLinkClick } from './router';

type Found = ConsoleFindGuestsQuery;

/** Results as one types, with no button: each keystroke asks, and an older answer never replaces a newer one. */
export function GuestSearch() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ text: string; guests: Found['searchGuests'] } | undefined>();
  const listId = useId();
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound(undefined);
      return;
    }
    // Asked almost at once (issue 16: a keystroke's results within 150 ms); the previous keystroke's question
    // is cancelled, so a fast typist's burst costs one query and a stale answer is never shown.
    const asking = new AbortController();
    run<Found>('ConsoleFindGuests', { text: q, first: 8 }, asking.signal)
      .then((d) => !asking.signal.aborted && setFound({ text: q, guests: d.searchGuests }))
      .catch(() => !asking.signal.aborted && setFound({ text: q, guests: [] }));
    // The guest page's code is fetched while the desk reads the results, not after the click.
    import('./pages/Guest');
    return () => asking.abort();
  }, [text]);
  return (
    <search className="search">
      <input
        type="search"
        aria-label={t.findGuest}
        placeholder={t.findGuest}
        aria-controls={found ? listId : undefined}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {found && (
        <ul id={listId} aria-label={t.guests} data-for={found.text}>
          {found.guests.length === 0 ? (
            <li className="muted">{t.noMatch}</li>
          ) : (
            found.guests.map((g) => (
              <li key={g.id}>
                <a
                  href={href(`guests/${encodeURIComponent(g.id)}`)}
                  onClick={(e) => {
                    onLinkClick(e);
                    setText('');
                  }}
                >
                  {g.fullName ?? g.id}
                </a>
              </li>
            ))
          )}
        </ul>
      )}
    </search>
  );
}
