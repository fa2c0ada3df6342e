// The desk page's service worker: the page's own files kept at install (a new build, a new worker, a new copy),
// and the card keys and revocation list fetched from the network whenever there is one, a copy kept each time.
// Offline, both come from the copies, stamped with when they came from the network, so the page can say how
// fresh they are. Typed card-number checks are not kept: they need the network and the page says so.
// Built as a classic script (web/build.ts), which defines VERIFIER_FILES and VERIFIER_VERSION.

declare const VERIFIER_FILES: readonly string[];
declare const VERIFIER_VERSION: string;

// The few service-worker types used here (the WebWorker lib cannot sit beside the DOM lib in one program).
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const pageCache = `healthcard-verify-page-${VERIFIER_VERSION}`;
// Kept across versions of the page: a new page must not forget the last keys it saw.
const trustCache = 'healthcard-verify-trust';
const trustPaths = ['/v1/cards/keys', '/v1/cards/revocations'];
const fetchedAtHeader = 'x-healthcard-fetched-at';
const fromCacheHeader = 'x-healthcard-from-cache';

const scopeUrl = () => new URL(worker.registration.scope);
const isTrust = (url: URL) => trustPaths.some((path) => url.pathname.endsWith(path));

const restamp = async (response: Response, headers: Record<string, string>) => {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers: merged });
};

/** From the network, a stamped copy kept; without a network, the copy, marked as one. */
const trustFromNetwork = async (url: string): Promise<Response> => {
  const cache = await caches.open(trustCache);
  try {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) return response;
    const stamped = await restamp(response, { [fetchedAtHeader]: new Date().toISOString() });
    await cache.put(url, stamped.clone());
    return stamped;
  } catch (error) {
    const saved = await cache.match(url);
    if (saved === undefined) throw error;
    return restamp(saved, { [fromCacheHeader]: '1' });
  }
};

/** At install: the page's files, and a first copy of the keys and the list (so the page works offline at once). */
const install = async () => {
  const cache = await caches.open(pageCache);
  await cache.addAll(VERIFIER_FILES.map((file) => new Request(new URL(file, scopeUrl()), { cache: 'reload' })));
  const config = (await (await fetch(new URL('./config.json', scopeUrl()), { cache: 'no-store' })).json()) as { apiBaseUrl: string };
  await cache.put(
    new URL('./config.json', scopeUrl()).href,
    new Response(JSON.stringify(config), { headers: { 'content-type': 'application/json' } }),
  );
  const apiBaseUrl = config.apiBaseUrl.replace(/\/+$/, '') || scopeUrl().origin;
  // A list the API cannot give now does not stop the install: the page says it is missing.
  await Promise.all(trustPaths.map((path) => trustFromNetwork(`${apiBaseUrl}${path}`).catch(() => undefined)));
  await worker.skipWaiting();
};

const activate = async () => {
  for (const name of await caches.keys()) if (name.startsWith('healthcard-verify-page-') && name !== pageCache) await caches.delete(name);
  await worker.clients.claim();
};

/** The page's own files: the kept copy first (it is this version's), the network for anything else. */
const pageFile = async (request: Request): Promise<Response> => {
  const cache = await caches.open(pageCache);
  const url = new URL(request.url);
  // config.json is this deployment's: the network's when there is one.
  if (url.pathname.endsWith('/config.json')) {
    try {
      const response = await fetch(request, { cache: 'no-store' });
      if (response.ok) await cache.put(url.href, response.clone());
      return response;
    } catch (error) {
      const saved = await cache.match(url.href);
      if (saved === undefined) throw error;
      return saved;
    }
  }
  const key = url.pathname.endsWith('/index.html') ? new URL('./', url).href : request;
  return (await cache.match(key, { ignoreSearch: true })) ?? fetch(request);
};

worker.addEventListener('install', (event) => event.waitUntil(install()));
worker.addEventListener('activate', (event) => event.waitUntil(activate()));
worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (isTrust(url)) event.respondWith(trustFromNetwork(url.href));
  else if (url.origin === worker.location.origin && url.pathname.startsWith(scopeUrl().pathname)) event.respondWith(pageFile(request));
});
