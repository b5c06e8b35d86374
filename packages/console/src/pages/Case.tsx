import { useCallback, useEffect, useState } from 'react';
import { describeCaseEntry } from '../caseTimeline';
import {
  CaseCompensationKind,
  CaseReplyChannel,
  type ConsoleCaseQuery,
  type ConsoleOfferCompensationMutation,
  RecoveryRootCause,
} from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';
import { href, onLinkClick } from '../router';
import { Action, Badge, Loading } from '../ui';
import { Decision, offerText } from './Approvals';

/** How the hotel answered the guest (CaseReplyChannel): the schema's values, the phone first (the usual way). */
const REPLY_CHANNELS: string[] = [
  CaseReplyChannel.Phone,
  ...Object.values(CaseReplyChannel).filter((c) => c !== CaseReplyChannel.Phone),
];

type Case = NonNullable<ConsoleCaseQuery['case']>;

// The schema's values, in its order (generated: a value the graph adds shows up here).
const ROOT_CAUSES: string[] = Object.values(RecoveryRootCause);
const COMPENSATIONS: string[] = Object.values(CaseCompensationKind);

/** A guest relations case: what happened, its clocks, its timeline, and the next steps the status allows. */
export function CasePage({ id, roles }: { id: string; roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const manager = roles.includes('MANAGER');
  const [c, setCase] = useState<Case | null | undefined>();
  const [error, setError] = useState<string | undefined>();
  // Set when the caller's own offer went above their authority: it now waits for a manager.
  const [awaiting, setAwaiting] = useState(false);
  const load = useCallback(
    () =>
      run<ConsoleCaseQuery>('ConsoleCase', { id })
        .then((d) => setCase(d.case))
        .catch((e: Error) => setError(e.message)),
    [id],
  );
  useEffect(() => {
    load();
  }, [load]);
  if (error) return <Loading error={error} />;
  if (c === undefined) return <Loading />;
  if (c === null) return <p className="empty">{t.notFound}</p>;
  const open = c.status === 'OPEN' || c.status === 'IN_PROGRESS';
  const breached = open && (c.resolveBreached || new Date(c.dueAt).getTime() < Date.now());
  return (
    <article>
      <div className="profile panel">
        <div>
          <h1>
            {i.label(c.category)}{' '}
            <Badge tone={c.severity === 'HIGH' || c.severity === 'CRITICAL' ? 'red' : 'grey'}>
              {i.label(c.severity)}
            </Badge>{' '}
            <Badge tone={open ? 'blue' : 'green'}>{i.label(c.status)}</Badge>
          </h1>
          <dl>
            <dt>{t.guest}</dt>
            <dd>
              <a href={href(`guests/${encodeURIComponent(c.guest.id)}`)} onClick={onLinkClick}>
                {c.guest.fullName ?? ''}
              </a>
            </dd>
            {c.description && (
              <>
                <dt>{t.description}</dt>
                <dd>{c.description}</dd>
              </>
            )}
            <dt>{t.opened}</dt>
            <dd>
              {i.dateTime(c.openedAt)} · {i.label(c.channel)}
            </dd>
            <dt>{t.assignedTo}</dt>
            <dd>{c.assignedTo ?? t.nobodyYet}</dd>
            {open && (
              <>
                <dt>{t.timeLeft}</dt>
                <dd>
                  {breached ? (
                    <strong className="breached">
                      {t.breached} ({i.fromNow(c.dueAt)})
                    </strong>
                  ) : (
                    <time dateTime={c.dueAt}>{i.fromNow(c.dueAt)}</time>
                  )}
                </dd>
              </>
            )}
            {c.investigation?.rootCause && (
              <>
                <dt>{t.rootCause}</dt>
                <dd>
                  {i.label(c.investigation.rootCause)}
                  {c.investigation.detail ? ` · ${c.investigation.detail}` : ''}
                </dd>
              </>
            )}
            {c.resolution && (
              <>
                <dt>{t.resolution}</dt>
                <dd>{c.resolution}</dd>
              </>
            )}
          </dl>
        </div>
      </div>
      <div className="guest-grid">
        <section aria-labelledby="case-actions">
          <h2 id="case-actions">{t.nextSteps}</h2>
          {c.status === 'OPEN' && (
            <Action name={t.acknowledge} onSubmit={() => run('ConsoleAcknowledgeCase', { id })} onDone={load} />
          )}
          {open && (
            <>
              <Action
                name={t.assign}
                fields={{ to: { label: t.assignTo, required: true } }}
                onSubmit={(v) => run('ConsoleAssignCase', { id, to: v.to })}
                onDone={load}
              />
              <Action
                name={t.investigate}
                fields={{
                  rootCause: { label: t.rootCause, options: ROOT_CAUSES },
                  detail: { label: t.detail },
                }}
                onSubmit={(v) =>
                  run('ConsoleInvestigateCase', {
                    id,
                    input: { rootCause: v.rootCause, detail: v.detail || undefined },
                  })
                }
                onDone={load}
              />
              <Action
                name={t.offerCompensation}
                fields={{
                  kind: { label: t.kind, options: COMPENSATIONS },
                  points: { label: t.points, inputMode: 'numeric' },
                  amount: { label: t.amount, inputMode: 'decimal' },
                }}
                onSubmit={async (v) => {
                  const d = await run<ConsoleOfferCompensationMutation>('ConsoleOfferCompensation', {
                    caseId: id,
                    input: {
                      kind: v.kind,
                      points: v.points ? Number(v.points) : undefined,
                      amount: v.amount || undefined,
                    },
                  });
                  setAwaiting(d.offerCompensation.status === 'PENDING_APPROVAL');
                }}
                onDone={load}
              />
              {awaiting && (
                <p role="status" className="ok">
                  {t.awaitsManager}
                </p>
              )}
              <Action
                name={t.resolve}
                fields={{ resolution: { label: t.resolution, required: true } }}
                onSubmit={(v) => run('ConsoleResolveCase', { id, input: { resolution: v.resolution } })}
                onDone={load}
              />
            </>
          )}
          {c.status !== 'CLOSED' &&
            (c.reply ? (
              <p>
                {t.replied}: {i.label(c.reply.channel)} · {i.dateTime(c.reply.sentAt)}
              </p>
            ) : (
              <Action
                name={t.replyToGuest}
                fields={{
                  channel: { label: t.replyChannel, options: REPLY_CHANNELS },
                  text: { label: t.replyText, required: true },
                }}
                onSubmit={(v) => run('ConsoleReplyToGuest', { id, input: { channel: v.channel, text: v.text } })}
                onDone={load}
              />
            ))}
          {c.status === 'RESOLVED' && (
            <Action
              name={t.followUp}
              fields={{
                satisfied: { label: t.guestSatisfied, options: ['true', 'false'], optionLabels: [t.yes, t.no] },
                note: { label: t.note },
              }}
              onSubmit={(v) =>
                run('ConsoleFollowUpCase', {
                  id,
                  input: { satisfied: v.satisfied === 'true', note: v.note || undefined },
                })
              }
              onDone={load}
            />
          )}
          {c.status === 'CLOSED' && <p className="muted">{t.caseClosed}</p>}
        </section>
        <section aria-labelledby="compensation">
          <h2 id="compensation">{t.compensation}</h2>
          {c.compensations.length === 0 ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ul className="list">
              {c.compensations.map((o) => (
                <li key={o.id}>
                  <span>{i.label(o.kind)}</span>
                  <span>{o.points > 0 ? `${i.number(o.points)} ${t.points}` : i.money(o.amount)}</span>
                  <Badge tone={o.status === 'PENDING_APPROVAL' ? 'gold' : o.status === 'REJECTED' ? 'red' : 'green'}>
                    {i.label(o.status)}
                  </Badge>
                  <span className="muted">
                    {t.offeredBy} {o.offeredBy}
                    {o.decidedBy ? ` · ${t.decidedBy} ${o.decidedBy}` : ''}
                  </span>
                  {manager && o.status === 'PENDING_APPROVAL' && (
                    <Decision id={o.id} offer={offerText(i, o)} onDone={load} />
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section aria-labelledby="case-timeline">
        <h2 id="case-timeline">{t.caseTimeline}</h2>
        {!c.timeline?.length ? (
          <p className="muted">{t.none}</p>
        ) : (
          <ol className="list">
            {c.timeline.map((e) => {
              const { what, detail } = describeCaseEntry(i, e.kind, e.note);
              return (
                <li key={`${e.at}${e.kind}${e.actor}${e.note}`}>
                  <time dateTime={e.at} className="muted">
                    {i.dateTime(e.at)}
                  </time>
                  <strong>{what}</strong>
                  <span>{e.actor}</span>
                  {detail && <span className="muted">{detail}</span>}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </article>
  );
}
