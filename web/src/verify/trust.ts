// What the page trusts, fetched through its service worker: the card keys and the signed revocation list. The
// worker answers from the network when there is one and keeps a copy; offline it answers with the copy, and its
// `x-healthcard-fetched-at` header says when that copy came from the network (sw.ts).
import type { CardKey } from './check.js';
import { checkRevocationList, type RevocationList } from './revocations.js';

export const fetchedAtHeader = 'x-healthcard-fetched-at';
export const fromCacheHeader = 'x-healthcard-from-cache';

export interface Trust {
  readonly keys: readonly CardKey[];
  /** Undefined when the list could not be fetched at all. */
  readonly list: RevocationList | undefined;
  /** When the older of the two came from the network. */
  readonly asOf: Date;
  /** Whether either came from the saved copy (no network). */
  readonly savedCopy: boolean;
}

interface Fetched {
  readonly body: unknown;
  readonly fetchedAt: Date;
  readonly savedCopy: boolean;
}

const fetchJson = async (url: string): Promise<Fetched> => {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const stamped = response.headers.get(fetchedAtHeader);
  return {
    body: await response.json(),
    fetchedAt: stamped === null ? new Date() : new Date(stamped),
    savedCopy: response.headers.get(fromCacheHeader) === '1',
  };
};

/** The keys (required: throws without them) and the revocation list (verified; undefined when it cannot be had). */
export const loadTrust = async (apiBaseUrl: string): Promise<Trust> => {
  const [keys, list] = await Promise.allSettled([
    fetchJson(`${apiBaseUrl}/v1/cards/keys`),
    fetchJson(`${apiBaseUrl}/v1/cards/revocations`),
  ]);
  if (keys.status === 'rejected') throw keys.reason;
  const keySet = ((keys.value.body as { keys?: unknown }).keys ?? []) as CardKey[];
  if (!Array.isArray(keySet) || keySet.length === 0) throw new Error('no card keys');
  let revocations: RevocationList | undefined;
  let asOf = keys.value.fetchedAt;
  let savedCopy = keys.value.savedCopy;
  if (list.status === 'fulfilled') {
    const jws = (list.value.body as { list?: unknown }).list;
    revocations = await checkRevocationList(typeof jws === 'string' ? jws : '', keySet);
    if (list.value.fetchedAt < asOf) asOf = list.value.fetchedAt;
    savedCopy ||= list.value.savedCopy;
  }
  return { keys: keySet, list: revocations, asOf, savedCopy };
};
