// The daily report, block-wise, the way district officers report upward: for a day, each block's eligible
// people, cards issued till that day and on it, registrations started, pending approvals (and those waiting over
// a week), people blocked by reason, and not started. Figures are as they stood at the end of that day (IST):
// today's counts less the net changes of every later day. Written as a CSV and a printable PDF, linked.
import { ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { addCounts, funnelOf, indianDay } from '../progress.js';
import type { Campaign } from '../../ports/campaigns.js';
import type { RosterFiles } from '../../ports/roster-files.js';
import { requireCampaign, visibleDistricts, type CampaignDeps } from './campaigns.js';
import type { CampaignTargets } from '../../ports/campaigns.js';
import { dayRange, daysFrom, type Outlook, type TrendDay } from '../trend.js';
import { trendOfDistricts, visibleTargets, type TrendTarget } from './trend.js';

export interface DailyRow {
  readonly district: string;
  readonly block: string;
  readonly eligible: number;
  readonly issuedTillDate: number;
  readonly issuedOnDate: number;
  readonly saturationPercent: number | null;
  readonly startedTillDate: number;
  readonly startedOnDate: number;
  readonly pendingApproval: number;
  readonly pendingOver7Days: number;
  readonly aadhaarMobileNotLinked: number;
  readonly aadhaarUpdateNeeded: number;
  readonly ekycFailing: number;
  readonly rejected: number;
  readonly notStarted: number;
}

/** Where the drive is going, as at the end of the report's date: the trend's figures (core/trend.ts). */
export interface DailyOutlook extends Outlook {
  readonly target: TrendTarget | null;
  readonly carded: number;
  /** The days up to the report's date, oldest first. */
  readonly days: readonly TrendDay[];
}

export interface DailyReport {
  readonly campaign: Campaign;
  readonly date: string;
  readonly generatedAt: string;
  readonly rows: readonly DailyRow[];
  readonly total: DailyRow;
  readonly outlook: DailyOutlook;
}

/** Days of cards per day the report shows, ending with its date. */
export const outlookDays = 28;

/** The outlook's lines, in order, as the CSV and the PDF print them (English / Hindi). */
export const outlookLines: readonly { readonly en: string; readonly hi: string; readonly value: (outlook: DailyOutlook) => string }[] = [
  {
    en: 'Saturation target %',
    hi: 'संतृप्ति लक्ष्य %',
    value: (outlook) => (outlook.target === null ? '' : String(outlook.target.saturationPercent)),
  },
  { en: 'Target date', hi: 'लक्ष्य तिथि', value: (outlook) => outlook.target?.endsOn ?? '' },
  { en: 'Target cards', hi: 'लक्षित कार्ड', value: (outlook) => (outlook.target === null ? '' : String(outlook.target.targetCards)) },
  { en: 'Cards till date', hi: 'कुल कार्ड', value: (outlook) => String(outlook.carded) },
  { en: 'Days left', hi: 'शेष दिन', value: (outlook) => (outlook.daysLeft === null ? '' : String(outlook.daysLeft)) },
  {
    en: 'Cards a day needed',
    hi: 'प्रतिदिन आवश्यक कार्ड',
    value: (outlook) => (outlook.neededPerDay === null ? '' : String(outlook.neededPerDay)),
  },
  { en: 'Cards a day achieved (last 7 days)', hi: 'प्रतिदिन बने कार्ड (पिछले 7 दिन)', value: (outlook) => String(outlook.achievedPerDay) },
  { en: 'Projected saturation date', hi: 'संतृप्ति की अनुमानित तिथि', value: (outlook) => outlook.projectedSaturationOn ?? '' },
];

/** The per-day table's heads (English / Hindi). */
export const outlookDayColumns = [
  { key: 'day', en: 'Day', hi: 'दिनांक' },
  { key: 'cardsIssued', en: 'Cards issued', hi: 'जारी कार्ड' },
  { key: 'started', en: 'Registrations started', hi: 'नए पंजीकरण' },
  { key: 'pending', en: 'Pending approval at day end', hi: 'दिन के अंत में अनुमोदन लंबित' },
] as const satisfies readonly { readonly key: keyof TrendDay; readonly en: string; readonly hi: string }[];

export interface DailyReportDeps extends Pick<CampaignDeps, 'campaigns' | 'progress' | 'people' | 'clock'> {
  readonly targets: Pick<CampaignTargets, 'targets'>;
  readonly files: Pick<RosterFiles, 'writeReport' | 'writeBytes' | 'reportLink'>;
  readonly renderPdf: (report: DailyReport) => Promise<Uint8Array>;
}

/** The columns, in order, as the CSV and the PDF print them (English / Hindi). */
export const dailyColumns: readonly { readonly key: keyof DailyRow; readonly en: string; readonly hi: string }[] = [
  { key: 'district', en: 'District', hi: 'जिला' },
  { key: 'block', en: 'Block', hi: 'विकास खंड' },
  { key: 'eligible', en: 'Eligible', hi: 'पात्र' },
  { key: 'issuedTillDate', en: 'Cards till date', hi: 'कुल कार्ड' },
  { key: 'issuedOnDate', en: 'Cards on date', hi: 'आज के कार्ड' },
  { key: 'saturationPercent', en: 'Saturation %', hi: 'संतृप्ति %' },
  { key: 'startedTillDate', en: 'Registrations till date', hi: 'कुल पंजीकरण' },
  { key: 'startedOnDate', en: 'Registrations on date', hi: 'आज के पंजीकरण' },
  { key: 'pendingApproval', en: 'Pending approval', hi: 'मंज़ूरी लंबित' },
  { key: 'pendingOver7Days', en: 'Pending over 7 days', hi: '7 दिन से अधिक लंबित' },
  { key: 'aadhaarMobileNotLinked', en: 'Aadhaar without mobile', hi: 'आधार से मोबाइल नहीं जुड़ा' },
  { key: 'aadhaarUpdateNeeded', en: 'Aadhaar update needed', hi: 'आधार अद्यतन आवश्यक' },
  { key: 'ekycFailing', en: 'e-KYC failing', hi: 'ई-केवाईसी विफल' },
  { key: 'rejected', en: 'Rejected', hi: 'नामंज़ूर' },
  { key: 'notStarted', en: 'Not started', hi: 'पंजीकरण शेष' },
];

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** The reach of a report: a year back at most (each day after the report's date is one read per roster type). */
const maxDaysBack = 366;

const rowOf = (
  district: string,
  block: string,
  counts: Readonly<Record<string, number>>,
  onDate: Readonly<Record<string, number>>,
  eligible: number,
  date: string,
): DailyRow => {
  const funnel = funnelOf(counts, eligible, date);
  const moved = funnelOf(onDate, 0, date);
  return {
    district,
    block,
    eligible,
    issuedTillDate: funnel.issued,
    issuedOnDate: moved.issued,
    saturationPercent: funnel.saturationPercent,
    startedTillDate: funnel.started,
    startedOnDate: moved.started,
    pendingApproval: funnel.pendingApproval,
    pendingOver7Days: funnel.pendingByAge['over 7 days'],
    aadhaarMobileNotLinked: funnel.gap['aadhaar-mobile-not-linked'] ?? 0,
    aadhaarUpdateNeeded: funnel.gap['aadhaar-update-needed'] ?? 0,
    ekycFailing: funnel.gap['ekyc-failing'] ?? 0,
    rejected: funnel.gap.rejected ?? 0,
    notStarted: funnel.gap['not-started'] ?? 0,
  };
};

const sumRows = (rows: readonly DailyRow[], name: string): DailyRow => {
  const total = { district: name, block: '' } as Record<string, unknown>;
  for (const column of dailyColumns.slice(2)) {
    if (column.key === 'saturationPercent') continue;
    total[column.key] = rows.reduce((sum, row) => sum + (row[column.key] as number), 0);
  }
  const eligible = total.eligible as number;
  total.saturationPercent = eligible === 0 ? null : Math.round((1000 * (total.issuedTillDate as number)) / eligible) / 10;
  return total as unknown as DailyRow;
};

/** Each block's counts per progress key at the end of `date`: the running counts less every later day's change. */
const blocksAsOf = async (deps: DailyReportDeps, campaign: Campaign, district: string, date: string, today: string) => {
  const later: string[] = [];
  for (let day = nextDay(date); day <= today; day = nextDay(day)) later.push(day);
  const perType = await Promise.all(
    campaign.rosterTypes.map(async (rosterType) => {
      const [current, onDate, ...after] = await Promise.all([
        deps.progress.counts(campaign.scheme, district, rosterType),
        deps.progress.dayCounts(campaign.scheme, district, rosterType, date),
        ...later.map((day) => deps.progress.dayCounts(campaign.scheme, district, rosterType, day)),
      ]);
      return { current, onDate, after: after.flat() };
    }),
  );
  const blocks = new Map<string, { counts: Record<string, number>; onDate: Record<string, number> }>();
  const add = (slot: string, part: 'counts' | 'onDate', counts: Readonly<Record<string, number>>, sign: 1 | -1) => {
    if (!slot.startsWith('block#')) return;
    const name = slot.slice('block#'.length);
    const block = blocks.get(name) ?? { counts: {}, onDate: {} };
    for (const [key, count] of Object.entries(counts)) block[part][key] = (block[part][key] ?? 0) + sign * count;
    blocks.set(name, block);
  };
  for (const { current, onDate, after } of perType) {
    for (const row of current) add(row.slot, 'counts', row.counts, 1);
    for (const row of after) add(row.slot, 'counts', row.counts, -1);
    for (const row of onDate) add(row.slot, 'onDate', row.counts, 1);
  }
  return blocks;
};

export const dailyReport = async (deps: DailyReportDeps, caller: Caller, campaignId: string, date: string) => {
  const campaign = await requireCampaign(deps, caller, campaignId);
  const now = deps.clock.now();
  const today = indianDay(now);
  if (date > today)
    throw new ValidationError({
      code: 'DATE_IN_FUTURE',
      message: `${date} has not ended yet in India (today is ${today}).`,
      details: { today },
    });
  if (Date.parse(today) - Date.parse(date) > maxDaysBack * 86_400_000)
    throw new ValidationError({ code: 'DATE_TOO_OLD', message: `Reports go back ${maxDaysBack} days.`, details: { today } });
  const districts = visibleDistricts(caller, campaign);
  const rows: DailyRow[] = [];
  for (const district of districts) {
    const [blocks, populations] = await Promise.all([
      blocksAsOf(deps, campaign, district, date, today),
      deps.people
        .eligible(campaign.scheme, district)
        .then((all) => all.filter((population) => campaign.rosterTypes.includes(population.rosterType))),
    ]);
    const eligibleByBlock = addCounts(...populations.map((population) => population.byBlock));
    const names = [...new Set([...Object.keys(eligibleByBlock), ...blocks.keys()])].sort((a, b) => a.localeCompare(b));
    const districtRows = names.map((block) =>
      rowOf(district, block, blocks.get(block)?.counts ?? {}, blocks.get(block)?.onDate ?? {}, eligibleByBlock[block] ?? 0, date),
    );
    rows.push(...districtRows);
  }
  // The outlook as at the end of the date: its pace over the 7 days ending with it, the days left after it.
  const figures = await trendOfDistricts(
    deps,
    campaign,
    districts,
    await visibleTargets(deps, caller, campaign),
    dayRange(today, daysFrom(date, today) + outlookDays),
    date,
    date,
  );
  const outlook: DailyOutlook = {
    target: figures.target,
    carded: figures.carded,
    ...figures.outlook,
    days: figures.trend.filter((day) => day.day <= date),
  };
  const report: DailyReport = { campaign, date, generatedAt: new Date(now).toISOString(), rows, total: sumRows(rows, 'Total'), outlook };

  const prefix = `reports/${campaign.campaignId}/daily/${date}/${report.generatedAt.replace(/[:.]/g, '-')}`;
  const cells = (row: DailyRow) => dailyColumns.map((column) => (row[column.key] === null ? '' : String(row[column.key])));
  await Promise.all([
    deps.files.writeReport(
      `${prefix}.csv`,
      [
        dailyColumns.map((column) => `${column.en} / ${column.hi}`),
        ...rows.map(cells),
        cells(report.total),
        [],
        ...outlookLines.map((line) => [`${line.en} / ${line.hi}`, line.value(outlook)]),
        [],
        outlookDayColumns.map((column) => `${column.en} / ${column.hi}`),
        ...outlook.days.map((day) => outlookDayColumns.map((column) => String(day[column.key]))),
      ],
      { forPeople: true },
    ),
    deps.renderPdf(report).then((pdf) => deps.files.writeBytes(`${prefix}.pdf`, pdf, 'application/pdf')),
  ]);
  const linkSeconds = 15 * 60;
  return {
    ...report,
    csvUrl: await deps.files.reportLink(`${prefix}.csv`, linkSeconds),
    pdfUrl: await deps.files.reportLink(`${prefix}.pdf`, linkSeconds),
    expiresAt: new Date(now + linkSeconds * 1000).toISOString(),
  };
};
