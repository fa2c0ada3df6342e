// Sign-in. On the embedded stack: a development role (tokens from the local-only /local/dev-tokens) or a pasted
// bearer token. On AWS: the OIDC authorization-code flow with PKCE (Cognito's hosted UI or the configured issuer).
import { useState } from 'preact/hooks';
import type { RuntimeConfig } from '../runtime-config.js';
import { ErrorNotice } from '../components/feedback.js';
import { useLoad } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { dashboardRoles } from '../inbox.js';


export function SignInView({
  config,
  notice,
  onToken,
  onOidc,
}: {
  config: RuntimeConfig;
  notice?: string;
  onToken: (token: string, via: 'development' | 'pasted') => void;
  onOidc: () => void;
}) {
  const { t } = useI18n();
  const [pasted, setPasted] = useState('');
  const auth = config.auth;
  const devTokens = useLoad(
    auth.mode === 'development'
      ? async () => {
          const response = await fetch(`${config.apiBaseUrl}${auth.devTokensUrl}`, { cache: 'no-store' });
          if (!response.ok) throw new Error(`${auth.devTokensUrl}: HTTP ${response.status}`);
          return ((await response.json()) as { tokens: Record<string, string> }).tokens;
        }
      : undefined,
    [],
  );
  return (
    <section class="card sign-in" aria-labelledby="sign-in">
      <h2 id="sign-in">{t('signInTitle')}</h2>
      {notice === undefined ? null : (
        <p class="notice notice-error" role="alert">
          {notice}
        </p>
      )}
      {auth.mode === 'oidc' ? (
        <>
          <p>{t('signInOidcIntro')}</p>
          <button type="button" class="button button-primary" onClick={onOidc}>
            {t('signInOidc')}
          </button>
        </>
      ) : (
        <>
          <p>{t('signInDevIntro')}</p>
          <h3>{t('developmentRoles')}</h3>
          {devTokens.error === undefined ? null : <ErrorNotice error={devTokens.error} onRetry={devTokens.reload} />}
          <div class="actions">
            {dashboardRoles.map((role) => (
              <button
                type="button"
                class="button button-primary"
                data-role={role}
                disabled={devTokens.data?.[role] === undefined}
                onClick={() => {
                  const token = devTokens.data?.[role];
                  if (token !== undefined) onToken(token, 'development');
                }}
              >
                {t('signInAs', { role: labelFor(t, 'role', role) })}
              </button>
            ))}
          </div>
        </>
      )}
      <form
        class="token-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (pasted.trim() !== '') onToken(pasted.trim(), 'pasted');
        }}
      >
        <label>
          <span>{t('pasteToken')}</span>
          <textarea name="token" rows={3} spellcheck={false} autocomplete="off" value={pasted} onInput={(event) => setPasted((event.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit" class="button" disabled={pasted.trim() === ''}>
          {t('useToken')}
        </button>
      </form>
    </section>
  );
}
