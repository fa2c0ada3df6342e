// The workers' progress: per worker, per role or per department, the people each answers for, how many are still
// without a card, cards and visits this week, the most pending first (GET /v1/admin/field-force/progress); a
// worker opens on their own page with their segment (GET /v1/admin/field-force/workers).
import type { Campaign } from '../api-types.js';
import { Bar } from '../components/bars.js';
import { Facts, type FactItem } from '../components/fact.js';
import { Show } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { progressGroups, type ProgressGroup, type Worker, type WorkerProgress } from '../field-types.js';
import { formatNumber } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { href } from '../router.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';

/** A row's name: the worker's name, a role in words, a department as the roster writes it. */
const rowName = (t: Translate, groupBy: ProgressGroup, row: WorkerProgress): string =>
  groupBy === 'role' ? labelFor(t, 'workerRole', row.role ?? row.key) : (row.name ?? row.department ?? row.key);

const progressColumns = (t: Translate, groupBy: ProgressGroup, axis: number): Column<WorkerProgress>[] => [
  {
    key: 'name',
    label: t(`groupBy_${groupBy}`),
    render: (row) => (groupBy === 'worker' ? <a href={href(['field-force', row.key])}>{rowName(t, groupBy, row)}</a> : rowName(t, groupBy, row)),
  },
  {
    key: 'pending',
    label: t('workerPending'),
    numeric: true,
    render: (row) => (
      <span class="figure-bar">
        <Bar value={row.pending} total={axis} />
        <strong>{formatNumber(row.pending)}</strong>
      </span>
    ),
  },
  { key: 'assigned', label: t('workerAssigned'), numeric: true, render: (row) => formatNumber(row.assigned) },
  { key: 'cardedThisWeek', label: t('cardedThisWeek'), numeric: true, render: (row) => formatNumber(row.cardedThisWeek) },
  { key: 'visitsThisWeek', label: t('visitsThisWeek'), numeric: true, render: (row) => formatNumber(row.visitsThisWeek) },
  ...(groupBy === 'worker'
    ? [
        { key: 'role', label: t('workerRole'), render: (row: WorkerProgress) => (row.role === undefined ? '—' : labelFor(t, 'workerRole', row.role)) },
        { key: 'department', label: t('department'), render: (row: WorkerProgress) => row.department ?? '—' },
      ]
    : []),
];

function Progress({ campaign, district, groupBy }: { campaign: Campaign; district: string; groupBy: ProgressGroup }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const progress = useLoad(() => api.fieldProgress({ campaignId: campaign.campaignId, district, groupBy }), [campaign.campaignId, district, groupBy]);
  const title = t(`progressBy_${groupBy}`);
  return (
    <section class="card" aria-labelledby="field-progress">
      <nav class="segmented" aria-label={t('groupByLabel')}>
        {progressGroups.map((option) => (
          <a class="button button-small" href={href(['field-force'], { groupBy: option })} aria-current={option === groupBy ? 'page' : undefined} data-group={option}>
            {t(`groupBy_${option}`)}
          </a>
        ))}
      </nav>
      <h3 id="field-progress">{title}</h3>
      <p class="small">{t('mostPendingFirst')}</p>
      <div class="list" aria-busy={progress.loading ? 'true' : 'false'} data-group={groupBy}>
        <Show loaded={progress}>
          {(data) => {
            // One axis for every row: the most pending of all (the API lists most pending first).
            const axis = Math.max(0, ...data.items.map((row) => row.pending));
            return (
              <>
                <p data-field="unassigned">{t('unassignedPeople', { count: formatNumber(data.unassigned) })}</p>
                <DataTable caption={title} columns={progressColumns(t, groupBy, axis)} rows={data.items} rowKey={(row) => row.key} empty={t('noWorkers')} />
              </>
            );
          }}
        </Show>
      </div>
    </section>
  );
}

export function FieldForceView(props: CampaignViewProps & { query: URLSearchParams }) {
  const { t } = useI18n();
  const wanted = props.query.get('groupBy') ?? '';
  const groupBy: ProgressGroup = (progressGroups as readonly string[]).includes(wanted) ? (wanted as ProgressGroup) : 'worker';
  return (
    <CampaignView {...props} title={t('fieldForceTitle')} intro={t('fieldForceIntro')} districtRequired={true}>
      {(_progress, { campaign, district }) =>
        district === undefined ? null : <Progress key={`${campaign.campaignId}/${district}/${groupBy}`} campaign={campaign} district={district} groupBy={groupBy} />
      }
    </CampaignView>
  );
}

// ---- One worker ---------------------------------------------------------------------------------------------------

/** A worker's figures, by the label each has. */
const workerFigures = [
  ['pending', 'workerPending'],
  ['assigned', 'workerAssigned'],
  ['cardedThisWeek', 'cardedThisWeek'],
  ['visitsThisWeek', 'visitsThisWeek'],
] as const;

function WorkerFacts({ worker, progress }: { worker: Worker; progress: WorkerProgress | undefined }) {
  const { t } = useI18n();
  return (
    <Facts
      items={[
        ['role', t('workerRole'), labelFor(t, 'workerRole', worker.role)],
        ['department', t('department'), worker.department],
        ['place', t('district'), [worker.district, worker.block].filter((part) => part !== undefined).join(' · ')],
        ['mobile', t('mobile'), worker.mobileMasked],
        ['segment', labelFor(t, 'segmentKind', worker.segment.kind), worker.segment.values.join(', ')],
        ...(progress === undefined ? [] : workerFigures.map(([key, label]): FactItem => [key, t(label), formatNumber(progress[key])])),
      ]}
    />
  );
}

export function WorkerView({ workerId, campaign, district }: { workerId: string; campaign: Campaign | undefined; district: string | undefined }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const found = useLoad(
    district === undefined
      ? undefined
      : async () => {
          // The worker among the district's (a page at a time), and their row of the progress.
          let worker: Worker | undefined;
          let cursor: string | undefined;
          do {
            const page = await api.workers({ district, ...(cursor === undefined ? {} : { cursor }) });
            worker = page.items.find((item) => item.workerId === workerId);
            cursor = page.cursor;
          } while (worker === undefined && cursor !== undefined);
          const progress =
            campaign === undefined
              ? undefined
              : (await api.fieldProgress({ campaignId: campaign.campaignId, district, groupBy: 'worker' })).items.find((item) => item.key === workerId);
          return { worker, progress };
        },
    [workerId, campaign?.campaignId, district],
  );
  return (
    <>
      <p>
        <a href={href(['field-force'])}>← {t('fieldForceTitle')}</a>
      </p>
      <Show loaded={found}>
        {({ worker, progress }) =>
          worker === undefined ? (
            <p class="notice">{t('workerNotFound')}</p>
          ) : (
            <>
              <h2>{worker.name}</h2>
              <section class="card" aria-labelledby="worker-details" data-worker={worker.workerId}>
                <h3 id="worker-details">{t('workerDetails')}</h3>
                <WorkerFacts worker={worker} progress={progress} />
              </section>
            </>
          )
        }
      </Show>
    </>
  );
}
