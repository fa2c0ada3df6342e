// The approver's inbox: the caller's pending cases oldest first, with days waiting and the SLA deadline, counts
// by age, search and filters in the URL; routine cases selected and approved together after one confirmation;
// keyboard shortcuts for the whole flow. A case someone else decided meanwhile says so and leaves the list.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApprovalsQuery, InboxItem, InboxPage } from '../api-types.js';
import { ApiError } from '../api.js';
import { codeText, ErrorNotice, errorText, Loading } from '../components/feedback.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useKeydown, useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { actionOf, ageBuckets, countsWithout, inboxShortcuts, sortBulkResults } from '../inbox.js';
import { href, navigate } from '../router.js';
import { ShortcutList } from './shortcuts.js';

/** What happened to cases decided on the case view, said again when the inbox shows (one message, then gone). */
let carriedNotices: Notice[] = [];
export const carryNotice = (notice: Notice): void => {
  carriedNotices = [...carriedNotices, notice];
};

export interface Notice {
  readonly tone: 'ok' | 'warn' | 'error';
  readonly text: string;
  readonly kind: string;
}

const filtersOf = (query: URLSearchParams) => ({
  q: query.get('q') ?? '',
  scheme: query.get('scheme') ?? '',
  kind: (query.get('kind') ?? '') as '' | 'routine' | 'mismatch',
});

/** The list's request: pending cases, a page of 100, the search and filters when set. */
const queryOf = (filters: ReturnType<typeof filtersOf>): ApprovalsQuery => ({
  state: 'PENDING',
  limit: 100,
  ...(filters.q === '' ? {} : { q: filters.q }),
  ...(filters.scheme === '' ? {} : { scheme: filters.scheme }),
  ...(filters.kind === '' ? {} : { kind: filters.kind }),
});

export const personName = (item: Pick<InboxItem, 'summary'>): string =>
  item.summary.nameLocal === undefined ? item.summary.name : `${item.summary.name} · ${item.summary.nameLocal}`;

/** "ddo:DDO-LKO-0002" -> "DDO-LKO-0002"; "verifier:Lucknow" -> "Lucknow". */
const queueName = (queue: string): string => queue.slice(queue.indexOf(':') + 1);

export const decidedElsewhereText = (t: Translate, names: readonly string[]) => t('decidedElsewhere', { names: names.join(', '), count: names.length });

const countLabels = { total: 'pendingCases', routine: 'kind_routine', mismatch: 'kind_mismatch', overdue: 'overdueCases' } as const;

