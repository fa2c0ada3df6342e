// The gap ledger: every eligible person without a card, by reason, per block and per village or department
// (GET /v1/admin/campaigns/{id}/progress?district=), a block's worklist as a CSV (GET .../worklist returns a
// link) and the daily report as CSV and PDF (GET .../reports/daily?date=).
import { useState } from 'preact/hooks';
import type { Campaign, DailyReport, DistrictProgress, PlaceProgress, Worklist } from '../api-types.js';
import { Count, DrillDistrict } from '../components/count.js';
import { ErrorNotice } from '../components/feedback.js';
import { reasonsOf, withoutCard } from '../derived.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatNumber, formatPercent } from '../format.js';
import { useSignedIn } from '../hooks.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';

/** Rows of blocks open the people behind each count; rows of villages or departments are figures only. */
const gapColumns = (t: Translate, first: string, reasons: readonly string[], blocks = false): Column<PlaceProgress>[] => {
  const figure = (place: PlaceProgress, value: number, key: string) => (blocks ? <Count value={value} of={key} block={place.name} /> : formatNumber(value));
  return [
    { key: 'name', label: first, render: (place) => place.name },
    { key: 'withoutCard', label: t('withoutCard'), numeric: true, render: (place) => <strong>{formatNumber(withoutCard(place))}</strong> },
    ...reasons.map((reason): Column<PlaceProgress> => ({ key: reason, label: labelFor(t, 'reason', reason), numeric: true, render: (place) => figure(place, place.gap[reason] ?? 0, reason) })),
  ];
};

function WorklistLink({ worklist }: { worklist: Worklist }) {
  const { t, language } = useI18n();
  return (
    <div class="notice notice-ok" role="status" data-worklist={worklist.block}>
      <p>
        {t('worklistReady', { block: worklist.block, people: formatNumber(worklist.people) })}{' '}
        <a class="button" href={worklist.url} rel="noopener">
          {t('download')}
        </a>
      </p>
      <p class="small">{t('linkValidUntil', { time: formatDateTime(worklist.expiresAt, language) })}</p>
    </div>
  );
}

function BlockGaps({ campaign, district }: { campaign: Campaign; district: DistrictProgress }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [worklist, setWorklist] = useState<Worklist | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const reasons = reasonsOf(district);
  const fetchWorklist = async (block: string) => {
    setBusy(block);
    setError(undefined);
    try {
      setWorklist(await api.worklist(campaign.campaignId, district.name, block));
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(undefined);
    }
  };
  // Key columns first: the block, how many lack a card, and the worklist to act on them; then the reasons, which
  // may run past the box's right edge (the table says so) without pushing the main action off-screen.
  const [blockColumn, withoutCardColumn, ...reasonColumns] = gapColumns(t, t('block'), reasons, true);
  const columns: Column<PlaceProgress>[] = [
    ...(blockColumn === undefined || withoutCardColumn === undefined ? [] : [blockColumn, withoutCardColumn]),
    {
      key: 'worklist',
      label: t('worklist'),
      render: (place) => (
        <button type="button" class="button button-small" disabled={busy !== undefined} aria-label={t('worklistOf', { block: place.name })} onClick={() => void fetchWorklist(place.name)}>
          {busy === place.name ? t('loading') : t('worklist')}
        </button>
      ),
    },
    ...reasonColumns,
  ];
  return (
    <section class="card" aria-labelledby="gap-blocks">
      <h3 id="gap-blocks">
        {t('gapsTitle')}: {district.name}
      </h3>
      {reasons.length === 0 ? <p class="notice">{t('noGap')}</p> : null}
      <DrillDistrict district={district.name}>
        <DataTable caption={`${t('gapsTitle')}: ${t('block')}`} columns={columns} rows={district.blocks} rowKey={(place) => place.name} />
      </DrillDistrict>
      {error === undefined ? null : <ErrorNotice error={error} />}
      {worklist === undefined ? null : <WorklistLink worklist={worklist} />}
    </section>
  );
}

function FinerGaps({ district }: { district: DistrictProgress }) {
  const { t } = useI18n();
  const reasons = reasonsOf(district);
  const levels = [
    { id: 'gap-villages', title: t('byVillage'), places: district.villages ?? [] },
    { id: 'gap-departments', title: t('byDepartment'), places: district.departments ?? [] },
  ].filter((level) => level.places.length > 0);
  return (
    <>
      {levels.map((level) => (
        <section class="card" aria-labelledby={level.id}>
          <h3 id={level.id}>{level.title}</h3>
          <DataTable caption={level.title} columns={gapColumns(t, t('place'), reasons)} rows={level.places} rowKey={(place) => place.name} />
        </section>
      ))}
    </>
  );
}

function DailyReportPanel({ campaign, today }: { campaign: Campaign; today: string }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [date, setDate] = useState(today);
  const [report, setReport] = useState<DailyReport | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusy] = useState(false);
  const make = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.dailyReport(campaign.campaignId, date));
    } catch (failure) {
      setError(failure as Error);
      setReport(undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="daily-report">
      <h3 id="daily-report">{t('dailyReport')}</h3>
      <p class="intro">{t('dailyReportIntro')}</p>
      <form class="inline-form" onSubmit={(event) => void make(event)}>
        <label>
          <span>{t('reportDate')}</span>
          <input type="date" name="date" required max={today} value={date} onInput={(event) => setDate((event.target as HTMLInputElement).value)} />
        </label>
        <button type="submit" class="button" disabled={busy}>
          {busy ? t('loading') : t('makeReport')}
        </button>
      </form>
      {error === undefined ? null : <ErrorNotice error={error} />}
      {report === undefined ? null : (
        <div class="notice notice-ok" role="status" data-report={report.date}>
          <p>
            {t('reportSummary', {
              date: report.date,
              issued: formatNumber(report.total.issuedTillDate),
              eligible: formatNumber(report.total.eligible),
              saturation: formatPercent(report.total.saturationPercent),
              pending: formatNumber(report.total.pendingApproval),
              over7: formatNumber(report.total.pendingOver7Days),
            })}
          </p>
          <p class="links">
            <a class="button" href={report.csvUrl} rel="noopener">
              {t('reportCsv')}
            </a>
            <a class="button" href={report.pdfUrl} rel="noopener">
              {t('reportPdf')}
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

export function GapsView(props: CampaignViewProps) {
  const { t } = useI18n();
  return (
    <CampaignView {...props} title={t('gapsTitle')} intro={t('gapsIntro')} districtRequired={true}>
      {(progress, { campaign }) => {
        const district = progress.districts[0];
        if (district === undefined) return null;
        return (
          <>
            <BlockGaps key={`${campaign.campaignId}/${district.name}`} campaign={campaign} district={district} />
            <FinerGaps district={district} />
            <DailyReportPanel key={campaign.campaignId} campaign={campaign} today={progress.today} />
          </>
        );
      }}
    </CampaignView>
  );
}
