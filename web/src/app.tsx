// The dashboard's shell: sign-in, the header with the language switch, the navigation, and the view the URL's
// hash names. One module per view under views/; they share the API client and the signed-in context.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi, ApiError } from './api.js';
import { clearSession, loadSession, saveSession, sessionFor, type Session } from './auth/session.js';
import { saveSelection, savedSelection } from './components/campaign-picker.js';
import { resolveSelection, type Selection } from './derived.js';
import { errorText, Loading } from './components/feedback.js';
import { SignedInContext, useSignedIn, type SignedIn } from './hooks.js';
import { I18nContext, languageNames, useI18n, labelFor, saveLanguage, savedLanguage, translator, type Language } from './i18n/index.js';
import type { LabelKey } from './i18n/en.js';
import { href, useRoute, type Route } from './router.js';
import type { RuntimeConfig } from './runtime-config.js';
import { ApprovalsView } from './views/approvals.js';
import { ExecutionView } from './views/execution.js';
import { ExecutionsView } from './views/executions.js';
import { GapsView } from './views/gaps.js';
import { ImportView, ImportsView } from './views/imports.js';
import { OverviewView } from './views/overview.js';
import { AnomaliesView, AnomalyView } from './views/anomalies.js';
import { StuckView } from './views/stuck.js';
import { SignInView } from './views/sign-in.js';
import { CaseView } from './views/case.js';
import { DelegationsView } from './views/delegations.js';
import { InboxView } from './views/inbox.js';
import { dashboardRoles, isAdmin, isDashboardUser, sectionsFor } from './inbox.js';
import { tabCounts } from './review.js';
import { AttentionContext, useAttention } from './views/attention.js';
import { PeopleView } from './views/people.js';
import { CampDesk, CampsView, CampView } from './views/camps.js';
import { FieldForceView, WorkerView } from './views/field-force.js';

const sections: readonly { path: string; label: LabelKey }[] = [
  { path: 'overview', label: 'navOverview' },
  { path: 'approvals', label: 'navApprovals' },
  { path: 'gaps', label: 'navGaps' },
  { path: 'camps', label: 'navCamps' },
  { path: 'field-force', label: 'navFieldForce' },
  { path: 'executions', label: 'navExecutions' },
  { path: 'imports', label: 'navImports' },
  { path: 'stuck', label: 'navStuck' },
  { path: 'anomalies', label: 'navAnomalies' },
  { path: 'inbox', label: 'navInbox' },
  { path: 'delegations', label: 'navDelegations' },
];

function CurrentView({ route, selection, onSelect, allowed }: { route: Route; selection: Selection; onSelect: (selection: Selection) => void; allowed: readonly string[] }) {
  const [wanted = allowed[0], ...rest] = route.segments;
  // A view the person's roles do not open shows their first one (a DDO following an admin's link gets the inbox).
  const section = wanted !== undefined && allowed.includes(wanted) ? wanted : allowed[0];
  switch (section) {
    case 'inbox':
      return rest.length >= 1 ? <CaseView taskId={rest[0] as string} query={route.query} /> : <InboxView query={route.query} />;
    case 'delegations':
      return <DelegationsView />;
    case 'approvals':
      return <ApprovalsView selection={selection} onSelect={onSelect} />;
    case 'gaps':
      return <GapsView selection={selection} onSelect={onSelect} />;
    case 'camps':
      return <CampsSection campId={rest[0]} route={route} selection={selection} onSelect={onSelect} />;
    case 'field-force':
      return rest.length >= 1 ? <SelectedWorker workerId={rest[0] as string} selection={selection} /> : <FieldForceView selection={selection} onSelect={onSelect} query={route.query} />;
    case 'executions':
      return rest.length >= 2 ? (
        <ExecutionView workflow={rest[0] as string} name={rest[1] as string} query={route.query} />
      ) : (
        <ExecutionsView query={route.query} />
      );
    case 'imports':
      return rest.length >= 1 ? <ImportView importId={rest[0] as string} /> : <ImportsView query={route.query} />;
    case 'stuck':
      return <StuckView query={route.query} />;
    case 'people':
      return <PeopleView query={route.query} />;
    case 'anomalies':
      return rest.length >= 1 ? <AnomalyView anomalyId={rest[0] as string} /> : <AnomaliesView query={route.query} />;
    default:
      return <OverviewView selection={selection} onSelect={onSelect} />;
  }
}

/** The camps: an admin's calendar and camp pages; an operator's desk at the camp their link names. */
function CampsSection({ campId, route, selection, onSelect }: { campId: string | undefined; route: Route; selection: Selection; onSelect: (selection: Selection) => void }) {
  const { me } = useSignedIn();
  if (!isAdmin(me)) return <CampDesk campId={campId} />;
  return campId === undefined ? <CampsView selection={selection} onSelect={onSelect} query={route.query} /> : <CampView campId={campId} query={route.query} />;
}

/** A worker's page, in the campaign and district the views have chosen. */
function SelectedWorker({ workerId, selection }: { workerId: string; selection: Selection }) {
  const { me, campaigns } = useSignedIn();
  const { campaign, district } = resolveSelection(campaigns, me, selection, true);
  return <WorkerView workerId={workerId} campaign={campaign} district={district} />;
}

