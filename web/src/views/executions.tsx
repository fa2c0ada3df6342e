// Executions, newest first, filtered by workflow, status, district and start time (GET /v1/admin/executions,
// from the ledger). The filters live in the URL, so the list comes back as it was after opening one.
import { useEffect, useState } from 'preact/hooks';
import { executionStatuses, workflowNames, type Execution, type WorkflowName } from '../api-types.js';
import { ErrorNotice, Loading } from '../components/feedback.js';
import { DistrictField, FilterForm } from '../components/filters.js';
import { StatusBadge } from '../components/status.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatNumber, istInputToIso } from '../format.js';
import { useSignedIn } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { personName, stepLabel } from '../review.js';

/** A type, not an interface: as one it is a query href() takes (an interface has no index signature). */
export type ExecutionFilters = {
  readonly workflow: WorkflowName;
  readonly status: string;
  readonly district: string;
  /** datetime-local values, read as IST */
  readonly from: string;
  readonly to: string;
};

export const filtersFrom = (query: URLSearchParams): ExecutionFilters => ({
  workflow: query.get('workflow') === 'rosterImport' ? 'rosterImport' : 'registration',
  status: query.get('status') ?? '',
  district: query.get('district') ?? '',
  from: query.get('from') ?? '',
  to: query.get('to') ?? '',
});

function FiltersForm({ filters }: { filters: ExecutionFilters }) {
  const { t } = useI18n();
  // Starts from the URL's filters; a new URL mounts a new form (keyed by the filters), so typing is never undone.
  const [draft, setDraft] = useState(filters);
  const field = (name: keyof ExecutionFilters) => (event: Event) => setDraft({ ...draft, [name]: (event.target as HTMLInputElement | HTMLSelectElement).value });
  return (
    <FilterForm onShow={() => navigate(href(['executions'], draft))}>
      <label>
        <span>{t('workflow')}</span>
        <select name="workflow" value={draft.workflow} onChange={field('workflow')}>
          {workflowNames.map((workflow) => (
            <option value={workflow}>{labelFor(t, 'workflow', workflow)}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('status')}</span>
        <select name="status" value={draft.status} onChange={field('status')}>
          <option value="">{t('anyStatus')}</option>
          {executionStatuses.map((status) => (
            <option value={status}>{labelFor(t, 'status', status)}</option>
          ))}
        </select>
      </label>
      <DistrictField value={draft.district} onChange={(district) => setDraft({ ...draft, district })} />
      <label>
        <span>{t('startedFrom')}</span>
        <input type="datetime-local" name="from" value={draft.from} onInput={field('from')} />
      </label>
      <label>
        <span>{t('startedUntil')}</span>
        <input type="datetime-local" name="to" value={draft.to} onInput={field('to')} />
      </label>
    </FilterForm>
  );
}

export function ExecutionsView({ query }: { query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const filters = filtersFrom(query);
  const key = JSON.stringify(filters);
  const [items, setItems] = useState<readonly Execution[] | undefined>();
  /** The filters the items shown were loaded for (the URL may already name newer ones). */
  const [itemsKey, setItemsKey] = useState<string | undefined>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [loading, setLoading] = useState(false);

  const load = async (after: string | undefined) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await api.executions({
        workflow: filters.workflow,
        ...(filters.status === '' ? {} : { status: filters.status }),
        ...(filters.district.trim() === '' ? {} : { district: filters.district.trim() }),
        ...(filters.from === '' ? {} : { from: istInputToIso(filters.from) }),
        ...(filters.to === '' ? {} : { to: istInputToIso(filters.to) }),
        ...(after === undefined ? {} : { cursor: after }),
        limit: 25,
      });
      setItems((previous) => [...(after === undefined ? [] : (previous ?? [])), ...page.items]);
      setCursor(page.cursor);
      setItemsKey(key);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    setItems(undefined);
    void load(undefined);
  }, [key]);

  const columns: Column<Execution>[] = [
    { key: 'name', label: t('execution'), render: (execution) => <a href={href(['executions', execution.workflow, execution.name], filters)}>{execution.name}</a> },
    { key: 'person', label: t('person'), render: (execution) => personName(execution.person, language) },
    { key: 'status', label: t('status'), render: (execution) => <StatusBadge kind="execution" status={execution.status} /> },
    { key: 'block', label: t('block'), render: (execution) => execution.block ?? '—' },
    { key: 'step', label: t('step'), render: (execution) => (execution.step === undefined ? '—' : stepLabel(t, execution.step)) },
    { key: 'district', label: t('district'), render: (execution) => execution.district ?? '—' },
    { key: 'startedAt', label: t('startedAt'), render: (execution) => formatDateTime(execution.startedAt, language) },
    { key: 'stoppedAt', label: t('stoppedAt'), render: (execution) => formatDateTime(execution.stoppedAt, language) },
    { key: 'error', label: t('error'), render: (execution) => (execution.error === undefined ? '—' : <span data-error={execution.error}>{labelFor(t, 'errorName', execution.error)}</span>) },
    { key: 'redriveCount', label: t('redriveCount'), numeric: true, render: (execution) => formatNumber(execution.redriveCount) },
  ];

  return (
    <>
      <h2>{t('executionsTitle')}</h2>
      <p class="intro">{t('executionsIntro')}</p>
      <FiltersForm key={key} filters={filters} />
      {error === undefined ? null : <ErrorNotice error={error} onRetry={() => void load(undefined)} />}
      <div class="list" aria-busy={loading || itemsKey !== key ? 'true' : 'false'} data-filters={itemsKey === undefined ? '' : new URLSearchParams(JSON.parse(itemsKey) as Record<string, string>).toString()}>
        {items === undefined ? (
          error === undefined ? <Loading /> : null
        ) : (
          <>
            <DataTable caption={t('executionsTitle')} columns={columns} rows={items} rowKey={(execution) => execution.name} empty={t('noExecutions')} />
            {cursor === undefined ? null : (
              <button type="button" class="button" disabled={loading} onClick={() => void load(cursor)}>
                {loading ? t('loading') : t('loadMore')}
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}
