import { type FormEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { type ConsoleGuestQuery, type ConsoleRecordPreferenceMutation, PreferenceCategory } from '../graph.generated';
import { type Answer, ask, GraphFailure, run } from '../graphql';
import { useI18n } from '../i18n';
import { departmentsOf, may } from '../roles';
import { href, onLinkClick } from '../router';
import { Badge, Loading, Unavailable } from '../ui';
import { Timeline } from './Timeline';

type Guest = NonNullable<ConsoleGuestQuery['guest']>;
type Stay = Guest['stays'][number];

// The categories the graph knows, in the schema's order (generated from the composed schema: one list, the guests
// service's enum, never a copy to keep in step).
const CATEGORIES: readonly PreferenceCategory[] = Object.values(PreferenceCategory);
const PAYMENT_METHODS = ['CASH', 'CARD', 'MOBILE', 'DIRECT_BILL', 'VOUCHER'];

export function GuestPage({ id, roles }: { id: string; roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const can = may(roles);
  const [guest, setGuest] = useState<Guest | null | undefined>();
  const heading = useRef<HTMLHeadingElement>(null);
  const [missing, setMissing] = useState<Answer<unknown>['missing']>(() => () => false);
  const [error, setError] = useState<string | undefined>();
  const load = useCallback(
    () =>
      ask<ConsoleGuestQuery>('ConsoleGuest', { id, contacts: can.contacts, idDocument: can.idDocument })
        .then((a) => {
          setGuest(a.data.guest);
          setMissing(() => a.missing);
        })
        .catch((e: Error) => setError(e.message)),
    [id, can.contacts, can.idDocument],
  );
  useEffect(() => {
    load();
  }, [load]);
  // Opened from the search, the focus starts at the guest's name: the keyboard goes on from there.
  const loaded = guest?.id;
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);
  if (error) return <Loading error={error} />;
  if (guest === undefined) return <Loading />;
  if (guest === null) return <p className="empty">{t.notFound}</p>;
  const inHouse = guest.stays.find((s) => s.status === 'IN_HOUSE');
  const surveys = departmentsOf(roles).includes('surveys');
  return (
    <article>
      <div className="profile panel">
        <div>
          {/* The heading is the name alone: staff and screen readers find the guest by it. */}
          <div className="title">
            <h1 ref={heading} tabIndex={-1}>
              {guest.fullName ?? ''}
            </h1>
            {guest.vip && <Badge tone="gold">VIP</Badge>}
            {inHouse && (
              <Badge tone="green">
                {i.label('IN_HOUSE')}
                {inHouse.roomNumber ? ` · ${inHouse.roomNumber}` : ''}
              </Badge>
            )}
          </div>
          <dl>
            {can.contacts && guest.phone && <Field label={t.phone}>{guest.phone}</Field>}
            {can.contacts && guest.email && <Field label={t.email}>{guest.email}</Field>}
            {can.contacts && guest.birthDate && <Field label={t.birthDate}>{i.date(guest.birthDate)}</Field>}
            {guest.idDocument && (
              <Field label={t.idDocument}>
                {i.label(guest.idDocument.type)} {guest.idDocument.maskedNumber}
              </Field>
            )}
          </dl>
        </div>
        {can.frontDesk && <FrontDesk guestId={guest.id} inHouse={inHouse} onDone={load} />}
      </div>
      <div className="guest-grid">
        <section aria-labelledby="preferences">
          <h2 id="preferences">{t.preferences}</h2>
          {guest.preferences.length === 0 ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ul className="chips">
              {guest.preferences.map((p) => (
                <li key={p.id}>
                  <span className="chip-label">{i.label(p.category)}</span> {p.value}
                </li>
              ))}
            </ul>
          )}
          {guest.observations.some((o) => !o.preference) && (
            <>
              <h3>{t.observed}</h3>
              <ul className="list">
                {guest.observations
                  .filter((o) => !o.preference)
                  .map((o) => (
                    <li key={o.id}>
                      <span>
                        <span className="chip-label">{i.label(o.category)}</span> {o.value}
                      </span>
                      <span className="muted">
                        {i.label(o.department)} · {i.dateTime(o.observedAt)}
                      </span>
                    </li>
                  ))}
              </ul>
            </>
          )}
          {can.recordPreference && (
            <RecordPreference
              guestId={guest.id}
              onSaved={(p) =>
                setGuest({ ...guest, preferences: [...guest.preferences.filter((x) => x.category !== p.category), p] })
              }
            />
          )}
        </section>
        <section aria-labelledby="stays">
          <h2 id="stays">{t.stays}</h2>
          {guest.stays.length === 0 ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ul className="list">
              {guest.stays.map((s) => (
                <li key={s.id}>
                  <span>
                    {i.date(s.arrivalDate)} – {i.date(s.departureDate)}
                  </span>
                  <span>
                    {i.label(s.roomType)}
                    {s.roomNumber ? ` · ${s.roomNumber}` : ''}
                  </span>
                  <Badge tone={s.status === 'IN_HOUSE' ? 'green' : 'grey'}>{i.label(s.status)}</Badge>
                  {s.totalSpend && <span className="money">{i.money(s.totalSpend)}</span>}
                  {s.status === 'CHECKED_OUT' && surveys && (
                    <a href={href(`surveys/${encodeURIComponent(s.id)}`)} onClick={onLinkClick}>
                      {t.survey}
                    </a>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="loyalty">
          <h2 id="loyalty">{t.loyalty}</h2>
          {missing('guest', 'membership') ? (
            <Unavailable />
          ) : guest.membership ? (
            <p>
              <Badge tone="gold">{i.label(guest.membership.tier)}</Badge> {i.number(guest.membership.pointsBalance)}{' '}
              {t.points}
              {guest.membership.number && (
                <>
                  {' · '}
                  {departmentsOf(roles).includes('loyalty') ? (
                    <a href={href(`loyalty/${guest.membership.number}`)} onClick={onLinkClick}>
                      {t.member} {guest.membership.number}
                    </a>
                  ) : (
                    `${t.member} ${guest.membership.number}`
                  )}
                </>
              )}
            </p>
          ) : (
            <p className="muted">{t.notMember}</p>
          )}
        </section>
        <section aria-labelledby="open-cases">
          <h2 id="open-cases">{t.openCases}</h2>
          {missing('guest', 'openCases') ? (
            <Unavailable />
          ) : !guest.openCases?.length ? (
            <p className="muted">{t.none}</p>
          ) : (
            <ul className="list">
              {guest.openCases.map((c) => (
                <li key={c.id}>
                  <Badge tone={c.severity === 'HIGH' || c.severity === 'CRITICAL' ? 'red' : 'grey'}>
                    {i.label(c.severity)}
                  </Badge>{' '}
                  {i.label(c.category)} · {i.label(c.status)} · {t.due} {i.dateTime(c.dueAt)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <Timeline guestId={guest.id} roles={roles} />
    </article>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Runs a mutation for a form; a refusal shows the graph's message as an alert and leaves the form as it was. */
function useSubmit() {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (e) {
      setError(e instanceof GraphFailure || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}

function RecordPreference({
  guestId,
  onSaved,
}: {
  guestId: string;
  onSaved(p: ConsoleRecordPreferenceMutation['recordPreference']): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [category, setCategory] = useState<PreferenceCategory>(CATEGORIES[0]!);
  const [value, setValue] = useState('');
  const { error, busy, submit } = useSubmit();
  const save = (e: FormEvent) => {
    e.preventDefault();
    submit(async () => {
      const d = await run<ConsoleRecordPreferenceMutation>('ConsoleRecordPreference', {
        guestId,
        input: { category, value },
      });
      onSaved(d.recordPreference);
      setValue('');
    });
  };
  return (
    <form aria-label={t.recordPreference} onSubmit={save}>
      <h3>{t.recordPreference}</h3>
      <label>
        {t.category}
        <select value={category} onChange={(e) => setCategory(e.target.value as PreferenceCategory)}>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {i.label(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.value}
        <input type="text" value={value} onChange={(e) => setValue(e.target.value)} required />
      </label>
      <button type="submit" disabled={busy}>
        {t.savePreference}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

function FrontDesk({ guestId, inHouse, onDone }: { guestId: string; inHouse?: Stay; onDone(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<'checkIn' | 'checkOut' | undefined>();
  const done = () => {
    setOpen(undefined);
    onDone();
  };
  return (
    <div className="actions">
      {open !== 'checkIn' && (
        <button type="button" onClick={() => setOpen('checkIn')}>
          {t.checkIn}
        </button>
      )}
      {inHouse && open !== 'checkOut' && (
        <button type="button" onClick={() => setOpen('checkOut')}>
          {t.checkOut}
        </button>
      )}
      {open === 'checkIn' && <CheckInForm guestId={guestId} onDone={done} onCancel={() => setOpen(undefined)} />}
      {open === 'checkOut' && inHouse && (
        <CheckOutForm stay={inHouse} onDone={done} onCancel={() => setOpen(undefined)} />
      )}
    </div>
  );
}

/** The desk's local calendar date, `days` from today, as YYYY-MM-DD. */
const localDate = (days = 0) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function CheckInForm({ guestId, onDone, onCancel }: { guestId: string; onDone(): void; onCancel(): void }) {
  const i = useI18n();
  const { t } = i;
  const [v, setV] = useState({
    propertyCode: 'SHA01',
    roomType: 'DELUXE_KING',
    roomNumber: '',
    arrivalDate: localDate(),
    departureDate: localDate(1),
    nightlyRate: '',
    paymentMethod: 'CARD',
    accountId: '',
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const { error, busy, submit } = useSubmit();
  const save = (e: FormEvent) => {
    e.preventDefault();
    submit(async () => {
      await run('ConsoleCheckIn', {
        input: {
          guestId,
          ...v,
          roomNumber: v.roomNumber || undefined,
          accountId: v.accountId || undefined,
        },
      });
      onDone();
    });
  };
  const text = (k: keyof typeof v, label: string, type = 'text') => (
    <label>
      {label}
      <input type={type} value={v[k]} onChange={set(k)} />
    </label>
  );
  return (
    <form aria-label={t.checkIn} onSubmit={save}>
      {text('propertyCode', t.propertyCode)}
      {text('roomType', t.roomType)}
      {text('roomNumber', t.roomNumber)}
      {text('arrivalDate', t.arrivalDate, 'date')}
      {text('departureDate', t.departureDate, 'date')}
      {text('nightlyRate', t.nightlyRate)}
      <label>
        {t.paymentMethod}
        <select value={v.paymentMethod} onChange={set('paymentMethod')}>
          {PAYMENT_METHODS.map((m) => (
            <option key={m} value={m}>
              {i.label(m)}
            </option>
          ))}
        </select>
      </label>
      {v.paymentMethod === 'DIRECT_BILL' && text('accountId', t.accountId)}
      <button type="submit" disabled={busy}>
        {t.checkIn}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t.cancel}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}

/** Nightly rate x nights as a Money string, computed in cents (never a float). */
function roomCharge(stay: Pick<Stay, 'nightlyRate' | 'nights'>): string {
  const [whole, fraction = ''] = stay.nightlyRate.split('.');
  const cents = (BigInt(whole ?? '0') * 100n + BigInt((fraction + '00').slice(0, 2))) * BigInt(stay.nights);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

function CheckOutForm({ stay, onDone, onCancel }: { stay: Stay; onDone(): void; onCancel(): void }) {
  const { t } = useI18n();
  // The room at the nightly rate for the nights, proposed for the desk to post (or change), in cents.
  const [room, setRoom] = useState(() => roomCharge(stay));
  const { error, busy, submit } = useSubmit();
  const save = (e: FormEvent) => {
    e.preventDefault();
    submit(async () => {
      await run('ConsoleCheckOut', {
        stayId: stay.id,
        charges: room ? [{ outlet: 'ROOM', amount: room }] : [],
      });
      onDone();
    });
  };
  return (
    <form aria-label={t.checkOut} onSubmit={save}>
      <label>
        {t.roomCharge}
        <input type="text" inputMode="decimal" value={room} onChange={(e) => setRoom(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t.checkOut}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t.cancel}
      </button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
