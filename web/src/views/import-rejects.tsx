// An import's rejected rows in the page (GET /v1/admin/imports/{id}/rejects): the row, why it was refused and what
// it held, so a clerk sees what to correct without opening the CSV.
import { ErrorNotice } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { formatNumber } from '../format.js';
import { useSignedIn } from '../hooks.js';
import { usePaged } from '../paged.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { en, type LabelKey } from '../i18n/en.js';
import type { RejectRow } from '../review-types.js';

/** A row's code in words; a refused file's row carries the refusal's code. */
const rejectCodeLabel = (t: Translate, code: string): string => {
  const key = `rejectCode_${code}`;
  return key in en ? t(key as LabelKey) : labelFor(t, 'refusal', code);
};

export function ImportRejects({ importId }: { importId: string }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const page = usePaged((cursor) => api.importRejects(importId, cursor), [importId]);
  const columns: Column<RejectRow>[] = [
    { key: 'row', label: t('rejectRow'), numeric: true, render: (row) => formatNumber(row.row) },
    {
      key: 'reason',
      label: t('reason'),
      render: (row) => (
        <span data-code={row.code}>
          {rejectCodeLabel(t, row.code)}
          {row.columns.length === 0 ? '' : ': '}
          {/* The file's own column names, quoted as the clerk finds them in the file (its language, not the page's). */}
          {row.columns.length === 0 ? null : <span lang="und">{row.columns.map((column) => labelFor(t, 'field', column)).join(', ')}</span>}
        </span>
      ),
    },
    {
      key: 'fields',
      label: t('rejectFields'),
      // The row as the file holds it: its headers and cells quoted in the file's language.
      render: (row) => (
        <span lang="und">
          {Object.entries(row.fields)
            .map(([name, value]) => `${name}: ${value}`)
            .join(' · ')}
        </span>
      ),
    },
  ];
  return (
    <section class="card" aria-labelledby="import-rejects">
      <h3 id="import-rejects">{t('rejectsTitle')}</h3>
      {page.error === undefined ? null : <ErrorNotice error={page.error} onRetry={page.retry} />}
      <DataTable caption={t('rejectsTitle')} columns={columns} rows={page.items ?? []} rowKey={(row) => String(row.row)} empty={page.loading ? t('loading') : t('noRejects')} />
      {page.loadMore === undefined ? null : (
        <button type="button" class="button" disabled={page.loading} onClick={page.loadMore}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
