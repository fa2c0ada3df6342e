// The desk page: scan, verdict, what the card carries; the freshness of the keys and the revocation list; a
// typed card number when the QR is damaged (online only). Every verdict in English and Hindi.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { isWellFormedCardNumber } from '../../../functions/core/card-number.js';
import { startScanner, type Scanner } from './camera.js';
import { verifyQr, type Verdict } from './check.js';
import { languageNames, saveLanguage, savedLanguage, translator, wordFor, type Language, type Translate } from './i18n.js';
import { loadTrust, type Trust } from './trust.js';

type TrustState = { readonly state: 'loading' } | { readonly state: 'ready'; readonly trust: Trust } | { readonly state: 'failed' };

/** How old the keys and list may be when a scan starts before they are fetched again (the API's list is a minute old at most). */
const trustMaxAgeMs = 5 * 60_000;

const locales: Readonly<Record<Language, string>> = { en: 'en-IN', hi: 'hi-IN' };

const formatDay = (language: Language, isoDay: string) =>
  new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeZone: 'Asia/Kolkata' }).format(new Date(`${isoDay}T12:00:00+05:30`));
const formatTime = (language: Language, at: Date) =>
  new Intl.DateTimeFormat(locales[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Kolkata' }).format(at);

const verdictKey = { valid: 'verdict_valid', 'not-valid': 'verdict_not_valid', expired: 'verdict_expired', revoked: 'verdict_revoked' } as const;

const TrustLine = ({ trust, t, language }: { trust: TrustState; t: Translate; language: Language }) => {
  if (trust.state === 'loading') return <p class="trust" data-trust="loading">{t('trustLoading')}</p>;
  if (trust.state === 'failed')
    return (
      <p class="trust trust-bad" role="alert" data-trust="keys-missing">
        {t('keysMissing')}
      </p>
    );
  const { list, asOf, savedCopy } = trust.trust;
  return (
    <>
      <p class="trust" data-trust="ready" data-saved-copy={String(savedCopy)}>
        <span data-field="as-of">{t('trustAsOf', { time: formatTime(language, asOf) })}</span>
        {savedCopy ? <span> ({t('trustSavedCopy')})</span> : null}
        {list?.ok === true ? <span data-field="revoked-count"> · {t('trustListed', { count: list.count })}</span> : null}
      </p>
      {list === undefined ? (
        <p class="trust trust-bad" role="alert" data-list="missing">
          {t('listMissing')}
        </p>
      ) : list.ok ? null : (
        <p class="trust trust-bad" role="alert" data-list="refused" data-reason={list.reason}>
          {t('listRefused')}
        </p>
      )}
    </>
  );
};

const Field = ({ name, label, value, shown, lang }: { name: string; label: string; value: string; shown?: string; lang?: string }) => (
  <div class="field" data-field={name} data-value={value}>
    <dt>{label}</dt>
    <dd {...(lang === undefined ? {} : { lang })}>{shown ?? value}</dd>
  </div>
);

const Result = ({ verdict, t, language }: { verdict: Verdict; t: Translate; language: Language }) => {
  const tone = verdict.verdict === 'valid' ? 'ok' : 'bad';
  let detail: string | undefined;
  if (verdict.verdict === 'not-valid') detail = wordFor(t, 'notValid', verdict.reason);
  else if (verdict.verdict === 'expired') detail = t('expiredOn', { date: formatDay(language, verdict.card.validUntil) });
  else if (verdict.verdict === 'revoked') detail = wordFor(t, 'revoked', verdict.reason);
  else if (!verdict.revocationChecked) detail = t('notCheckedForRevocation');
  return (
    <section class={`result result-${tone}`} data-verdict={verdict.verdict} aria-live="polite">
      <h2 class="verdict">{t(verdictKey[verdict.verdict])}</h2>
      {detail === undefined ? null : (
        <p class="verdict-detail" data-field="detail">
          {detail}
        </p>
      )}
      {verdict.verdict === 'not-valid' ? null : (
        <dl class="card-fields">
          <Field name="name" label={t('field_name')} value={verdict.card.name} lang="en" />
          {verdict.card.nameLocal === undefined ? null : (
            <Field name="nameLocal" label={t('field_nameLocal')} value={verdict.card.nameLocal} lang="hi" />
          )}
          <Field name="yearOfBirth" label={t('field_yearOfBirth')} value={String(verdict.card.yearOfBirth)} />
          <Field name="gender" label={t('field_gender')} value={verdict.card.gender} shown={wordFor(t, 'gender', verdict.card.gender)} />
          <Field name="scheme" label={t('field_scheme')} value={verdict.card.scheme} shown={wordFor(t, 'scheme', verdict.card.scheme)} />
          <Field name="cardNumber" label={t('field_cardNumber')} value={verdict.card.cardNumber} />
          <Field
            name="validity"
            label={t('field_validity')}
            value={`${verdict.card.validFrom}/${verdict.card.validUntil}`}
            shown={t('validRange', { from: formatDay(language, verdict.card.validFrom), until: formatDay(language, verdict.card.validUntil) })}
          />
          <Field name="aadhaarLast4" label={t('field_aadhaarLast4')} value={verdict.card.aadhaarLast4} shown={`XXXX XXXX ${verdict.card.aadhaarLast4}`} />
        </dl>
      )}
    </section>
  );
};

interface CardStatus {
  readonly cardNumber: string;
  readonly status: string;
  readonly scheme?: string;
  readonly validUntil?: string;
  readonly nameMasked?: string;
  readonly yearOfBirth?: number;
  readonly revokedReason?: string;
}

type TypedState =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'answered'; readonly status: CardStatus }
  | { readonly state: 'problem'; readonly problem: 'offline' | 'bad-number' | 'failed'; readonly error?: string };


const TypedCheck = ({ apiBaseUrl, t, language }: { apiBaseUrl: string; t: Translate; language: Language }) => {
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<TypedState>({ state: 'idle' });
  const check = async () => {
    const cardNumber = typed.trim().toUpperCase();
    // The check character catches a mistyped character before anything is asked of the network.
    if (!isWellFormedCardNumber(cardNumber)) return setState({ state: 'problem', problem: 'bad-number' });
    if (!navigator.onLine) return setState({ state: 'problem', problem: 'offline' });
    setState({ state: 'checking' });
    try {
      const response = await fetch(`${apiBaseUrl}/v1/cards/${encodeURIComponent(cardNumber)}/status`, { cache: 'no-store' });
      const body = (await response.json()) as CardStatus & { code?: string; message?: string };
      if (response.status === 404) return setState({ state: 'answered', status: { cardNumber, status: 'NOT_FOUND' } });
      if (!response.ok) return setState({ state: 'problem', problem: 'failed', error: body.message ?? `HTTP ${response.status}` });
      return setState({ state: 'answered', status: body });
    } catch (error) {
      // A fetch that never got an answer: offline, whatever navigator.onLine believed.
      return setState({ state: 'problem', problem: navigator.onLine ? 'failed' : 'offline', error: String(error) });
    }
  };
  return (
    <section class="typed" aria-labelledby="typed-title">
      <h2 id="typed-title">{t('typedTitle')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void check();
        }}
      >
        <label for="card-number">{t('typedLabel')}</label>
        <div class="typed-row">
          <input
            id="card-number"
            name="cardNumber"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            placeholder="UPS-LUC-00001234-7"
            value={typed}
            onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button" disabled={state.state === 'checking'}>
            {state.state === 'checking' ? t('typedChecking') : t('typedCheck')}
          </button>
        </div>
      </form>
      {state.state === 'problem' ? (
        <p class="typed-problem" role="alert" data-problem={state.problem}>
          {state.problem === 'offline'
            ? t('typedNeedsNetwork')
            : state.problem === 'bad-number'
              ? t('typedBadNumber')
              : t('typedFailed', { error: state.error ?? '' })}
        </p>
      ) : null}
      {state.state === 'answered' ? (
        <div class={`result result-${state.status.status === 'VALID' ? 'ok' : 'bad'}`} data-status={state.status.status}>
          <h3 class="verdict">{wordFor(t, 'status', state.status.status)}</h3>
          {state.status.revokedReason === undefined ? null : <p data-field="detail">{wordFor(t, 'revoked', state.status.revokedReason)}</p>}
          {state.status.status === 'NOT_FOUND' ? (
            <p>{t('typedNotFound')}</p>
          ) : (
            <dl class="card-fields">
              <Field name="cardNumber" label={t('field_cardNumber')} value={state.status.cardNumber} />
              {state.status.nameMasked === undefined ? null : <Field name="nameMasked" label={t('field_nameMasked')} value={state.status.nameMasked} />}
              {state.status.yearOfBirth === undefined ? null : (
                <Field name="yearOfBirth" label={t('field_yearOfBirth')} value={String(state.status.yearOfBirth)} />
              )}
              {state.status.scheme === undefined ? null : (
                <Field name="scheme" label={t('field_scheme')} value={state.status.scheme} shown={wordFor(t, 'scheme', state.status.scheme)} />
              )}
              {state.status.validUntil === undefined ? null : (
                <Field name="validUntil" label={t('field_validity')} value={state.status.validUntil} shown={formatDay(language, state.status.validUntil.slice(0, 10))} />
              )}
            </dl>
          )}
        </div>
      ) : null}
    </section>
  );
};

