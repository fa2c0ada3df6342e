// Data loading for views: one request per change of its inputs, with loading and error states, and polling
// that stops by itself.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { Campaign, Me } from './api-types.js';

/** What every view of a signed-in dashboard shares: the API client, who is signed in, their campaigns. */
export interface SignedIn {
  readonly api: Api;
  readonly me: Me;
  readonly campaigns: readonly Campaign[];
}

export const SignedInContext = createContext<SignedIn | undefined>(undefined);

export const useSignedIn = (): SignedIn => {
  const signedIn = useContext(SignedInContext);
  if (signedIn === undefined) throw new Error('useSignedIn outside a signed-in dashboard');
  return signedIn;
};

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` when `inputs` change (and on reload); a stale answer never replaces a newer one. */
export const useLoad = <T>(load: (() => Promise<T>) | undefined, inputs: readonly unknown[]): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: load !== undefined });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (load === undefined) return;
    const ticket = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => ticket === latest.current && setState({ data, loading: false }),
      (error: unknown) =>
        ticket === latest.current &&
        setState((previous) => ({ data: previous.data, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    // The caller names the inputs `load` depends on, as with useEffect.
  }, [...inputs, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
};

/**
 * Calls `tick` every `intervalMs` while `active`, for at most `limitMs` after the view mounted (a page left open
 * does not poll all day); the page leaving stops it.
 */
export const useInterval = (tick: () => void, intervalMs: number, active: boolean, limitMs = Number.POSITIVE_INFINITY): void => {
  const saved = useRef(tick);
  saved.current = tick;
  const mountedAt = useRef(Date.now());
  useEffect(() => {
    const expired = () => Date.now() - mountedAt.current >= limitMs;
    if (!active || expired()) return;
    const id = window.setInterval(() => {
      if (expired()) window.clearInterval(id);
      else saved.current();
    }, intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs, active, limitMs]);
};

/**
 * A document keydown listener added once for the view's life, calling the `onKey` of the latest render: keys
 * pressed the moment a render shows something act on what it shows, not on the render before.
 */
export const useKeydown = (onKey: (event: KeyboardEvent) => void): void => {
  const latest = useRef(onKey);
  latest.current = onKey;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => latest.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
};
