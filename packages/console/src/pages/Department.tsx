import { type ReactNode, useEffect, useState } from 'react';
import type {
  ConsoleAccountQuery,
  ConsoleAccountsQuery,
  ConsoleOpenCasesQuery,
  ConsoleReceivablesQuery,
} from '../graph.generated';
import { run } from '../graphql';
import { useI18n } from '../i18n';
import { may, type Department as Name } from '../roles';
import { href, onLinkClick } from '../router';
import { Action, Badge, Loading, Page, useAnswer } from '../ui';
import { PendingApprovals } from './Approvals';
import { ArrivalsPage } from './Arrivals';
import { AccountInvoices, InvoiceTable } from './Invoices';

export function Department({ department, roles }: { department: Name; roles: string[] }) {
  switch (department) {
    case 'arrivals':
      return <ArrivalsPage roles={roles} />;
    case 'cases':
      return <Cases manager={roles.includes('MANAGER')} />;
    case 'accounts':
      return <Accounts />;
    case 'receivables':
      return <Receivables />;
  }
}

/** Loads once per key; an error shows as an alert (an expired session returns to sign-in on its own). */
function useQuery<D>(name: string, variables: Record<string, unknown>, key: string) {
  const { answer, error } = useAnswer<D>(name, variables, key);
  return { data: answer?.data, error };
}

function Cases({ manager }: { manager: boolean }) {
  const i = useI18n();
  const { t } = i;
  const { data, error } = useQuery<ConsoleOpenCasesQuery>('ConsoleOpenCases', { first: 200 }, '');
  if (!data) return <Loading error={error} />;
  const rows = data.cases.edges.map((e) => e.node).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <Page title={t.cases}>
      {manager && <PendingApprovals />}
      {rows.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.guest}</th>
              <th scope="col">{t.category}</th>
              <th scope="col">{t.severity}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.timeLeft}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => {
              const breached = c.resolveBreached || new Date(c.dueAt).getTime() < Date.now();
              return (
                <tr key={c.id}>
                  <td>
                    <a href={href(`guests/${encodeURIComponent(c.guest.id)}`)} onClick={onLinkClick}>
                      {c.guest.fullName ?? c.guest.id}
                    </a>
                  </td>
                  <td>
                    <a href={href(`cases/${encodeURIComponent(c.id)}`)} onClick={onLinkClick}>
                      {i.label(c.category)}
                    </a>
                  </td>
                  <td>
                    <Badge tone={c.severity === 'HIGH' || c.severity === 'CRITICAL' ? 'red' : 'grey'}>
                      {i.label(c.severity)}
                    </Badge>
                  </td>
                  <td>{i.label(c.status)}</td>
                  <td>
                    {breached ? (
                      <strong className="breached">
                        {t.breached} ({i.fromNow(c.dueAt)})
                      </strong>
                    ) : (
                      <time dateTime={c.dueAt}>{i.fromNow(c.dueAt)}</time>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Page>
  );
}

type AccountRow = ConsoleAccountsQuery['accounts']['edges'][number]['node'];

function Accounts() {
  const i = useI18n();
  const { t } = i;
  const [after, setAfter] = useState<string | undefined>();
  const [rows, setRows] = useState<AccountRow[]>([]);
  const { data, error } = useQuery<ConsoleAccountsQuery>('ConsoleAccounts', { first: 50, after }, after ?? '');
  useEffect(() => {
    if (data) setRows((r) => [...(after ? r : []), ...data.accounts.edges.map((e) => e.node)]);
  }, [data, after]);
  if (!data && !rows.length) return <Loading error={error} />;
  const nextContact = (a: AccountRow) =>
    a.lastContactAt
      ? i.date(
          new Date(new Date(a.lastContactAt).getTime() + a.contactCadenceDays * 86_400_000).toISOString().slice(0, 10),
        )
      : t.neverContacted;
  return (
    <Page title={t.accounts}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.account}</th>
            <th scope="col">{t.grade}</th>
            <th scope="col">{t.nextContactDue}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>
                <a href={href(`accounts/${encodeURIComponent(a.id)}`)} onClick={onLinkClick}>
                  {a.name}
                </a>
              </td>
              <td>{a.grade ? <Badge tone="blue">{i.label(a.grade)}</Badge> : ''}</td>
              <td>{nextContact(a)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.accounts.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setAfter(data.accounts.pageInfo.endCursor ?? undefined)}>
          {t.more}
        </button>
      )}
    </Page>
  );
}

