import type { ReactNode } from 'react';
import type {
  ConsoleAccountsQuery,
  ConsoleArrivalsQuery,
  ConsoleOpenCasesQuery,
  ConsoleReceivablesQuery,
} from '../graph.generated';
import { useI18n } from '../i18n';
import { href, onLinkClick } from '../router';
import { Badge, Page, Unavailable, useAnswer } from '../ui';

// The overview reuses the department pages' operations: their generated types.
type Arrivals = ConsoleArrivalsQuery;
type Cases = ConsoleOpenCasesQuery;
type Receivables = ConsoleReceivablesQuery;
type Accounts = ConsoleAccountsQuery;

/**
 * The manager's morning: the house and its VIPs, breached complaints, what is owed, and whether sales keeps
 * its contact cadence. Each panel asks on its own, so a service that is down empties only its panel.
 */
export function OverviewPage() {
  const { t } = useI18n();
  return (
    <Page title={t.overview}>
      <div className="guest-grid">
        <ArrivalsPanel />
        <CasesPanel />
        <ReceivablesPanel />
        <CadencePanel />
      </div>
    </Page>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Figure({ value, label, tone }: { value: ReactNode; label: string; tone?: 'red' }) {
  return (
    <div className={`figure ${tone ?? ''}`}>
      <strong>{value}</strong>
      <span>{label}</span>
    </div>
  );
}

function ArrivalsPanel() {
  const i = useI18n();
  const { t } = i;
  const { answer, error } = useAnswer<Arrivals>('ConsoleArrivals', { first: 500 }, '');
  const rows = answer?.data.arrivals.edges.map((e) => e.node) ?? [];
  const vips = rows.filter((a) => a.guest.vip);
  return (
    <Panel id="overview-arrivals" title={t.todayAndVips}>
      {error || answer?.missing('arrivals') ? (
        <Unavailable />
      ) : !answer ? (
        <p className="muted">{t.loading}</p>
      ) : (
        <>
          <div className="figures">
            <Figure value={rows.filter((a) => a.status === 'ARRIVED').length} label={t.arrivedToday} />
            <Figure value={rows.filter((a) => a.stay?.status === 'IN_HOUSE').length} label={t.inHouse} />
            <Figure value={vips.length} label="VIP" />
          </div>
          {vips.length > 0 && (
            <ul className="list">
              {vips.slice(0, 8).map((a) => (
                <li key={a.stay?.id ?? a.guest.id}>
                  <Badge tone="gold">VIP</Badge>
                  <a href={href(`guests/${encodeURIComponent(a.guest.id)}`)} onClick={onLinkClick}>
                    {a.guest.fullName ?? ''}
                  </a>
                  <span className="muted">{a.roomNumber ?? t.noRoomYet}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

function CasesPanel() {
  const i = useI18n();
  const { t } = i;
  const { answer, error } = useAnswer<Cases>('ConsoleOpenCases', { first: 200 }, '');
  const rows = answer?.data.cases.edges.map((e) => e.node) ?? [];
  const breached = rows
    .filter((c) => c.resolveBreached || new Date(c.dueAt).getTime() < Date.now())
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <Panel id="overview-cases" title={t.breachedSlas}>
      {error || answer?.missing('cases') ? (
        <Unavailable />
      ) : !answer ? (
        <p className="muted">{t.loading}</p>
      ) : (
        <>
          <div className="figures">
            <Figure value={rows.length} label={t.openCases} />
            <Figure value={breached.length} label={t.breached} tone={breached.length ? 'red' : undefined} />
          </div>
          {breached.length > 0 && (
            <ul className="list">
              {breached.slice(0, 8).map((c) => (
                <li key={c.id}>
                  <a href={href(`cases/${encodeURIComponent(c.id)}`)} onClick={onLinkClick}>
                    {i.label(c.category)}
                  </a>
                  <span>{c.guest.fullName ?? ''}</span>
                  <strong className="breached">{i.fromNow(c.dueAt)}</strong>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Panel>
  );
}

const BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;

function ReceivablesPanel() {
  const i = useI18n();
  const { t } = i;
  const { answer, error } = useAnswer<Receivables>('ConsoleReceivables', { first: 1 }, '');
  const aging = answer?.data.creditAging;
  return (
    <Panel id="overview-aging" title={t.agingTotals}>
      {error || answer?.missing('creditAging') ? (
        <Unavailable />
      ) : !answer ? (
        <p className="muted">{t.loading}</p>
      ) : !aging ? (
        <p className="muted">{t.none}</p>
      ) : (
        <dl>
          {BUCKETS.map((k) => (
            <div key={k} className="pair">
              <dt>{t[k]}</dt>
              <dd>{i.money(aging.totals[k])}</dd>
            </div>
          ))}
          <div className="pair total">
            <dt>{t.total}</dt>
            <dd>{i.money(aging.totals.total)}</dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}

function CadencePanel() {
  const i = useI18n();
  const { t } = i;
  const { answer, error } = useAnswer<Accounts>('ConsoleAccounts', { first: 200 }, '');
  const rows = answer?.data.accounts.edges.map((e) => e.node) ?? [];
  const overdue = rows.filter(
    (a) => !a.lastContactAt || new Date(a.lastContactAt).getTime() + a.contactCadenceDays * 86_400_000 < Date.now(),
  );
  const share = rows.length ? Math.round(((rows.length - overdue.length) / rows.length) * 100) : 100;
  return (
    <Panel id="overview-cadence" title={t.cadenceCompliance}>
      {error || answer?.missing('accounts') ? (
        <Unavailable />
      ) : !answer ? (
        <p className="muted">{t.loading}</p>
      ) : (
        <>
          <div className="figures">
            <Figure value={`${share}%`} label={t.contactedOnTime} />
            <Figure value={overdue.length} label={t.dueForContact} tone={overdue.length ? 'red' : undefined} />
          </div>
          <p className="muted">
            {t.ofAccounts} {i.number(rows.length)}
            {answer.data.accounts.pageInfo.hasNextPage ? '+' : ''}
          </p>
        </>
      )}
    </Panel>
  );
}
