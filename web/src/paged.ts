// A list read a page at a time through the API's cursor: the first page when the inputs change, the next on
// "Load more", each appended to what is shown; a stale answer never lands on a newer list.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface Paged<T, P> {
  /** Every item read so far; undefined until the first page has come. */
  readonly items: readonly T[] | undefined;
  /** The last page read (its cursor, its total…). */
  readonly last: P | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Reads the next page; undefined on the last one. */
  readonly loadMore: (() => void) | undefined;
  readonly retry: () => void;
}

export const usePaged = <P extends { readonly items: readonly unknown[]; readonly cursor?: string | undefined }>(
  load: (cursor: string | undefined) => Promise<P>,
  inputs: readonly unknown[],
): Paged<P['items'][number], P> => {
  type T = P['items'][number];
  const [state, setState] = useState<{ items?: readonly T[]; last?: P; error?: Error; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const read = (cursor: string | undefined) => {
    const ticket = cursor === undefined ? ++generation.current : generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    load(cursor).then(
      (page) =>
        ticket === generation.current &&
        setState((previous) => ({
          items: [...(cursor === undefined ? [] : (previous.items ?? [])), ...page.items],
          last: page,
          loading: false,
        })),
      (error: unknown) =>
        ticket === generation.current &&
        setState((previous) => ({ ...previous, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
  };
  // The caller names the inputs `load` depends on, as with useEffect.
  useEffect(() => read(undefined), inputs);
  const cursor = state.last?.cursor;
  return {
    items: state.items,
    last: state.last,
    error: state.error,
    loading: state.loading,
    loadMore: cursor === undefined ? undefined : () => read(cursor),
    retry: () => read(state.last === undefined ? undefined : state.last.cursor),
  };
};
