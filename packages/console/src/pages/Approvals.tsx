import { useId, useState } from 'react';
import type {
  ConsoleApproveCompensationMutation,
  ConsolePendingApprovalsQuery,
  ConsoleRejectCompensationMutation,
} from '../graph.generated';
import { run } from '../graphql';
import { type I18n, useI18n } from '../i18n';
import { href, onLinkClick } from '../router';
import { Loading, useAnswer } from '../ui';

/** "500 points" or "F&B voucher ¥300.00": what an offer gives, in the staff's words. */
export const offerText = (i: I18n, o: { kind: string; points: number; amount: string }) =>
  o.kind === 'POINTS' ? `${i.number(o.points)} ${i.t.points}` : `${i.label(o.kind)} ${i.money(o.amount)}`;

/**
 * A manager's decision on one offer above the offerer's authority: approve, or reject with a reason for the
 * case's timeline. A refusal (already decided by a colleague) shows the graph's message and changes nothing.
 */
export function Decision({ id, offer, onDone }: { id: string; offer: string; onDone(): void }) {
  const { t } = useI18n();
  const reasonId = useId();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const decide = async (approve: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      if (approve) await run<ConsoleApproveCompensationMutation>('ConsoleApproveCompensation', { id });
      else await run<ConsoleRejectCompensationMutation>('ConsoleRejectCompensation', { id, reason: reason || null });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="decision">
      <legend className="visually-hidden">{`${t.approvals}: ${offer}`}</legend>
      <button type="button" disabled={busy} onClick={() => decide(true)}>
        {t.approve}
      </button>
      <label htmlFor={reasonId}>{t.rejectReason}</label>
      <input id={reasonId} type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="button" className="secondary" disabled={busy} onClick={() => decide(false)}>
        {t.reject}
      </button>
      {error && <p role="alert">{error}</p>}
    </fieldset>
  );
}

/** The manager's queue on the Cases page: every offer waiting for approval, decided where it is listed. */
export function PendingApprovals() {
  const i = useI18n();
  const { t } = i;
  const [version, setVersion] = useState(0);
  const { answer, error } = useAnswer<ConsolePendingApprovalsQuery>(
    'ConsolePendingApprovals',
    { first: 100 },
    `${version}`,
  );
  const cases = answer?.data.cases.edges.map((e) => e.node);
  return (
    <section aria-labelledby="approvals">
      <h2 id="approvals">{t.approvals}</h2>
      {!cases ? (
        <Loading error={error} />
      ) : cases.length === 0 ? (
        <p className="muted">{t.noApprovals}</p>
      ) : (
        <ul className="list approvals">
          {cases.flatMap((c) =>
            c.compensations
              .filter((o) => o.status === 'PENDING_APPROVAL')
              .map((o) => (
                <li key={o.id}>
                  <a href={href(`cases/${encodeURIComponent(c.id)}`)} onClick={onLinkClick}>
                    {c.guest.fullName ?? c.guest.id} · {i.label(c.category)}
                  </a>
                  <strong>{offerText(i, o)}</strong>
                  <span className="muted">
                    {t.offeredBy} {o.offeredBy}
                    {o.note ? ` · ${o.note}` : ''}
                  </span>
                  <Decision id={o.id} offer={offerText(i, o)} onDone={() => setVersion((v) => v + 1)} />
                </li>
              )),
          )}
        </ul>
      )}
    </section>
  );
}
