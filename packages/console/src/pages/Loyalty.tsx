import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ConsoleMemberQuery } from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';
import { href, navigate, onLinkClick } from '../router';
import { Badge, Loading, Page } from '../ui';

type Answer = ConsoleMemberQuery;

/** Member look-up by card number (the address keeps it, so a reload shows the same member). */
export function LoyaltyPage({ number }: { number?: string }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState(number ?? '');
  const find = (e: FormEvent) => {
    e.preventDefault();
    navigate(`loyalty/${encodeURIComponent(typed.trim())}`);
  };
  return (
    <Page title={t.loyalty}>
      <form aria-label={t.memberLookup} onSubmit={find} className="lookup">
        <label>
          {t.memberNumber}
          <input type="text" inputMode="numeric" value={typed} onChange={(e) => setTyped(e.target.value)} required />
        </label>
        <button type="submit">{t.lookUp}</button>
      </form>
      {number && <MemberCard key={number} number={number} />}
    </Page>
  );
}

function MemberCard({ number }: { number: string }) {
  const i = useI18n();
  const { t } = i;
  const [answer, setAnswer] = useState<Answer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    () =>
      run<Answer>('ConsoleMember', { number })
        .then(setAnswer)
        .catch((e: Error) => setError(e.message)),
    [number],
  );
  useEffect(() => {
    load();
  }, [load]);
  if (error) return <Loading error={error} />;
  if (!answer) return <Loading />;
  const m = answer.memberByNumber;
  if (!m) return <p className="empty">{t.noSuchMember}</p>;
  // Null only when the member's guest profile is gone: nothing to adjust or redeem for then.
  const guestId = m.guestId;
  return (
    <>
      <section className="panel" aria-labelledby="member">
        <h2 id="member">
          {t.member} {m.number} <Badge tone="gold">{i.label(m.tier)}</Badge>
        </h2>
        <dl>
          <dt>{t.guest}</dt>
          <dd>
            {guestId ? (
              <a href={href(`guests/${encodeURIComponent(guestId)}`)} onClick={onLinkClick}>
                {t.openGuest}
              </a>
            ) : (
              <span className="muted">{t.notFound}</span>
            )}
          </dd>
          <dt>{t.balance}</dt>
          <dd>
            <strong>
              {i.number(m.pointsBalance)} {t.points}
            </strong>
          </dd>
          <dt>{t.nightsThisYear}</dt>
          <dd>{i.number(m.nightsThisYear)}</dd>
          {m.nextTier && (
            <>
              <dt>{t.nextTier}</dt>
              <dd>
                {i.label(m.nextTier)} · {m.nightsToNextTier ?? 0} {t.nightsToGo}
              </dd>
            </>
          )}
        </dl>
      </section>
      {guestId && (
        <div className="guest-grid">
          <section aria-labelledby="adjust">
            <h2 id="adjust">{t.adjustments}</h2>
            <Act
              name={t.adjustPoints}
              fields={[
                ['points', t.pointsChange],
                ['reason', t.reason],
              ]}
              onSubmit={(v) =>
                run('ConsoleAdjustPoints', { input: { guestId, points: Number(v.points), reason: v.reason } })
              }
              onDone={load}
            />
          </section>
          <section aria-labelledby="redeem">
            <h2 id="redeem">{t.redemptions}</h2>
            <Redeem guestId={guestId} rewards={answer.loyaltyRewards} onDone={load} />
            {m.redemptions.edges.length > 0 && (
              <ul className="list">
                {m.redemptions.edges.map(({ node: r }) => (
                  <li key={r.id}>
                    <span>
                      {r.reward.name} × {r.quantity}
                    </span>
                    <span>
                      {i.number(r.points)} {t.points}
                    </span>
                    <Badge tone={r.status === 'CANCELLED' ? 'grey' : 'green'}>{i.label(r.status)}</Badge>
                    <span className="muted">{i.dateTime(r.createdAt)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
      <section className="panel" aria-labelledby="ledger">
        <h2 id="ledger">{t.ledger}</h2>
        {m.pointsTransactions.edges.length === 0 ? (
          <p className="muted">{t.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col" className="num">
                  {t.pointsHeading}
                </th>
                <th scope="col">{t.reason}</th>
              </tr>
            </thead>
            <tbody>
              {m.pointsTransactions.edges.map(({ node: e }) => (
                <tr key={e.id}>
                  <td>{i.dateTime(e.occurredAt)}</td>
                  <td>{i.label(e.type)}</td>
                  <td className="num">{e.points > 0 ? `+${i.number(e.points)}` : i.number(e.points)}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Redeem({
  guestId,
  rewards,
  onDone,
}: {
  guestId: string;
  rewards: { code: string; name: string; pointsPrice: number }[];
  onDone(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [code, setCode] = useState(rewards[0]?.code ?? '');
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await run('ConsoleRedeemPoints', { input: { guestId, rewardCode: code } });
      onDone();
    } catch (x) {
      setError((x as Error).message);
    }
  };
  if (!rewards.length) return <p className="muted">{t.none}</p>;
  return (
    <form aria-label={t.redeem} onSubmit={submit}>
      <label>
        {t.reward}
        <select value={code} onChange={(e) => setCode(e.target.value)}>
          {rewards.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name} · {i.number(r.pointsPrice)} {t.points}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t.redeem}</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function Act({
  name,
  fields,
  onSubmit,
  onDone,
}: {
  name: string;
  fields: [string, string][];
  onSubmit(v: Record<string, string>): Promise<unknown>;
  onDone(): void;
}) {
  const empty = () => Object.fromEntries(fields.map(([k]) => [k, '']));
  const [values, setValues] = useState<Record<string, string>>(empty);
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await onSubmit(values);
      setValues(empty());
      onDone();
    } catch (x) {
      setError((x as Error).message);
    }
  };
  return (
    <form aria-label={name} onSubmit={submit}>
      {fields.map(([k, label]) => (
        <label key={k}>
          {label}
          <input type="text" value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} />
        </label>
      ))}
      <button type="submit">{name}</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
