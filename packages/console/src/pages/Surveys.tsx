import { type FormEvent, useState } from 'react';
import type { ConsoleStaySurveyQuery, ConsoleSubmitSurveyMutation, ConsoleSurveyScoresQuery } from '../graph.generated';
import { run } from '../graphql';
import { type I18n, useI18n } from '../i18n';
import { href, onLinkClick } from '../router';
import { Action, Badge, Loading, Page, useAnswer } from '../ui';

/** The hotel's calendar day (Asia/Shanghai), as the graph's Date: surveys are counted by hotel days. */
function hotelToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}
/** The first day of the month `back` months before the day's. */
function monthStart(day: string, back: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 10);
}

/** Surveys: the scores of a period, or (from a guest's stay) that stay's survey with its answers. */
export function SurveysPage({ stayId }: { stayId?: string }) {
  return stayId ? <StaySurvey stayId={stayId} /> : <SurveyScores />;
}

const percent = (i: I18n, x: number | null) => (x == null ? '—' : `${i.number(Math.round(x * 10) / 10)}%`);
const COLUMNS = ['csatOverall', 'csatRoom', 'csatService', 'csatFoodAndBeverage', 'nps'] as const;

function SurveyScores() {
  const i = useI18n();
  const { t } = i;
  const today = hotelToday();
  const [period, setPeriod] = useState({ from: monthStart(today, 2), to: today, propertyCode: '' });
  const [typed, setTyped] = useState(period);
  const variables = { from: period.from, to: period.to, propertyCode: period.propertyCode || null };
  const { answer, error } = useAnswer<ConsoleSurveyScoresQuery>(
    'ConsoleSurveyScores',
    variables,
    JSON.stringify(variables),
  );
  const show = (e: FormEvent) => {
    e.preventDefault();
    setPeriod({ from: typed.from.trim(), to: typed.to.trim(), propertyCode: typed.propertyCode.trim() });
  };
  const rows = answer?.data.surveyScores;
  return (
    <Page title={t.surveys} lead={t.surveysHint}>
      <form aria-label={t.surveyResults} onSubmit={show} className="lookup">
        <label>
          {t.from}
          <input
            type="text"
            value={typed.from}
            onChange={(e) => setTyped({ ...typed, from: e.target.value })}
            required
          />
        </label>
        <label>
          {t.to}
          <input type="text" value={typed.to} onChange={(e) => setTyped({ ...typed, to: e.target.value })} required />
        </label>
        <label>
          {t.propertyCode}
          <input
            type="text"
            value={typed.propertyCode}
            onChange={(e) => setTyped({ ...typed, propertyCode: e.target.value })}
          />
        </label>
        <button type="submit">{t.show}</button>
      </form>
      <section aria-labelledby="survey-results">
        <h2 id="survey-results">{t.surveyResults}</h2>
        {!rows ? (
          <Loading error={error} />
        ) : rows.length === 0 ? (
          <p className="muted">{t.noSurveyScores}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.propertyCode}</th>
                <th scope="col">{t.month}</th>
                <th scope="col" className="num">
                  {t.responses}
                </th>
                {COLUMNS.map((k) => (
                  <th scope="col" key={k} className="num">
                    {t[k]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.propertyCode}${r.month}`}>
                  <th scope="row">{r.propertyCode}</th>
                  <td>{i.month(r.month)}</td>
                  <td className="num">{i.number(r.responses)}</td>
                  {COLUMNS.map((k) => (
                    <td key={k} className="num">
                      {k === 'nps' ? (r.nps == null ? '—' : i.number(Math.round(r.nps * 10) / 10)) : percent(i, r[k])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}

const FIVE = ['5', '4', '3', '2', '1'];
const ELEVEN = ['10', '9', '8', '7', '6', '5', '4', '3', '2', '1', '0'];

/** A stay's post-stay survey (issued at check-out): its answers, or the form to enter the guest's card. */
function StaySurvey({ stayId }: { stayId: string }) {
  const i = useI18n();
  const { t } = i;
  const [version, setVersion] = useState(0);
  const [recorded, setRecorded] = useState(false);
  const { answer, error } = useAnswer<ConsoleStaySurveyQuery>('ConsoleStaySurvey', { stayId }, `${stayId}:${version}`);
  if (!answer) return <Loading error={error} title={t.postStaySurvey} />;
  const s = answer.data.surveyForStay;
  if (!s) return <Loading error={t.noSurvey} title={t.postStaySurvey} />;
  const score = (n: number | null | undefined, of: number) => (n == null ? '—' : `${n} / ${of}`);
  return (
    <Page
      title={`${t.postStaySurvey}: ${s.guest.fullName ?? ''}`}
      lead={
        <>
          <a href={href(`guests/${encodeURIComponent(s.guest.id)}`)} onClick={onLinkClick}>
            {s.guest.fullName ?? s.guest.id}
          </a>{' '}
          · {s.propertyCode} · {t.departureDate} {i.date(s.departureDate)} · {t.issued} {i.dateTime(s.issuedAt)}
        </>
      }
    >
      {recorded && (
        <p role="status" className="ok">
          {t.answersRecorded}
        </p>
      )}
      {s.submittedAt ? (
        <section aria-labelledby="survey-answers">
          <h2 id="survey-answers">
            {t.answered} {i.dateTime(s.submittedAt)}
          </h2>
          <dl>
            <dt>{t.scoreOverall}</dt>
            <dd>{score(s.overall, 5)}</dd>
            <dt>{t.scoreRoom}</dt>
            <dd>{score(s.room, 5)}</dd>
            <dt>{t.scoreService}</dt>
            <dd>{score(s.service, 5)}</dd>
            <dt>{t.scoreFoodAndBeverage}</dt>
            <dd>{s.foodAndBeverage == null ? t.didNotEatIn : score(s.foodAndBeverage, 5)}</dd>
            <dt>{t.scoreRecommend}</dt>
            <dd>{score(s.recommend, 10)}</dd>
            {s.comment && (
              <>
                <dt>{t.guestComment}</dt>
                <dd>{s.comment}</dd>
              </>
            )}
          </dl>
          {s.case && (
            <p>
              <Badge tone="red">{t.lowScoreCase}</Badge>{' '}
              <a href={href(`cases/${encodeURIComponent(s.case.id)}`)} onClick={onLinkClick}>
                {t.seeTheCase} ({i.label(s.case.status)})
              </a>
            </p>
          )}
        </section>
      ) : (
        <section aria-labelledby="survey-answers">
          <h2 id="survey-answers">{t.notAnswered}</h2>
          <Action
            name={t.recordAnswers}
            fields={{
              overall: { label: t.scoreOverall, options: FIVE },
              room: { label: t.scoreRoom, options: FIVE },
              service: { label: t.scoreService, options: FIVE },
              foodAndBeverage: {
                label: t.scoreFoodAndBeverage,
                options: ['', ...FIVE],
                optionLabels: [t.didNotEatIn, ...FIVE],
              },
              recommend: { label: t.scoreRecommend, options: ELEVEN },
              comment: { label: t.guestComment },
            }}
            onSubmit={(v) =>
              run<ConsoleSubmitSurveyMutation>('ConsoleSubmitSurvey', {
                id: s.id,
                input: {
                  overall: Number(v.overall),
                  room: Number(v.room),
                  service: Number(v.service),
                  foodAndBeverage: v.foodAndBeverage ? Number(v.foodAndBeverage) : undefined,
                  recommend: Number(v.recommend),
                  comment: v.comment || undefined,
                },
              })
            }
            onDone={() => {
              setRecorded(true);
              setVersion((n) => n + 1);
            }}
          />
        </section>
      )}
    </Page>
  );
}
