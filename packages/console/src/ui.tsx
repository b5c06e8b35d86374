import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { type Answer, ask, GraphFailure } from './graphql';
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

interface Field {
  label: string;
  required?: boolean;
  options?: string[];
  optionLabels?: string[];
  inputMode?: 'numeric' | 'decimal';
}

/** One step on the case: a form named for it; a refusal shows the graph's message next to it, changing nothing. */
export function Action({
  name,
  fields = {},
  onSubmit,
  onDone,
}: {
  name: string;
  fields?: Record<string, Field>;
  onSubmit(values: Record<string, string>): Promise<unknown>;
  onDone(): void;
}) {
  const i = useI18n();
  const initial = () => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.options?.[0] ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  // The graph's refusal, under the field it names (BAD_USER_INPUT's `field`, e.g. `creditAmount`) when that
  // field is on the form, else under the form.
  const [error, setError] = useState<{ field?: string; message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const base = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(values);
      setValues(initial());
      onDone();
    } catch (x) {
      const named = x instanceof GraphFailure ? x.field?.split('.').at(-1) : undefined;
      setError({ field: named && named in fields ? named : undefined, message: (x as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form aria-label={name} onSubmit={submit} className="action">
      {Object.entries(fields).map(([k, f]) => (
        <div key={k} className="field">
          <label htmlFor={`${base}-${k}`}>
            {f.label}
            {f.options ? (
              <select
                id={`${base}-${k}`}
                value={values[k]}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
              >
                {f.options.map((o, n) => (
                  <option key={o} value={o}>
                    {f.optionLabels?.[n] ?? i.label(o)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${base}-${k}`}
                type="text"
                inputMode={f.inputMode}
                required={f.required}
                aria-invalid={error?.field === k || undefined}
                aria-describedby={error?.field === k ? `${base}-${k}-error` : undefined}
                value={values[k]}
                onChange={(e) => setValues({ ...values, [k]: e.target.value })}
              />
            )}
          </label>
          {error?.field === k && (
            <span id={`${base}-${k}-error`} role="alert" className="field-error">
              {error.message}
            </span>
          )}
        </div>
      ))}
      <button type="submit" disabled={busy}>
        {name}
      </button>
      {error && !error.field && <p role="alert">{error.message}</p>}
    </form>
  );
}
