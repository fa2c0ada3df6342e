// Start-up: read this engine's config.json, finish an OIDC sign-in when the browser is coming back from one,
// then render the dashboard.
import { render } from 'preact';
import './app.css';
import './review.css';
import './field.css';
import { App } from './app.js';
import { saveSession, sessionFor } from './auth/session.js';
import { beginSignIn, completeSignIn, discoverEndpoints, logoutUrl, type OidcEndpoints } from './auth/oidc.js';
import { parseRuntimeConfig, type OidcAuth } from './runtime-config.js';

const fetchJson = async (url: string): Promise<unknown> => {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
};

const start = async (root: HTMLElement) => {
  const config = parseRuntimeConfig(await fetchJson('./config.json'));
  let endpoints: OidcEndpoints | undefined;
  let signInNotice: string | undefined;
  const oidc = config.auth.mode === 'oidc' ? (config.auth as OidcAuth) : undefined;
  const oidcEndpoints = async (auth: OidcAuth) => (endpoints ??= await discoverEndpoints(auth, fetchJson));
  if (oidc !== undefined) {
    try {
      const completed = await completeSignIn(oidc, await oidcEndpoints(oidc), { storage: sessionStorage, search: window.location.search, fetch: window.fetch.bind(window) });
      if (completed !== undefined) {
        saveSession(sessionFor(completed.token, 'oidc'));
        window.history.replaceState(null, '', `${window.location.pathname}${completed.returnTo}`);
      }
    } catch (error) {
      signInNotice = error instanceof Error ? error.message : String(error);
      window.history.replaceState(null, '', window.location.pathname);
    }
  }
  render(
    <App
      config={config}
      {...(signInNotice === undefined ? {} : { signInNotice })}
      onOidcSignIn={() => {
        if (oidc === undefined) return;
        void oidcEndpoints(oidc).then((found) => beginSignIn(oidc, found, { storage: sessionStorage, assign: (url) => window.location.assign(url), returnTo: window.location.hash }));
      }}
      onOidcSignOut={() => {
        if (oidc === undefined || endpoints === undefined) return;
        const url = logoutUrl(oidc, endpoints);
        if (url !== undefined) window.location.assign(url);
      }}
    />,
    root,
  );
};

const root = document.getElementById('app') as HTMLElement;
start(root).catch((error: unknown) => {
  root.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
});
