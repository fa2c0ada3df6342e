// Roster imports: each file dropped into the roster bucket with its status, a progress bar while it runs, its
// counts, and the rejects report (GET /v1/admin/imports, GET /v1/admin/imports/{id}). Views of imports under way
// refresh themselves every few seconds.
import { useState } from 'preact/hooks';
import type { ImportDetail, ImportSummary } from '../api-types.js';
import { Show } from '../components/feedback.js';
import { DistrictField, FilterForm } from '../components/filters.js';
import { StatusBadge } from '../components/status.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatDuration, formatNumber } from '../format.js';
import { useInterval, useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import type { LabelKey } from '../i18n/en.js';
import { ImportRejects } from './import-rejects.js';
import { href, navigate } from '../router.js';

const underWay = (item: ImportSummary) => item.status === 'RECEIVED' || item.status === 'IMPORTING';
/** Refresh while an import runs, every few seconds, for at most a quarter of an hour after the page opened. */
const refreshEveryMs = 2000;
const refreshForMs = 15 * 60_000;
const fileOf = (key: string) => key.split('/').at(-1) ?? key;
const countKeys = ['read', 'inserted', 'updated', 'unchanged', 'duplicates', 'rejected', 'removed'] as const;

function ImportProgress({ item }: { item: ImportSummary }) {
  const { t } = useI18n();
  // The API's percent: of bytes imported, whole, 100 once done or refused. A refused or failed file landed
  // nothing of it (or not all): it is never drawn as a full bar in the colour of success.
  const percent = item.progress.percent;
  if (item.status === 'REFUSED' || item.status === 'FAILED') {
    return (
      <span class="import-progress" data-outcome="bad">
        <StatusBadge kind="import" status={item.status} />
      </span>
    );
  }
  return (
    <span class="import-progress">
      <progress max={100} value={percent} aria-label={`${t('progress')}: ${fileOf(item.key)}`} />
      <span data-field="percent">{percent}%</span>
    </span>
  );
}

export function ImportsView({ query }: { query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const district = query.get('district') ?? '';
  const [draft, setDraft] = useState(district);
  const list = useLoad(() => api.imports({ ...(district === '' ? {} : { district }), limit: 50 }), [district]);
  useInterval(list.reload, refreshEveryMs, list.data?.items.some(underWay) ?? false, refreshForMs);

  const columns: Column<ImportSummary>[] = [
    { key: 'file', label: t('file'), render: (item) => <a href={href(['imports', item.importId])}>{fileOf(item.key)}</a> },
    { key: 'status', label: t('status'), render: (item) => <StatusBadge kind="import" status={item.status} /> },
    { key: 'progress', label: t('progress'), render: (item) => <ImportProgress item={item} /> },
    { key: 'district', label: t('district'), render: (item) => item.district ?? '—' },
    { key: 'rosterType', label: t('rosterType'), render: (item) => (item.rosterType === undefined ? '—' : labelFor(t, 'rosterType', item.rosterType)) },
    { key: 'inserted', label: t('count_inserted'), numeric: true, render: (item) => (item.counts === undefined ? '—' : formatNumber(item.counts.inserted)) },
    { key: 'rejected', label: t('count_rejected'), numeric: true, render: (item) => formatNumber(item.progress.rowsRejected) },
    { key: 'receivedAt', label: t('receivedAt'), render: (item) => formatDateTime(item.receivedAt, language) },
  ];
  return (
    <>
      <h2>{t('importsTitle')}</h2>
      <p class="intro">{t('importsIntro')}</p>
      <FilterForm onShow={() => navigate(href(['imports'], { district: draft.trim() }))}>
        <DistrictField value={draft} onChange={setDraft} />
      </FilterForm>
      <Show loaded={list}>
        {(page) => <DataTable caption={t('importsTitle')} columns={columns} rows={page.items} rowKey={(item) => item.importId} empty={t('noImports')} />}
      </Show>
    </>
  );
}

export function ImportView({ importId }: { importId: string }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const detail = useLoad(() => api.import(importId), [importId]);
  useInterval(detail.reload, refreshEveryMs, detail.data !== undefined && underWay(detail.data), refreshForMs);
  return (
    <>
      <p>
        <a href={href(['imports'])}>← {t('backToList')}</a>
      </p>
      <Show loaded={detail}>
        {(item: ImportDetail) => (
          <>
            <h2>{t('importTitle', { file: fileOf(item.key) })}</h2>
            <section class="card">
              <dl class="facts">
                <div>
                  <dt>{t('status')}</dt>
                  <dd data-field="status">
                    <StatusBadge kind="import" status={item.status} />
                  </dd>
                </div>
                <div>
                  <dt>{t('progress')}</dt>
                  <dd>
                    <ImportProgress item={item} /> <span class="small">{t('chunksDone', { done: item.progress.chunksDone, chunks: item.progress.chunks })}</span>
                  </dd>
                </div>
                <div>
                  <dt>{t('file')}</dt>
                  <dd>
                    <code>{item.key}</code> {item.snapshot ? <span class="badge badge-warn">{t('fullSnapshot')}</span> : null}
                  </dd>
                </div>
                <div>
                  <dt>{t('receivedAt')}</dt>
                  <dd>{formatDateTime(item.receivedAt, language)}</dd>
                </div>
                <div>
                  <dt>{t('duration')}</dt>
                  <dd>{formatDuration(item.durationMs, t)}</dd>
                </div>
                <div>
                  <dt>{t('eligibleAfter')}</dt>
                  <dd>{item.eligibleAfter === undefined ? '—' : formatNumber(item.eligibleAfter)}</dd>
                </div>
              </dl>
              {item.refusal === undefined ? null : <p class="notice notice-error">{t('refusedBecause', { message: labelFor(t, 'refusal', item.refusal.code) })}</p>}
              {item.failure === undefined ? null : <p class="notice notice-error">{t('failedBecause', { message: labelFor(t, 'errorName', item.failure.error) })}</p>}
              {item.rejectsReport === undefined ? null : (
                <p>
                  <a class="button" href={item.rejectsReport.url} rel="noopener" data-link="rejects-report">
                    {t('rejectsReport')}
                  </a>{' '}
                  <span class="small">{t('linkValidUntil', { time: formatDateTime(item.rejectsReport.expiresAt, language) })}</span>
                </p>
              )}
            </section>
            {item.counts === undefined ? null : (
              <section class="card" aria-labelledby="import-counts">
                <h3 id="import-counts">{t('counts')}</h3>
                <dl class="facts counts">
                  {countKeys.map((key) => (
                    <div data-count={key}>
                      <dt>{t(`count_${key}` as LabelKey)}</dt>
                      <dd>{formatNumber(item.counts?.[key] ?? 0)}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            )}
            {item.rejectsReport === undefined ? null : <ImportRejects importId={item.importId} />}
          </>
        )}
      </Show>
    </>
  );
}
