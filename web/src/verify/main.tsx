// Start-up of the desk page: its config.json, its service worker (the page, the keys and the revocation list
// kept for offline use), then the page.
import { render } from 'preact';
import './verify.css';
import { parseVerifierConfig } from './config.js';
import { VerifierPage } from './page.js';

const start = async (root: HTMLElement) => {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const config = parseVerifierConfig(await response.json());
  // Without a service worker (an old browser, a private window) the page still checks cards while it is open.
  if ('serviceWorker' in navigator) void navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => undefined);
  render(<VerifierPage apiBaseUrl={config.apiBaseUrl} />, root);
};

const root = document.getElementById('app');
if (root !== null) {
  start(root).catch((error: unknown) => {
    root.textContent = `The page could not start: ${error instanceof Error ? error.message : String(error)} / पेज शुरू नहीं हो सका।`;
  });
}
