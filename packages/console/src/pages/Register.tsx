import { type FormEvent, useId, useState } from 'react';
import type { ConsoleRegisterGuestMutation } from '../graph.generated';
import { GraphFailure, run } from '../graphql';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { Page } from '../ui';

const ID_TYPES = ['RESIDENT_ID', 'PASSPORT', 'HK_MACAO_PERMIT', 'TAIWAN_PERMIT', 'OTHER'];
type Key = 'fullName' | 'phone' | 'email' | 'idType' | 'idNumber';

/**
 * Registration at the desk. The graph checks everything (the ID's check digit, the phone's form…); its message
 * shows under the field it names, and the field is marked invalid for screen readers.
 */
export function RegisterPage() {
  const i = useI18n();
  const { t } = i;
  const base = useId();
  const [v, setV] = useState<Record<Key, string>>({
    fullName: '',
    phone: '',
    email: '',
    idType: 'RESIDENT_ID',
    idNumber: '',
  });
  const [problem, setProblem] = useState<{ field?: Key; message: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const fieldOf = (path?: string): Key | undefined => {
    if (!path) return undefined;
    if (path.includes('idDocument')) return 'idNumber';
    const last = path.split('.').at(-1);
    return (['fullName', 'phone', 'email'] as string[]).includes(last ?? '') ? (last as Key) : undefined;
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const d = await run<ConsoleRegisterGuestMutation>('ConsoleRegisterGuest', {
        input: {
          fullName: v.fullName,
          phone: v.phone || undefined,
          email: v.email || undefined,
          idDocument: v.idNumber ? { type: v.idType, number: v.idNumber } : undefined,
        },
      });
      navigate(`guests/${encodeURIComponent(d.registerGuest.id)}`);
    } catch (x) {
      const f = x instanceof GraphFailure ? fieldOf(x.field) : undefined;
      setProblem({ field: f, message: (x as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const text = (k: Key, label: string, type = 'text') => (
    <label htmlFor={`${base}-${k}`}>
      {label}
      <input
        id={`${base}-${k}`}
        type={type}
        value={v[k]}
        required={k === 'fullName'}
        aria-invalid={problem?.field === k || undefined}
        aria-describedby={problem?.field === k ? `${base}-${k}-error` : undefined}
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
      />
      {problem?.field === k && (
        <span id={`${base}-${k}-error`} role="alert" className="field-error">
          {problem.message}
        </span>
      )}
    </label>
  );
  return (
    <Page title={t.registerGuest}>
      <form aria-label={t.registerGuest} onSubmit={submit} className="panel">
        {text('fullName', t.fullName)}
        {text('phone', t.phone, 'tel')}
        {text('email', t.email, 'email')}
        <label htmlFor={`${base}-idType`}>
          {t.idDocument}
          <select id={`${base}-idType`} value={v.idType} onChange={(e) => setV({ ...v, idType: e.target.value })}>
            {ID_TYPES.map((d) => (
              <option key={d} value={d}>
                {i.label(d)}
              </option>
            ))}
          </select>
        </label>
        {text('idNumber', t.idNumber)}
        <button type="submit" disabled={busy}>
          {t.register}
        </button>
        {problem && !problem.field && <p role="alert">{problem.message}</p>}
      </form>
    </Page>
  );
}