export function InboxView({ query }: { query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const filters = filtersOf(query);
  const [form, setForm] = useState(filters);
  const [extra, setExtra] = useState<InboxItem[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const loaded = useLoad<InboxPage>(
    () =>
      api.inbox(queryOf(filters)),
    [filters.q, filters.scheme, filters.kind],
  );
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState(0);
  // Keys come faster than renders: the handler reads the current row and list from refs, not from a render's closure.
  const focusRef = useRef(0);
  const setFocus = (index: number) => {
    focusRef.current = index;
    setFocused(index);
  };
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notices, setNotices] = useState<Notice[]>(() => {
    const carried = carriedNotices;
    carriedNotices = [];
    return carried;
  });
  const listRef = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setForm(filters);
    setExtra([]);
    setCursor(undefined);
    setSelected(new Set());
    setFocus(0);
  }, [filters.q, filters.scheme, filters.kind]);
  useEffect(() => setCursor(loaded.data?.cursor), [loaded.data]);

  const items = useMemo(
    () => [...(loaded.data?.items ?? []), ...extra].filter((item) => !gone.has(item.taskId)),
    [loaded.data, extra, gone],
  );
  const selectedItems = items.filter((item) => selected.has(item.taskId));
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const leave = (taskIds: readonly string[]) => {
    setGone((previous) => new Set([...previous, ...taskIds]));
    setSelected((previous) => new Set([...previous].filter((taskId) => !taskIds.includes(taskId))));
  };
  const toggle = (item: InboxItem) => {
    if (!item.routine) return;
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(item.taskId)) next.delete(item.taskId);
      else next.add(item.taskId);
      return next;
    });
  };
  const open = (item: InboxItem, action?: 'reject') =>
    navigate(href(['inbox', item.taskId], { ...(action === undefined ? {} : { action }), back: query.toString() }));

  const approveOne = async (item: InboxItem) => {
    setBusy(true);
    try {
      await api.decide(item.taskId, { decision: 'approve' });
      leave([item.taskId]);
      setNotices([{ tone: 'ok', kind: 'approved', text: t('approvedOne', { name: personName(item) }) }]);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'ALREADY_DECIDED' || error.code === 'APPROVAL_NOT_FOUND')) {
        leave([item.taskId]);
        setNotices([{ tone: 'warn', kind: 'decided-elsewhere', text: decidedElsewhereText(t, [personName(item)]) }]);
      } else setNotices([{ tone: 'error', kind: 'failed', text: t('actionFailed', { message: errorText(t, error as Error) }) }]);
    } finally {
      setBusy(false);
    }
  };

  const approveSelected = async () => {
    const chosen = selectedItems;
    setConfirming(false);
    if (chosen.length === 0) return;
    // What the last decision said is replaced by what this one says, once known.
    setNotices([]);
    setBusy(true);
    try {
      const recorded: string[] = [];
      const elsewhere: string[] = [];
      const refused: string[] = [];
      // The API takes up to 100 decisions at a time.
      for (let start = 0; start < chosen.length; start += 100) {
        const batch = chosen.slice(start, start + 100);
        const { results } = await api.decideMany(batch.map((item) => ({ taskId: item.taskId, decision: 'approve' as const })));
        const sorted = sortBulkResults(results);
        recorded.push(...sorted.recorded);
        elsewhere.push(...sorted.decidedElsewhere);
        for (const result of sorted.refused) {
          const item = batch.find((candidate) => candidate.taskId === result.taskId);
          refused.push(`${item === undefined ? result.taskId : personName(item)}: ${codeText(t, result.code)}`);
        }
      }
      leave([...recorded, ...elsewhere]);
      const nameOf = (taskId: string) => {
        const item = chosen.find((candidate) => candidate.taskId === taskId);
        return item === undefined ? taskId : personName(item);
      };
      setNotices([
        ...(recorded.length === 0 ? [] : [{ tone: 'ok' as const, kind: 'approved', text: t('approvedMany', { count: formatNumber(recorded.length) }) }]),
        ...(elsewhere.length === 0 ? [] : [{ tone: 'warn' as const, kind: 'decided-elsewhere', text: decidedElsewhereText(t, elsewhere.map(nameOf)) }]),
        ...refused.map((text) => ({ tone: 'error' as const, kind: 'refused', text: t('notRecorded', { detail: text }) })),
      ]);
    } catch (error) {
      // Nothing is known to be recorded: the selection stays as it was, to try again.
      setNotices([{ tone: 'error', kind: 'failed', text: t('actionFailed', { message: errorText(t, error as Error) }) }]);
    } finally {
      setBusy(false);
    }
  };

  const askApproveSelected = () => {
    if (selectedItems.length > 0) setConfirming(true);
  };
  useEffect(() => {
    // The row the keys last moved to (a render may lag behind them).
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${focusRef.current}"]`);
    if (row !== null && row !== undefined && listRef.current?.contains(document.activeElement ?? null) !== false) row.focus();
  }, [focused]);

  useKeydown((event) => {
    if (busy || confirming) return;
    const action = actionOf(inboxShortcuts, event);
    if (action === undefined) return;
    const list = itemsRef.current;
    const current = Math.min(focusRef.current, list.length - 1);
    const focusedItem = list[current];
    const move = (to: number) => {
      const next = Math.max(0, Math.min(list.length - 1, to));
      setFocus(next);
      listRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
    };
    event.preventDefault();
    switch (action) {
      case 'next':
        return move(current + 1);
      case 'previous':
        return move(current - 1);
      case 'search':
        return searchRef.current?.focus();
      case 'approveSelected':
        return askApproveSelected();
      default:
        break;
    }
    if (focusedItem === undefined) return;
    if (action === 'select') {
      // Select and move on: a run of routine cases is one key each.
      toggle(focusedItem);
      move(current + 1);
    }
    else if (action === 'open') open(focusedItem);
    else if (action === 'reject') open(focusedItem, 'reject');
    else if (action === 'approve') {
      // A mismatch is compared before it is approved: the key opens it.
      if (focusedItem.routine) void approveOne(focusedItem);
      else open(focusedItem);
    }
  });

  const routineShown = items.filter((item) => item.routine);
  // The API counts the whole filtered queue; what left it here is taken off.
  const left = [...(loaded.data?.items ?? []), ...extra].filter((item) => gone.has(item.taskId));
  const counts = loaded.data?.counts === undefined ? undefined : countsWithout(loaded.data.counts, left);

  const loadMore = async () => {
    if (cursor === undefined) return;
    try {
      const page = await api.inbox({ ...queryOf(filters), cursor });
      setExtra((previous) => [...previous, ...page.items]);
      setCursor(page.cursor);
    } catch (error) {
      setNotices([{ tone: 'error', kind: 'failed', text: t('couldNotLoad', { message: errorText(t, error as Error) }) }]);
    }
  };

  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('inboxTitle')}</h2>
      <p class="intro">{t('inboxIntro')}</p>
      <form
        class="filters inbox-filters"
        role="search"
        aria-label={t('filters')}
        onSubmit={(event) => {
          event.preventDefault();
          navigate(href(['inbox'], { q: form.q.trim(), scheme: form.scheme, kind: form.kind }));
        }}
      >
        <label class="search-field">
          <span>{t('inboxSearch')}</span>
          <input ref={searchRef} name="q" type="search" value={form.q} maxLength={80} onInput={(event) => setForm({ ...form, q: (event.target as HTMLInputElement).value })} />
        </label>
        <label>
          <span>{t('scheme')}</span>
          <select name="scheme" value={form.scheme} onChange={(event) => setForm({ ...form, scheme: (event.target as HTMLSelectElement).value })}>
            <option value="">{t('allSchemes')}</option>
            <option value="up-sects">{t('scheme_up_sects')}</option>
            <option value="pmjay">{t('scheme_pmjay')}</option>
          </select>
        </label>
        <label>
          <span>{t('caseKind')}</span>
          <select name="kind" value={form.kind} onChange={(event) => setForm({ ...form, kind: (event.target as HTMLSelectElement).value as typeof form.kind })}>
            <option value="">{t('allCases')}</option>
            <option value="routine">{t('kind_routine')}</option>
            <option value="mismatch">{t('kind_mismatch')}</option>
          </select>
        </label>
        <button type="submit" class="button">
          {t('show')}
        </button>
      </form>

      <div aria-live="polite" class="inbox-notices">
        {notices.map((notice) => (
          <p class={`notice notice-${notice.tone === 'error' ? 'error' : notice.tone}`} data-notice={notice.kind}>
            {notice.text}
          </p>
        ))}
      </div>

      {loaded.data === undefined ? (
        loaded.error === undefined ? (
          <Loading />
        ) : (
          <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
        )
      ) : (
        <>
          {counts === undefined ? null : (
            <dl class="inbox-counts" aria-label={t('inboxCounts')}>
              {(['total', 'routine', 'mismatch', 'overdue'] as const).map((key) => (
                <div data-count={key}>
                  <dt>{t(countLabels[key])}</dt>
                  <dd>{formatNumber(counts[key])}</dd>
                </div>
              ))}
              {ageBuckets.map((bucket) => (
                <div data-count={bucket}>
                  <dt>{t(`waiting_${bucket}`)}</dt>
                  <dd>{formatNumber(counts.byAge[bucket])}</dd>
                </div>
              ))}
            </dl>
          )}

          <div class="inbox-toolbar">
            <button
              type="button"
              class="button"
              data-action="select-routine"
              disabled={routineShown.length === 0 || busy}
              onClick={() =>
                setSelected((previous) =>
                  routineShown.every((item) => previous.has(item.taskId)) ? new Set() : new Set(routineShown.map((item) => item.taskId)),
                )
              }
            >
              {routineShown.length > 0 && routineShown.every((item) => selected.has(item.taskId)) ? t('clearSelection') : t('selectAllRoutine', { count: routineShown.length })}
            </button>
            <button type="button" class="button button-primary" data-action="approve-selected" disabled={selectedItems.length === 0 || busy} onClick={askApproveSelected}>
              {t('approveSelected', { count: selectedItems.length })}
            </button>
          </div>
          {confirming ? (
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-bulk" data-confirm="bulk">
              <p id="confirm-bulk">{t('confirmApproveMany', { count: selectedItems.length })}</p>
              <div class="actions">
                <button ref={(button) => button?.focus()} type="button" class="button button-primary" data-action="confirm-approve" onClick={() => void approveSelected()}>
                  {t('confirmApprove', { count: selectedItems.length })}
                </button>
                <button type="button" class="button" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </button>
              </div>
            </div>
          ) : null}

          {items.length === 0 ? (
            <p class="notice" data-empty="inbox">
              {filters.q === '' && filters.scheme === '' && filters.kind === '' ? t('inboxEmpty') : t('inboxNoMatch')}
            </p>
          ) : (
            <ul class="inbox-list" ref={listRef} aria-label={t('pendingCases')} aria-busy={loaded.loading || busy}>
              {items.map((item, index) => {
                const routine = item.routine;
                const days = item.daysWaiting;
                const overdue = item.overdue;
                const checked = selected.has(item.taskId);
                return (
                  <li
                    class={`inbox-item${index === focused ? ' is-focused' : ''}${checked ? ' is-selected' : ''}`}
                    tabIndex={-1}
                    data-index={index}
                    data-task={item.taskId}
                    data-registration={item.registrationId}
                    data-kind={routine ? 'routine' : 'mismatch'}
                    onFocus={() => setFocus(index)}
                  >
                    <div class="inbox-select">
                      {routine ? (
                        <input
                          type="checkbox"
                          aria-label={t('selectCase', { name: item.summary.name })}
                          checked={checked}
                          onChange={() => toggle(item)}
                        />
                      ) : null}
                    </div>
                    <div class="inbox-main">
                      <a class="inbox-name" href={href(['inbox', item.taskId], { back: query.toString() })}>
                        {item.summary.name}
                        {item.summary.nameLocal === undefined ? null : (
                          <span lang="hi" class="name-local">
                            {' '}
                            {item.summary.nameLocal}
                          </span>
                        )}
                      </a>
                      <p class="inbox-ids small">
                        {[
                          item.summary.employeeId === undefined ? undefined : t('employeeIdValue', { id: item.summary.employeeId }),
                          item.summary.rationCardNumber === undefined ? undefined : t('rationCardValue', { id: item.summary.rationCardNumber }),
                          labelFor(t, 'scheme', item.scheme),
                          item.summary.relation === undefined ? undefined : labelFor(t, 'relation', item.summary.relation),
                          item.summary.office ?? item.summary.block,
                        ]
                          .filter((part) => part !== undefined)
                          .join(' · ')}
                      </p>
                      <p class="inbox-badges">
                        <span class={`badge ${routine ? 'badge-ok' : 'badge-warn'}`} data-field="kind">
                          {routine ? t('kind_routine') : t('kind_mismatch')}
                        </span>{' '}
                        <span class="badge badge-info" data-field="days" data-days={days}>
                          {t('daysWaiting', { count: days })}
                        </span>{' '}
                        <span class={`badge ${overdue ? 'badge-bad' : 'badge-info'}`} data-field="due" data-overdue={overdue}>
                          {overdue ? t('overdueSince', { time: formatDateTime(item.dueAt, language) }) : t('decideBy', { time: formatDateTime(item.dueAt, language) })}
                        </span>
                        {item.onBehalfOf === undefined ? null : (
                          <>
                            {' '}
                            <span class="badge badge-info" data-field="on-behalf-of">
                              {t('onBehalfOf', { queue: queueName(item.onBehalfOf) })}
                            </span>
                          </>
                        )}
                      </p>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {cursor === undefined ? null : (
            <button type="button" class="button" onClick={() => void loadMore()}>
              {t('loadMore')}
            </button>
          )}
        </>
      )}
      <ShortcutList shortcuts={inboxShortcuts} />
    </section>
  );
}