export const VerifierPage = ({ apiBaseUrl }: { apiBaseUrl: string }) => {
  const [language, setLanguage] = useState<Language>(savedLanguage);
  const t = useMemo(() => translator(language), [language]);
  const [trust, setTrust] = useState<TrustState>({ state: 'loading' });
  const [scanning, setScanning] = useState(false);
  const [cameraError, setCameraError] = useState<string | undefined>();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const video = useRef<HTMLVideoElement>(null);
  const scanner = useRef<Scanner | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('title');
  }, [language, t]);

  // Keys and list as the page opens, and again when a scan starts and they are older than a few minutes (a desk
  // keeps the page open all day). A reload that fails keeps what the page has.
  const loadedAt = useRef(0);
  const refreshTrust = (initial: boolean) => {
    loadedAt.current = Date.now();
    loadTrust(apiBaseUrl).then(
      (loaded) => setTrust({ state: 'ready', trust: loaded }),
      () => {
        if (initial) setTrust({ state: 'failed' });
      },
    );
  };
  useEffect(() => {
    refreshTrust(true);
    return () => scanner.current?.stop();
  }, [apiBaseUrl]);

  // A code read before the keys are in waits for them; then the verdict is worked out once.
  const [code, setCode] = useState<string | undefined>();
  useEffect(() => {
    if (code === undefined || trust.state !== 'ready') return;
    const { keys, list } = trust.trust;
    void verifyQr(code, keys, list?.ok === true ? list.revoked : undefined, new Date()).then(setVerdict);
  }, [code, trust]);

  const scan = () => {
    if (video.current === null) return;
    if (Date.now() - loadedAt.current > trustMaxAgeMs) refreshTrust(false);
    setVerdict(undefined);
    setCode(undefined);
    setCameraError(undefined);
    setScanning(true);
    scanner.current = startScanner(
      video.current,
      (text) => {
        setScanning(false);
        setCode(text);
      },
      (error) => {
        setScanning(false);
        setCameraError(error instanceof Error ? error.name : String(error));
      },
    );
  };

  return (
    <main class="verify">
      <header class="verify-header">
        <h1>{t('title')}</h1>
        <div class="language-switch" role="group" aria-label={t('language')}>
          {(Object.keys(languageNames) as Language[]).map((option) => (
            <button
              type="button"
              class="button button-small"
              lang={option}
              aria-pressed={language === option}
              data-language={option}
              onClick={() => {
                saveLanguage(option);
                setLanguage(option);
              }}
            >
              {languageNames[option]}
            </button>
          ))}
        </div>
      </header>
      <TrustLine trust={trust} t={t} language={language} />
      {/* The verdict first, where the eye goes after a scan; the way to scan the next card just below it. */}
      {verdict === undefined ? <p class="intro">{t('intro')}</p> : <Result verdict={verdict} t={t} language={language} />}
      <section class="scanner" data-scanning={String(scanning)}>
        <video ref={video} class={scanning ? 'camera' : 'camera camera-idle'} muted playsInline aria-hidden="true" />
        {scanning ? (
          <p class="scanning" aria-live="polite">
            {t('scanning')}
          </p>
        ) : (
          <button type="button" class="button button-primary" data-action="scan" onClick={scan}>
            {verdict === undefined ? t('scan') : t('scanAgain')}
          </button>
        )}
        {cameraError === undefined ? null : (
          <p class="camera-problem" role="alert">
            {t('cameraFailed', { error: cameraError })}
          </p>
        )}
      </section>
      <TypedCheck apiBaseUrl={apiBaseUrl} t={t} language={language} />
    </main>
  );
};