/** The navigation with each tab's count of what waits there (GET /v1/admin/attention), and the view. */
function SignedInShell({ selection, section, allowed, children }: { selection: Selection; section: string | undefined; allowed: readonly string[]; children: ComponentChildren }) {
  const { me, campaigns } = useSignedIn();
  const { t } = useI18n();
  const { campaign, district } = resolveSelection(campaigns, me, selection, false);
  const attention = useAttention(isAdmin(me) ? campaign?.campaignId : undefined, district, section);
  const counts = attention?.data === undefined ? {} : tabCounts(attention.data);
  return (
    <AttentionContext.Provider value={attention}>
      <nav class="site-nav" aria-label={t('mainNavigation')}>
        <ul>
          {sections.filter((entry) => allowed.includes(entry.path)).map((entry) => {
            const count = counts[entry.path];
            return (
              <li>
                {/* The count is drawn by CSS from data-count, so the tab's name stays its label (and the count is read after it). */}
                <a
                  href={href([entry.path])}
                  aria-current={section === entry.path ? 'page' : undefined}
                  data-tab={entry.path}
                  data-count={count === undefined || count === 0 ? undefined : String(count)}
                  title={count === undefined || count === 0 ? undefined : t('tabCount', { count })}
                >
                  {t(entry.label)}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </AttentionContext.Provider>
  );
}

export function App({ config, onOidcSignIn, onOidcSignOut, signInNotice }: { config: RuntimeConfig; onOidcSignIn: () => void; onOidcSignOut: () => void; signInNotice?: string }) {
  const [language, setLanguageState] = useState<Language>(savedLanguage);
  const t = useMemo(() => translator(language), [language]);
  const i18n = useMemo(
    () => ({
      language,
      t,
      setLanguage: (next: Language) => {
        saveLanguage(next);
        setLanguageState(next);
      },
    }),
    [language, t],
  );
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appTitle');
  }, [language, t]);

  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>();
  const [notice, setNotice] = useState<string | undefined>(signInNotice === undefined ? undefined : t('signInFailed', { message: signInNotice }));
  const [selection, setSelection] = useState<Selection>(savedSelection);
  const route = useRoute();

  const signOut = (why?: string) => {
    clearSession();
    setSession(undefined);
    setSignedIn(undefined);
    setNotice(why);
    if (why === undefined && config.auth.mode === 'oidc' && session?.via === 'oidc') onOidcSignOut();
  };

  useEffect(() => {
    if (session === undefined) return;
    let current = true;
    // Once signed in, a 401 means the token has expired or been revoked; before, the check below says why.
    let accepted = false;
    const api = createApi({
      baseUrl: config.apiBaseUrl,
      token: () => session.token,
      onUnauthorized: () => {
        if (current && accepted) signOut(t('sessionExpired'));
      },
    });
    void (async () => {
      try {
        const me = await api.me();
        if (!isDashboardUser(me)) {
          if (current) signOut(t('noDashboardRole'));
          return;
        }
        // Campaigns are an admin's: a DDO or verifier has the inbox only.
        const campaigns = isAdmin(me) ? await api.campaigns() : { items: [] };
        if (current) {
          accepted = true;
          setSignedIn({ api, me, campaigns: campaigns.items });
          setNotice(undefined);
        }
      } catch (error) {
        if (current) signOut(error instanceof ApiError && error.status === 401 ? t('tokenRejected', { message: errorText(t, error) }) : t('couldNotLoad', { message: errorText(t, error as Error) }));
      }
    })();
    return () => {
      current = false;
    };
    // A new session signs in again; the language does not.
  }, [session?.token]);

  const acceptToken = (token: string, via: 'development' | 'pasted') => {
    const next = sessionFor(token, via);
    saveSession(next);
    setSession(next);
  };
  const select = (next: Selection) => {
    saveSelection(next);
    setSelection(next);
  };
  // The people behind a count open from the campaign views: a route of its own, not a tab.
  const allowed = signedIn === undefined ? [] : sectionsFor(signedIn.me, [...sections.map((entry) => entry.path), 'people']);
  const [section = allowed[0]] = route.segments;

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip-link" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('skipToContent')}
      </a>
      <header class="site-header">
        <div class="site-title">
          <h1>{t('appTitle')}</h1>
          {config.engine === 'embedded' ? <span class="badge badge-info">{t('engineEmbedded')}</span> : null}
        </div>
        <div class="header-tools">
          <div class="language-switch" role="group" aria-label={t('language')}>
            {(Object.keys(languageNames) as Language[]).map((option) => (
              <button type="button" class="button button-small" lang={option} aria-pressed={language === option} data-language={option} onClick={() => i18n.setLanguage(option)}>
                {languageNames[option]}
              </button>
            ))}
          </div>
          {signedIn === undefined ? null : (
            <div class="who">
              <span class="small">
                {t('signedInAs', { who: signedIn.me.roles.filter((role) => (dashboardRoles as readonly string[]).includes(role)).map((role) => labelFor(t, 'role', role)).join(', ') })}
                {[...signedIn.me.ddoCodes, ...signedIn.me.districts].map((scope) => ` · ${scope}`).join('')}
              </span>{' '}
              <button type="button" class="button button-small button-quiet" onClick={() => signOut()}>
                {t('signOut')}
              </button>
            </div>
          )}
        </div>
      </header>
      {signedIn === undefined ? (
        <main id="main" tabIndex={-1}>
          {session === undefined ? <SignInView config={config} {...(notice === undefined ? {} : { notice })} onToken={acceptToken} onOidc={onOidcSignIn} /> : <Loading />}
        </main>
      ) : (
        <SignedInContext.Provider value={signedIn}>
          <SignedInShell selection={selection} section={section} allowed={allowed}>
            <CurrentView route={route} selection={selection} onSelect={select} allowed={allowed} />
          </SignedInShell>
        </SignedInContext.Provider>
      )}
    </I18nContext.Provider>
  );
}
