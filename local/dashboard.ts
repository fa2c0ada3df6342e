// The admin dashboard on the embedded stack: built from web/src with esbuild when the stack starts (a fraction
// of a second) and served by the local gateway under /admin/ (and the desk verifier page under /verify/), with a config.json for this engine: the API on
// the same origin, development sign-in with the tokens of /local/dev-tokens. On AWS, CloudFront serves the same
// build from S3 with a config.json the CDK stack writes (infra/dashboard-site.ts).
import { extname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildDashboard, buildVerifier, contentTypes } from '../web/build.js';
import type { RuntimeConfig } from '../web/src/runtime-config.js';
import type { VerifierConfig } from '../web/src/verify/config.js';
import { StackStartError } from './errors.js';
import type { LocalRoute } from './gateway.js';

export const dashboardPrefix = '/admin';
/** The desk verifier page (web/src/verify): public, reads the card keys and the revocation list. */
export const verifierPrefix = '/verify';
export const devTokensPath = '/local/dev-tokens';

const embeddedDashboardConfig: RuntimeConfig = {
  engine: 'embedded',
  apiBaseUrl: '',
  auth: { mode: 'development', devTokensUrl: devTokensPath },
};

// The dashboard talks to its own origin only; fonts and styles are its own files.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const send = (response: ServerResponse, status: number, headers: Record<string, string>, body: Uint8Array | string) => {
  response.writeHead(status, { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', ...headers });
  response.end(body);
};

/** The gateway's handler for built files under `prefix` (GET and HEAD; `prefix` alone redirects to `prefix/`). */
const staticFilesRoute =
  (prefix: string, files: ReadonlyMap<string, Uint8Array>, what: string): LocalRoute =>
  (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      send(response, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'Method not allowed');
      return;
    }
    // Relative asset URLs need the trailing slash.
    if (url.pathname === prefix) {
      send(response, 308, { location: `${prefix}/${url.search}` }, '');
      return;
    }
    const path = url.pathname.slice(prefix.length + 1) || 'index.html';
    const body = files.get(path);
    if (body === undefined) {
      send(response, 404, { 'content-type': 'text/plain; charset=utf-8' }, `No such file in the ${what}: ${path}`);
      return;
    }
    send(
      response,
      200,
      {
        'content-type': contentTypes[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        ...(path === 'index.html' ? { 'content-security-policy': contentSecurityPolicy } : {}),
      },
      method === 'HEAD' ? '' : body,
    );
  };

/** The built files with this engine's config.json, or a StackStartError saying what does not build. */
const builtWithConfig = async (what: string, build: () => Promise<Map<string, Uint8Array>>, config: unknown) => {
  let files: Map<string, Uint8Array>;
  try {
    files = await build();
  } catch (error) {
    throw new StackStartError(
      `the ${what} (web/) does not build: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  }
  files.set('config.json', Buffer.from(`${JSON.stringify(config, null, 2)}\n`));
  return files;
};

/** Builds the dashboard and returns the gateway's handler for everything under /admin. */
export const createDashboardRoute = async (): Promise<LocalRoute> =>
  staticFilesRoute(dashboardPrefix, await builtWithConfig('admin dashboard', buildDashboard, embeddedDashboardConfig), 'dashboard');

/** Builds the desk verifier page and returns the gateway's handler for everything under /verify (public, no sign-in). */
export const createVerifierRoute = async (): Promise<LocalRoute> => {
  const config: VerifierConfig = { apiBaseUrl: '' };
  return staticFilesRoute(verifierPrefix, await builtWithConfig('verifier page', buildVerifier, config), 'verifier page');
};
