import { type ReactNode, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { may, type Department as Name } from '../roles';
import { href, onLinkClick } from '../router';
import { Badge, Loading, Page, useAnswer } from '../ui';
import { ArrivalsPage } from './Arrivals';

export function Department({ department, roles }: { department: Name; roles: string[] }) {
  switch (department) {
    case 'arrivals':
      return <ArrivalsPage roles={roles} />;
    case 'cases':
      return <Cases />;
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

interface CaseRow {
  id: string;
  category: string;
  severity: string;
  status: string;
  dueAt: string;
  resolveBreached: boolean;
  guest: { id: string; fullName: string | null };
}

function Cases() {
  const i = useI18n();
  const { t } = i;
  const { data, error } = useQuery<{ cases: { edges: { node: CaseRow }[] } }>('ConsoleOpenCases', { first: 200 }, '');
  if (!data) return <Loading error={error} />;
  const rows = data.cases.edges.map((e) => e.node).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <Page title={t.cases}>
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

interface AccountRow {
  id: string;
  name: string;
  grade: string | null;
  lastContactAt: string | null;
  contactCadenceDays: number;
}

function Accounts() {
  const i = useI18n();
  const { t } = i;
  const [after, setAfter] = useState<string | undefined>();
  const [rows, setRows] = useState<AccountRow[]>([]);
  const { data, error } = useQuery<{
    accounts: { edges: { node: AccountRow }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }>('ConsoleAccounts', { first: 50, after }, after ?? '');
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
              <td>{a.grade ?? ''}</td>
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

interface AccountDetail {
  id: string;
  name: string;
  grade: string | null;
  production: { from: string; to: string; stays: number; roomNights: number; revenue: string };
  credit?: { hasTerms: boolean; limit: string; outstanding: string; available: string; status: string } | null;
}

export function AccountPage({ id, roles }: { id: string; roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const credit = may(roles).credit;
  const { data, error } = useQuery<{ account: AccountDetail | null }>('ConsoleAccount', { id, credit }, id);
  if (!data) return <Loading error={error} />;
  const a = data.account;
  if (!a) return <p>{t.notFound}</p>;
  return (
    <article>
      <h1>{a.name}</h1>
      {a.grade && (
        <p>
          {t.grade}: {a.grade}
        </p>
      )}
      <section aria-labelledby="production">
        <h2 id="production">{t.production}</h2>
        <dl>
          <Pair label={t.period}>
            {i.date(a.production.from)} – {i.date(a.production.to)}
          </Pair>
          <Pair label={t.staysCount}>{a.production.stays}</Pair>
          <Pair label={t.roomNights}>{a.production.roomNights}</Pair>
          <Pair label={t.revenue}>{i.money(a.production.revenue)}</Pair>
        </dl>
      </section>
      {credit && (
        <section aria-labelledby="credit">
          <h2 id="credit">{t.credit}</h2>
          {a.credit?.hasTerms ? (
            <dl>
              <Pair label={t.limit}>{i.money(a.credit.limit)}</Pair>
              <Pair label={t.outstanding}>{i.money(a.credit.outstanding)}</Pair>
              <Pair label={t.available}>{i.money(a.credit.available)}</Pair>
              <Pair label={t.status}>{i.label(a.credit.status)}</Pair>
            </dl>
          ) : (
            <p className="muted">{t.noTerms}</p>
          )}
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

function Receivables() {
  const i = useI18n();
  const { t } = i;
  const { data, error } = useQuery<{
    creditAging: {
      asOf: string;
      totals: Buckets;
      accountsConnection: { edges: { node: { accountId: string; account: { name: string }; aging: Buckets } }[] };
    } | null;
  }>('ConsoleReceivables', { first: 200 }, '');
  if (!data) return <Loading error={error} />;
  const aging = data.creditAging;
  if (!aging) return <p>{t.notFound}</p>;
  const row = (label: ReactNode, b: Buckets, key: string) => (
    <tr key={key}>
      <th scope="row">{label}</th>
      {BUCKETS.map((k) => (
        <td key={k} className="num">
          {i.money(b[k])}
        </td>
      ))}
    </tr>
  );
  return (
    <Page title={t.receivables}>
      <p>
        {t.asOf} {i.date(aging.asOf)}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t.account}</th>
            {BUCKETS.map((k) => (
              <th scope="col" key={k} className="num">
                {t[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {aging.accountsConnection.edges.map(({ node: a }) =>
            row(
              <a href={href(`accounts/${encodeURIComponent(a.accountId)}`)} onClick={onLinkClick}>
                {a.account.name}
              </a>,
              a.aging,
              a.accountId,
            ),
          )}
        </tbody>
        <tfoot>{row(t.total, aging.totals, 'total')}</tfoot>
      </table>
    </Page>
  );
}
