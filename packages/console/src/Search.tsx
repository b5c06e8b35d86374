import { useEffect, useId, useState } from 'react';
import { run } from './graphql';
import { useI18n } from './i18n';
import { href, onLinkClick } from './router';

interface Found {
  searchGuests: { id: string; fullName: string | null }[];
}

/** Results as one types: the graph is asked once typing pauses, and an older answer never replaces a newer one. */
export function GuestSearch() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found['searchGuests'] | undefined>();
  const listId = useId();
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      run<Found>('ConsoleFindGuests', { text: q, first: 8 })
        .then((d) => current && setFound(d.searchGuests))
        .catch(() => current && setFound([]));
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
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
        <ul id={listId} aria-label={t.guests}>
          {found.length === 0 ? (
            <li className="muted">{t.noMatch}</li>
          ) : (
            found.map((g) => (
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