export function AccountPage({ id, roles }: { id: string; roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const can = may(roles);
  const [version, setVersion] = useState(0);
  const { data, error } = useQuery<ConsoleAccountQuery>(
    'ConsoleAccount',
    { id, credit: can.credit, finance: can.finance, sales: can.sales, contacts: can.accountContacts },
    `${id}:${version}`,
  );
  if (!data) return <Loading error={error} />;
  const a = data.account;
  if (!a) return <p className="empty">{t.notFound}</p>;
  const percent = (r: number | null) => (r == null ? '' : `${Math.round(r * 100)}%`);
  return (
    <article>
      <div className="profile panel">
        <div>
          <h1>{a.name}</h1>
          <p className="lead">
            {i.label(a.type)} · {i.label(a.status)}
            {a.grade && (
              <>
                {' · '}
                {t.grade} <Badge tone="blue">{i.label(a.grade)}</Badge>
              </>
            )}
            {' · '}
            {t.nextContactDue}:{' '}
            {a.lastContactAt
              ? i.date(
                  new Date(new Date(a.lastContactAt).getTime() + a.contactCadenceDays * 86_400_000)
                    .toISOString()
                    .slice(0, 10),
                )
              : t.neverContacted}
          </p>
        </div>
      </div>
      <div className="guest-grid">
        <section aria-labelledby="production">
          <h2 id="production">{t.production}</h2>
          <dl>
            <Pair label={t.period}>
              {i.date(a.production.from)} – {i.date(a.production.to)}
            </Pair>
            <Pair label={t.staysCount}>{i.number(a.production.stays)}</Pair>
            <Pair label={t.roomNights}>{i.number(a.production.roomNights)}</Pair>
            <Pair label={t.revenue}>{i.money(a.production.revenue)}</Pair>
          </dl>
        </section>
        {can.credit && (
          <section aria-labelledby="credit">
            <h2 id="credit">{t.credit}</h2>
            {a.credit?.hasTerms ? (
              <dl>
                <Pair label={t.limit}>{i.money(a.credit.limit)}</Pair>
                {a.credit.termDays != null && (
                  <Pair label={t.termDays}>
                    {a.credit.termDays} {t.days}
                  </Pair>
                )}
                <Pair label={t.outstanding}>{i.money(a.credit.outstanding)}</Pair>
                <Pair label={t.available}>{i.money(a.credit.available)}</Pair>
                <Pair label={t.status}>
                  <Badge tone={a.credit.status === 'GOOD' ? 'green' : 'red'}>{i.label(a.credit.status)}</Badge>
                </Pair>
                {a.credit.hold && (
                  <Pair label={t.hold}>
                    {a.credit.hold.reason} · {a.credit.hold.placedBy} · {i.dateTime(a.credit.hold.placedAt)}
                  </Pair>
                )}
              </dl>
            ) : (
              <p className="muted">{t.noTerms}</p>
            )}
            {can.finance &&
              (a.credit?.hold ? (
                <Action
                  name={t.releaseHold}
                  fields={{ reason: { label: t.reason, required: true } }}
                  onSubmit={(v) => run('ConsoleReleaseCreditHold', { accountId: a.id, reason: v.reason })}
                  onDone={() => setVersion(version + 1)}
                />
              ) : (
                <Action
                  name={t.placeHold}
                  fields={{ reason: { label: t.reason, required: true } }}
                  onSubmit={(v) => run('ConsolePlaceCreditHold', { accountId: a.id, reason: v.reason })}
                  onDone={() => setVersion(version + 1)}
                />
              ))}
          </section>
        )}
        {a.contacts && (
          <section aria-labelledby="contacts">
            <h2 id="contacts">{t.contacts}</h2>
            {a.contacts.length === 0 ? (
              <p className="muted">{t.none}</p>
            ) : (
              <ul className="list">
                {a.contacts.map((c) => (
                  <li key={c.id}>
                    <strong>{c.name}</strong>
                    {c.title && <span className="muted">{c.title}</span>}
                    {c.phone && <span>{c.phone}</span>}
                    {c.decisionMaker && <Badge tone="blue">{t.decisionMaker}</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {a.activities && (
          <section aria-labelledby="activities">
            <h2 id="activities">{t.activities}</h2>
            {a.activities.edges.length === 0 ? (
              <p className="muted">{t.none}</p>
            ) : (
              <ul className="list">
                {a.activities.edges.map(({ node: s }) => (
                  <li key={s.id}>
                    <span className="muted">{i.dateTime(s.occurredAt)}</span>
                    <strong>{i.label(s.kind)}</strong>
                    {s.purpose && <span>{s.purpose}</span>}
                    {s.outcome && <span className="muted">{s.outcome}</span>}
                    {s.nextStep && (
                      <span>
                        → {s.nextStep}
                        {s.nextStepOn ? ` (${i.date(s.nextStepOn)})` : ''}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {a.contracts && (
          <section aria-labelledby="contracts">
            <h2 id="contracts">{t.contracts}</h2>
            {a.contracts.length === 0 ? (
              <p className="muted">{t.none}</p>
            ) : (
              <ul className="list">
                {a.contracts.map((c) => (
                  <li key={c.id}>
                    <strong>{c.reference}</strong>
                    <Badge tone={c.status === 'ACTIVE' ? 'green' : 'grey'}>{i.label(c.status)}</Badge>
                    <span className="muted">
                      {i.date(c.validFrom)} – {i.date(c.validTo)}
                    </span>
                    <span>
                      {i.number(c.performance.actualRoomNights)}
                      {c.roomNightCommitment != null ? ` / ${i.number(c.roomNightCommitment)}` : ''} {t.roomNights}
                      {c.performance.ratio != null ? ` (${percent(c.performance.ratio)})` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {data.salesTargets && (
          <section aria-labelledby="targets">
            <h2 id="targets">{t.targets}</h2>
            {data.salesTargets.length === 0 ? (
              <p className="muted">{t.none}</p>
            ) : (
              <ul className="list">
                {data.salesTargets.map((g) => (
                  <li key={g.id}>
                    <span className="muted">
                      {i.label(g.periodKind)} {i.date(g.periodStart)} – {i.date(g.periodEnd)}
                    </span>
                    {g.revenueTarget && (
                      <span>
                        {i.money(g.progress.revenue)} / {i.money(g.revenueTarget)} ({percent(g.progress.revenueRatio)})
                      </span>
                    )}
                    {g.roomNightTarget != null && (
                      <span>
                        {i.number(g.progress.roomNights)} / {i.number(g.roomNightTarget)} {t.roomNights} (
                        {percent(g.progress.roomNightRatio)})
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </div>
      {a.credit?.paymentPromises && (
        <section aria-labelledby="promises">
          <h2 id="promises">{t.promises}</h2>
          {a.credit.paymentPromises.edges.length === 0 ? (
            <p className="muted">{t.none}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.promiseDate}</th>
                  <th scope="col" className="num">
                    {t.amount}
                  </th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{t.note}</th>
                  <th scope="col">{t.recorded}</th>
                </tr>
              </thead>
              <tbody>
                {a.credit.paymentPromises.edges.map(({ node: p }) => (
                  <tr key={p.id}>
                    <td>{i.date(p.promisedFor)}</td>
                    <td className="num">{i.money(p.amount)}</td>
                    <td>
                      <Badge tone={p.status === 'BROKEN' ? 'red' : p.status === 'KEPT' ? 'green' : 'blue'}>
                        {i.label(p.status === 'OPEN' ? 'PROMISE_OPEN' : p.status)}
                      </Badge>
                      {p.settledOn && <span className="muted"> {i.date(p.settledOn)}</span>}
                    </td>
                    <td>{p.note ?? ''}</td>
                    <td>
                      {i.date(p.recordedOn)} · {p.recordedBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Action
            name={t.recordPromise}
            fields={{
              amount: { label: t.amount, required: true, inputMode: 'decimal' },
              promisedFor: { label: t.promisedFor, required: true },
              note: { label: t.note },
            }}
            onSubmit={(v) =>
              run('ConsoleRecordPaymentPromise', {
                accountId: a.id,
                amount: v.amount.trim(),
                promisedFor: v.promisedFor.trim(),
                note: v.note || undefined,
              })
            }
            onDone={() => setVersion(version + 1)}
          />
        </section>
      )}
      {a.credit?.invoices && (
        <section aria-labelledby="invoices">
          <h2 id="invoices">{t.openInvoices}</h2>
          <InvoiceTable
            invoices={a.credit.invoices.edges.map((e) => e.node)}
            onChanged={() => setVersion(version + 1)}
          />
        </section>
      )}
    </article>
  );
}

function Pair({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

type Buckets = Record<'current' | 'days1To30' | 'days31To60' | 'days61To90' | 'over90' | 'total', string>;
const BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90', 'total'] as const;

/** Aging per account; an account's row opens its open invoices, where finance opens and settles disputes. */
function Receivables() {
  const i = useI18n();
  const { t } = i;
  const [opened, setOpened] = useState<string | undefined>();
  const { data, error } = useQuery<ConsoleReceivablesQuery>('ConsoleReceivables', { first: 200 }, '');
  if (!data) return <Loading error={error} />;
  const aging = data.creditAging;
  if (!aging) return <p>{t.notFound}</p>;
  const cells = (b: Buckets) =>
    BUCKETS.map((k) => (
      <td key={k} className="num">
        {i.money(b[k])}
      </td>
    ));
  const accounts = aging.accountsConnection.edges.map((e) => e.node);
  return (
    <Page
      title={t.receivables}
      lead={
        <>
          {t.asOf} {i.date(aging.asOf)}
        </>
      }
    >
      {accounts.length === 0 ? (
        <p className="muted">{t.noReceivables}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.account}</th>
              {BUCKETS.map((k) => (
                <th scope="col" key={k} className="num">
                  {t[k]}
                </th>
              ))}
              <th scope="col">{t.invoices}</th>
            </tr>
          </thead>
          {accounts.map((a) => (
            <tbody key={a.accountId}>
              <tr>
                <th scope="row">
                  <a href={href(`accounts/${encodeURIComponent(a.accountId)}`)} onClick={onLinkClick}>
                    {a.account.name}
                  </a>
                </th>
                {cells(a.aging)}
                <td>
                  <button
                    type="button"
                    className="secondary small"
                    aria-expanded={opened === a.accountId}
                    aria-controls={opened === a.accountId ? `invoices-${a.accountId}` : undefined}
                    aria-label={t.invoicesOf(a.account.name)}
                    onClick={() => setOpened(opened === a.accountId ? undefined : a.accountId)}
                  >
                    {t.invoices}
                  </button>
                </td>
              </tr>
              {opened === a.accountId && (
                <tr className="expanded">
                  <td colSpan={BUCKETS.length + 2}>
                    <section id={`invoices-${a.accountId}`} aria-label={t.invoicesOf(a.account.name)}>
                      <AccountInvoices accountId={a.accountId} />
                    </section>
                  </td>
                </tr>
              )}
            </tbody>
          ))}
          <tfoot>
            <tr>
              <th scope="row">{t.total}</th>
              {cells(aging.totals)}
              <td />
            </tr>
          </tfoot>
        </table>
      )}
    </Page>
  );
}
