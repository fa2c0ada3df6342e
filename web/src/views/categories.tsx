// Beneficiary categories on the campaign view: each category's slice of the campaign (PM-JANMAN, Ayushman Vay
// Vandana, ASHA and anganwadi workers…): eligible, carded, pending, with cards against eligible as a bar
// (GET /v1/admin/campaigns/{id}/categories?district=).
import { Bar } from '../components/bars.js';
import { Show } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { categoryName } from '../field.js';
import type { CategorySlice } from '../field-types.js';
import { formatNumber } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

export function CategoriesPanel({ campaignId, district }: { campaignId: string; district: string | undefined }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const slices = useLoad(() => api.categories(campaignId, district), [campaignId, district]);
  const columns: Column<CategorySlice>[] = [
    { key: 'category', label: t('category'), render: (row) => categoryName(row.label, language) },
    {
      key: 'carded',
      label: t('categoryCarded'),
      numeric: true,
      render: (row) => (
        <span class="figure-bar">
          <Bar value={row.carded} total={row.eligible} />
          <strong>{formatNumber(row.carded)}</strong>
        </span>
      ),
    },
    { key: 'eligible', label: t('eligible'), numeric: true, render: (row) => formatNumber(row.eligible) },
    { key: 'pending', label: t('categoryPending'), numeric: true, render: (row) => formatNumber(row.pending) },
  ];
  return (
    <section class="card" aria-labelledby="categories" data-categories={district ?? ''}>
      <h3 id="categories">{t('categoriesTitle')}</h3>
      <p class="small">{t('categoriesIntro')}</p>
      <Show loaded={slices}>
        {(data) => <DataTable caption={t('categoriesTitle')} columns={columns} rows={data.items} rowKey={(row) => row.category} empty={t('noCategories')} />}
      </Show>
    </section>
  );
}
