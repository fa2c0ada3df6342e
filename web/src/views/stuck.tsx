// Stuck executions: registrations waiting on one step longer than its SLA, most overdue first, with who must act
// (the applicant, a named DDO or verifier, an admin), and imports running too long (GET /v1/admin/stuck). Each
// links to the execution's timeline, where it can be stopped or redriven.
import { useMemo, useState } from 'preact/hooks';
import { workflowNames, type StuckExecution, type WorkflowName } from '../api-types.js';
import { Show } from '../components/feedback.js';
import { DistrictField, FilterForm } from '../components/filters.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatOverdue } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { labelFor, reasonLabel, useI18n } from '../i18n/index.js';
import { href, navigate } from '../router.js';
import { personName } from '../review.js';

export function StuckView({ query }: { query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const workflow: WorkflowName = query.get('workflow') === 'rosterImport' ? 'rosterImport' : 'registration';
  const district = query.get('district') ?? '';
  const holder = query.get('holder') ?? '';
  const [draft, setDraft] = useState({ workflow, district });
  const list = useLoad(() => api.stuck({ workflow, ...(district === '' ? {} : { district }), limit: 100 }), [workflow, district]);
  // The moment the list was loaded, against which each case's time past its limit is told.
  const loadedAt = useMemo(() => Date.now(), [list.data]);

  const columns: Column<StuckExecution>[] = [
    { key: 'name', label: t('execution'), render: (item) => <a href={href(['executions', item.workflow, item.name])}>{item.name}</a> },
    { key: 'person', label: t('person'), render: (item) => personName(item.person, language) },
    { key: 'step', label: t('step'), render: (item) => labelFor(t, 'step', item.step) },
    {
      key: 'waitingOn',
      label: t('waitingOn'),
      render: (item) =>
        item.holder?.name === undefined
          ? item.waitingOn.label[language]
          : [item.holder.name, item.holder.office, item.holder.mobileMasked].filter((part) => part !== undefined).join(' · '),
    },
    {
      key: 'overdue',
      label: t('overdueBy'),
      numeric: true,
      // From the limit itself, to the minute: the API's whole hours read "0 h" for a case 40 minutes past it.
      render: (item) => <span data-overdue-ms={String(loadedAt - Date.parse(item.slaDueAt))}>{formatOverdue(loadedAt - Date.parse(item.slaDueAt), t)}</span>,
    },
    { key: 'since', label: t('waitingSince'), render: (item) => formatDateTime(item.since, language) },
    {
      key: 'status',
      label: t('status'),
      render: (item) => (
        <span data-status={item.status}>{labelFor(t, item.workflow === 'registration' ? 'registrationStatus' : 'status', item.status)}</span>
      ),
    },
    { key: 'reason', label: t('reasonCode'), render: (item) => (item.reasonCode === undefined ? '—' : <span data-code={item.reasonCode}>{reasonLabel(t, item.reasonCode)}</span>) },
    { key: 'district', label: t('district'), render: (item) => item.district ?? '—' },
    { key: 'block', label: t('block'), render: (item) => item.block ?? '—' },
  ];
  return (
    <>
      <h2>{t('stuckTitle')}</h2>
      <p class="intro">{t('stuckIntro')}</p>
      <FilterForm onShow={() => navigate(href(['stuck'], { workflow: draft.workflow, district: draft.district.trim() }))}>
        <label>
          <span>{t('workflow')}</span>
          <select name="workflow" value={draft.workflow} onChange={(event) => setDraft({ ...draft, workflow: (event.target as HTMLSelectElement).value as WorkflowName })}>
            {workflowNames.map((name) => (
              <option value={name}>{labelFor(t, 'workflow', name)}</option>
            ))}
          </select>
        </label>
        <DistrictField value={draft.district} onChange={(district) => setDraft({ ...draft, district })} />
      </FilterForm>
      <Show loaded={list}>
        {(page) => <DataTable caption={t('stuckTitle')} columns={columns} rows={holder === '' ? page.items : page.items.filter((item) => item.holder?.queue === holder)} rowKey={(item) => `${item.name}#${item.step}`} empty={t('noStuck')} />}
      </Show>
    </>
  );
}
