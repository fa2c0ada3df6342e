// Hash routes (#/executions/registration/<id>?status=FAILED): the dashboard is static files, so every view must
// load from index.html on both engines without server rewrites. Small enough not to need a router library.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Path segments after `#/`, decoded: `['executions', 'registration', 'abc']`. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

export const parseHash = (hash: string): Route => {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return {
    segments: path
      .split('/')
      .filter((part) => part !== '')
      .map(decodeURIComponent),
    query: new URLSearchParams(query),
  };
};

export const href = (segments: readonly string[], query: Readonly<Record<string, string | undefined>> = {}): string => {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const text = params.toString();
  return `#/${segments.map(encodeURIComponent).join('/')}${text === '' ? '' : `?${text}`}`;
};

export const navigate = (target: string): void => {
  window.location.hash = target.replace(/^#/, '');
};

export const useRoute = (): Route => {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
};
