import { type FormEvent, useEffect, useState } from 'react';
import { session } from '../graphql';
import { useI18n } from '../i18n';

/**
 * Outside production the gateway offers development users, one per role (GET /console/dev-token lists the
 * roles, POST signs a token); in production that endpoint does not exist and only a pasted token signs in.
 */
export function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn(): void }) {
  const { t } = useI18n();
  const [roles, setRoles] = useState<string[]>([]);
  const [role, setRole] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    fetch('/console/dev-token')
      .then((r) => (r.ok ? r.json() : { roles: [] }))
      .then((b: { roles: string[] }) => {
        setRoles(b.roles);
        setRole(b.roles[0] ?? '');
      })
      .catch(() => setRoles([]));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    if (token.trim()) {
      session.set(token.trim());
      return onSignedIn();
    }
    if (!role) return;
    const res = await fetch('/console/dev-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role }),
    });
    const body = (await res.json().catch(() => ({}))) as { token?: string; error?: string };
    if (!body.token) return setError(body.error ?? `HTTP ${res.status}`);
    session.set(body.token);
    onSignedIn();
  };
  return (
    <main className="sign-in">
      <h1>{t.title}</h1>
      {notice && <p role="status">{notice}</p>}
      <form onSubmit={submit}>
        {roles.length > 0 && (
          <label>
            {t.role}
            <select value={role} onChange={(e) => setRole(e.target.value)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {roles.length > 0 ? t.orToken : t.accessToken}
          <input
            type="text"
            aria-label={t.accessToken}
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <button type="submit">{t.signIn}</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}
