import { type ReactNode, useEffect, useState } from 'react';
import { type Answer, ask } from './graphql';
import { useI18n } from './i18n';

/** Loads once per key; a partial answer keeps its missing parts (see `Answer.missing`). */
export function useAnswer<D>(name: string, variables: Record<string, unknown>, key: string) {
  const [state, setState] = useState<{ answer?: Answer<D>; error?: string }>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the variables
  useEffect(() => {
    let current = true;
    ask<D>(name, variables)
      .then((answer) => current && setState({ answer }))
      .catch((e: Error) => current && setState({ error: e.message }));
    return () => {
      current = false;
    };
  }, [name, key]);
  return state;
}

/** A department page: its title, a line under it, its content. */
export function Page({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby="page-title" className="page">
      <h1 id="page-title">{title}</h1>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </section>
  );
}

/** While a page loads, or why it could not: the graph's message as an alert. */
export function Loading({ error, title }: { error?: string; title?: string }) {
  const { t } = useI18n();
  return (
    <section className="page">
      {title && <h1>{title}</h1>}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <p className="muted" aria-busy="true">
          {t.loading}
        </p>
      )}
    </section>
  );
}

/** A part of the page whose service cannot answer now; the rest of the page still works. */
export function Unavailable() {
  const { t } = useI18n();
  return (
    <p role="status" className="unavailable">
      {t.notAvailableNow}
    </p>
  );
}

export function Badge({ tone, children }: { tone: 'green' | 'blue' | 'gold' | 'red' | 'grey'; children: ReactNode }) {
  return <span className={`badge ${tone}`}>{children}</span>;
}
