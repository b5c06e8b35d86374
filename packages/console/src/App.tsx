import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { session, whenUnauthenticated } from './graphql';
import { I18nContext, initialLang, LANG_NAMES, type Lang, makeI18n, useI18n } from './i18n';
import { SignIn } from './pages/SignIn';
import { type Department, departmentsOf, may } from './roles';
import { href, navigate, onLinkClick, usePath } from './router';
import { GuestSearch } from './Search';

// The sign-in page and the frame load first; each page's code when it is first opened.
const GuestPage = lazy(() => import('./pages/Guest').then((m) => ({ default: m.GuestPage })));
const AccountPage = lazy(() => import('./pages/Department').then((m) => ({ default: m.AccountPage })));
const CasePage = lazy(() => import('./pages/Case').then((m) => ({ default: m.CasePage })));
const LoyaltyPage = lazy(() => import('./pages/Loyalty').then((m) => ({ default: m.LoyaltyPage })));
const OverviewPage = lazy(() => import('./pages/Overview').then((m) => ({ default: m.OverviewPage })));
const RegisterPage = lazy(() => import('./pages/Register').then((m) => ({ default: m.RegisterPage })));
const SurveysPage = lazy(() => import('./pages/Surveys').then((m) => ({ default: m.SurveysPage })));
const DepartmentPage = lazy(() => import('./pages/Department').then((m) => ({ default: m.Department })));

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo(
    () =>
      makeI18n(lang, (l) => {
        localStorage.setItem('console.lang', l);
        setLangState(l);
      }),
    [lang],
  );
  const [signedIn, setSignedIn] = useState(() => Boolean(session.token));
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t.title;
  }, [lang, i18n]);
  useEffect(
    () =>
      whenUnauthenticated(() => {
        setNotice('sessionEnded');
        setSignedIn(false);
      }),
    [],
  );
  return (
    <I18nContext.Provider value={i18n}>
      {signedIn ? (
        <Signed
          onSignOut={() => {
            session.clear();
            setNotice(undefined);
            setSignedIn(false);
            navigate('');
          }}
        />
      ) : (
        <>
          <header>
            <LanguageSwitch />
          </header>
          <SignIn
            notice={notice === 'sessionEnded' ? i18n.t.sessionEnded : undefined}
            onSignedIn={() => {
              setNotice(undefined);
              setSignedIn(true);
            }}
          />
        </>
      )}
    </I18nContext.Provider>
  );
}

function Signed({ onSignOut }: { onSignOut(): void }) {
  const { t } = useI18n();
  const roles = session.roles();
  const path = usePath();
  const departments = departmentsOf(roles);
  // The start page asks the graph nothing: an expired token is found by the first page that does.
  const [section, id] = path.split('/');
  return (
    <>
      <header>
        <nav aria-label={t.departments}>
          <ul>
            {departments.map((d) => (
              <li key={d}>
                <a href={href(d)} onClick={onLinkClick} aria-current={section === d ? 'page' : undefined}>
                  {t[d]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {may(roles).search && <GuestSearch />}
        <span className="spacer" />
        <LanguageSwitch />
        <button type="button" onClick={onSignOut}>
          {t.signOut}
        </button>
      </header>
      <main>
        <Suspense fallback={<p>{t.loading}</p>}>
          {section === 'guests' && id ? (
            <GuestPage key={id} id={decodeURIComponent(id)} roles={roles} />
          ) : section === 'cases' && id && departments.includes('cases') ? (
            <CasePage key={id} id={decodeURIComponent(id)} roles={roles} />
          ) : section === 'register' && may(roles).frontDesk ? (
            <RegisterPage />
          ) : section === 'surveys' && departments.includes('surveys') ? (
            <SurveysPage key={id ?? ''} stayId={id && may(roles).search ? decodeURIComponent(id) : undefined} />
          ) : section === 'overview' && departments.includes('overview') ? (
            <OverviewPage />
          ) : section === 'loyalty' && departments.includes('loyalty') ? (
            <LoyaltyPage key={id ?? ''} number={id ? decodeURIComponent(id) : undefined} />
          ) : section === 'accounts' &&
            id &&
            (departments.includes('accounts') || departments.includes('receivables')) ? (
            <AccountPage key={id} id={decodeURIComponent(id)} roles={roles} />
          ) : departments.includes(section as never) ? (
            <DepartmentPage department={section as (typeof departments)[number]} roles={roles} />
          ) : (
            <Home departments={departments} desk={may(roles).frontDesk} />
          )}
        </Suspense>
      </main>
    </>
  );
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <label>
      <span className="visually-hidden">{t.language}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {(Object.keys(LANG_NAMES) as Lang[]).map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

function Home({ departments, desk }: { departments: Department[]; desk: boolean }) {
  const { t } = useI18n();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t.welcome}</h1>
      <p className="lead">{t.home}</p>
      <ul className="tiles">
        {departments.map((d) => (
          <li key={d}>
            <a href={href(d)} onClick={onLinkClick}>
              <strong>{t[d]}</strong>
              <span>{t[`${d}Hint`]}</span>
            </a>
          </li>
        ))}
        {desk && (
          <li>
            <a href={href('register')} onClick={onLinkClick}>
              <strong>{t.registerGuest}</strong>
              <span>{t.registerHint}</span>
            </a>
          </li>
        )}
      </ul>
    </section>
  );
}
