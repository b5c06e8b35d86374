import { useEffect, useState } from 'react';
import type { ConsoleArrivalsQuery } from '../graph.generated';
import { run } from '../graphql';
import { type TextKey, useI18n } from '../i18n';
import { href, onLinkClick } from '../router';
import { Badge, Loading, Page, useAnswer } from '../ui';
import { PreparationList } from './PreparationList';

type Arrivals = ConsoleArrivalsQuery;
type Arrival = Arrivals['arrivals']['edges'][number]['node'];

/** What a room attendant or a waiter notices most, one tap each; the value is kept in the words shown. */
const ROOM_NOTES = [
  ['PILLOW', 'extraPillow'],
  ['ROOM_TEMPERATURE', 'likesCool'],
  ['ROOM_TEMPERATURE', 'likesWarm'],
  ['TOILETRIES', 'extraTowels'],
] as const;
const TABLE_NOTES = [
  ['TEA_COFFEE', 'greenTea'],
  ['TEA_COFFEE', 'blackCoffee'],
  ['DIET', 'noSpicy'],
  ['DIET', 'vegetarian'],
] as const;

const hasLeft = (a: Arrival) => a.stay?.status === 'CHECKED_OUT';

export function ArrivalsPage({ roles }: { roles: string[] }) {
  const i = useI18n();
  const { t } = i;
  const [after, setAfter] = useState<string | undefined>();
  const [rows, setRows] = useState<Arrival[]>([]);
  const { answer, error } = useAnswer<Arrivals>('ConsoleArrivals', { first: 100, after }, after ?? '');
  useEffect(() => {
    if (answer) setRows((r) => [...(after ? r : []), ...answer.data.arrivals.edges.map((e) => e.node)]);
  }, [answer, after]);
  const notes = roles.includes('HOUSEKEEPING')
    ? ROOM_NOTES
    : roles.includes('FOOD_AND_BEVERAGE')
      ? TABLE_NOTES
      : [...ROOM_NOTES, ...TABLE_NOTES];
  if (!answer && !rows.length) return <Loading error={error} title={t.arrivals} />;
  const arrived = rows.filter((a) => a.status === 'ARRIVED').length;
  // A guest who came and left the same day (a day use) has no room to prepare now: after those in house.
  const shown = [...rows].sort((a, b) => Number(hasLeft(a)) - Number(hasLeft(b)));
  const inHouse = rows.filter((a) => a.stay?.status === 'IN_HOUSE').length;
  const expected = rows.filter((a) => a.status === 'EXPECTED').length;
  const left = rows.filter(hasLeft).length;
  return (
    <Page
      title={t.arrivals}
      lead={
        answer && (
          <>
            {i.date(answer.data.arrivals.date)}
            {expected > 0 && ` · ${i.label('EXPECTED')}: ${expected}`} · {t.arrivedToday}: {arrived} · {t.inHouse}:{' '}
            {inHouse}
            {left > 0 && ` · ${t.left}: ${left}`}
          </>
        )
      }
    >
      <PreparationList roles={roles} />
      {rows.length === 0 ? (
        <p className="empty">{t.noArrivals}</p>
      ) : (
        <ul className="cards" aria-label={t.arrivals}>
          {shown.map((a) => (
            <ArrivalCard key={a.stay?.id ?? a.guest.id} arrival={a} notes={notes} />
          ))}
        </ul>
      )}
      {answer?.data.arrivals.pageInfo.hasNextPage && (
        <button
          type="button"
          className="secondary"
          onClick={() => setAfter(answer.data.arrivals.pageInfo.endCursor ?? undefined)}
        >
          {t.more}
        </button>
      )}
    </Page>
  );
}

function ArrivalCard({ arrival: a, notes }: { arrival: Arrival; notes: readonly (readonly [string, TextKey])[] }) {
  const i = useI18n();
  const { t } = i;
  const [preferences, setPreferences] = useState(a.guest.preferences);
  const [open, setOpen] = useState(false);
  const [recorded, setRecorded] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const name = a.guest.fullName ?? '';
  const record = async (category: string, value: string) => {
    setError(undefined);
    try {
      await run('ConsoleRecordObservation', {
        guestId: a.guest.id,
        input: { category, value, stayId: a.stay?.id },
      });
      setRecorded(`${i.label(category)}: ${value}`);
      setOpen(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useEffect(() => setPreferences(a.guest.preferences), [a.guest.preferences]);
  return (
    <li className="card arrival">
      <div className="room">
        <span>
          <span className="visually-hidden">{t.roomNumber} </span>
          {/* A guest who left without a room on record never gets one: no "No room yet" then. */}
          {a.roomNumber ?? (hasLeft(a) ? '' : <span className="muted">{t.noRoomYet}</span>)}
        </span>
        <small>{i.label(a.roomType)}</small>
      </div>
      <div className="who">
        <p className="name">
          <a href={href(`guests/${encodeURIComponent(a.guest.id)}`)} onClick={onLinkClick}>
            {name}
          </a>
          {a.guest.vip && <Badge tone="gold">VIP</Badge>}
          {hasLeft(a) ? (
            <Badge tone="grey">{t.left}</Badge>
          ) : (
            <Badge tone={a.status === 'ARRIVED' ? 'green' : 'blue'}>{i.label(a.status)}</Badge>
          )}
        </p>
        <p className="muted">
          {i.date(a.arrivalDate)} – {i.date(a.departureDate)}
        </p>
        {preferences.length > 0 ? (
          <ul className="chips" aria-label={`${t.preferences}: ${name}`}>
            {preferences.map((p) => (
              <li key={p.id}>
                <span className="chip-label">{i.label(p.category)}</span> {p.value}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t.noPreferences}</p>
        )}
        {recorded && (
          <p role="status" className="ok">
            {t.observationRecorded}: {recorded}
          </p>
        )}
        {error && <p role="alert">{error}</p>}
      </div>
      <div className="act">
        <button
          type="button"
          className="secondary"
          aria-expanded={open}
          aria-label={`${t.recordObservation}: ${name}`}
          onClick={() => setOpen(!open)}
        >
          {t.recordObservation}
        </button>
        {open && (
          <fieldset className="quick">
            <legend>{`${t.quickObservations}: ${name}`}</legend>
            {notes.map(([category, key]) => (
              <button key={key} type="button" onClick={() => record(category, t[key])}>
                {t[key]}
              </button>
            ))}
          </fieldset>
        )}
      </div>
    </li>
  );
}
