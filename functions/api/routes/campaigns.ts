// Campaigns API for admins: create, list, one campaign, its progress against the rosters, worklists and daily
// reports. Declarations and schemas; the handlers are in functions/api/campaigns.ts.
import * as z from 'zod';
import { rosterTypes, schemeIds } from '../../core/schemes.js';
import { gapReasons } from '../../core/progress.js';
import { defineRoutes, pathParameter } from './define.js';
import { AnomalyView } from './anomalies.js';
import {
  HolderView,
  adminsByDistrict,
  blockIssue,
  canonicalBlock,
  districtName,
  freeText,
  indianDay,
  pageQuery,
  placeName,
  text,
  view,
} from './shared.js';

export const CampaignBody = z
  .object({
    name: freeText(80).meta({ description: 'Unique within the scheme: posting the same campaign again returns it' }),
    scheme: z.enum(schemeIds),
    districts: z.array(districtName).min(1).max(100),
    rosterTypes: z
      .array(z.enum(rosterTypes))
      .min(1)
      .max(rosterTypes.length)
      .optional()
      .meta({ description: 'Default: every roster type the scheme registers from' }),
    startDate: indianDay,
    endDate: indianDay,
  })
  .strict()
  .meta({ id: 'CampaignRequest' });

export const TargetView = view('CampaignTarget', {
  campaignId: z.string(),
  district: z.string(),
  saturationPercent: z.number(),
  endsOn: z.string(),
  blocks: z.record(z.string(), z.number()).meta({ description: "Blocks whose target differs from the district's" }),
  setAt: z.string(),
  setBy: z.string(),
});

export const CampaignView = view('Campaign', {
  campaignId: z.string(),
  name: z.string(),
  scheme: z.string(),
  districts: z.array(z.string()),
  rosterTypes: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  targets: z
    .array(TargetView)
    .optional()
    .meta({ description: "On one campaign and its progress: the targets of the caller's districts that have one" }),
});

export const WorklistQuery = z
  .object({
    district: districtName,
    block: placeName(60).meta({ description: 'As the roster names it; `-` for people whose roster gives no block' }),
    reason: z.enum(gapReasons).optional().meta({ description: 'One reason only (default: every reason)' }),
  })
  .strict()
  .superRefine(blockIssue)
  .overwrite(canonicalBlock);

export const WorklistView = view('Worklist', {
  campaignId: z.string(),
  district: z.string(),
  block: z.string(),
  reason: z.string().optional(),
  asOf: z.string(),
  people: z.number(),
  byReason: z.record(z.string(), z.number()),
  url: z.string().meta({
    description:
      'CSV (UTF-8 with BOM): person, where, reason, registration, status, since, what to do in English and Hindi (15-minute link)',
  }),
  expiresAt: z.string(),
});

export const DailyReportQuery = z.object({ date: indianDay }).strict();

const DailyRowView = view('DailyReportRow', {
  district: z.string(),
  block: z.string(),
  eligible: z.number(),
  issuedTillDate: z.number(),
  issuedOnDate: z.number(),
  saturationPercent: z.number().nullable(),
  startedTillDate: z.number(),
  startedOnDate: z.number(),
  pendingApproval: z.number(),
  pendingOver7Days: z.number(),
  aadhaarMobileNotLinked: z.number(),
  aadhaarUpdateNeeded: z.number(),
  ekycFailing: z.number(),
  rejected: z.number(),
  notStarted: z.number(),
});

const TrendDayView = view('TrendDay', {
  day: z.string(),
  cardsIssued: z.number().meta({ description: 'Cards issued that day (net)' }),
  started: z.number().meta({ description: 'People who started a registration that day (net)' }),
  pending: z.number().meta({ description: 'Cases waiting for an approver at the end of the day (today: now)' }),
});

const TrendTargetView = view('TrendTarget', {
  saturationPercent: z.number(),
  endsOn: z.string(),
  targetCards: z.number().meta({ description: 'That share of the eligible, rounded up' }),
});

export const DailyReportView = view('DailyReport', {
  campaign: CampaignView,
  date: z.string(),
  generatedAt: z.string(),
  rows: z.array(DailyRowView).meta({ description: 'One per block, as at the end of the day (IST)' }),
  total: DailyRowView,
  outlook: z
    .object({
      target: TrendTargetView.nullable(),
      carded: z.number(),
      daysLeft: z.number().nullable(),
      neededPerDay: z.number().nullable(),
      achievedPerDay: z.number(),
      projectedSaturationOn: z.string().nullable(),
      days: z.array(TrendDayView),
    })
    .meta({
      description:
        'As at the end of the date: the target, days left after it, the rate needed, the rate of its last 7 days, the projected saturation day, and the 28 days to it',
    }),
  csvUrl: z.string().meta({ description: 'The report as CSV (UTF-8 with BOM), a 15-minute link' }),
  pdfUrl: z.string().meta({ description: 'The report as a printable A4 PDF, a 15-minute link' }),
  expiresAt: z.string(),
});

export const RecountQuery = z
  .object({
    district: districtName,
    cursor: text(2000).optional().meta({ description: 'From the previous page; absent for the first' }),
  })
  .strict();

const SlotCountsView = view('SlotCounts', {
  rosterType: z.string(),
  slot: z.string().meta({
    description: '`block#<name>`, `village#<block>/<name>`, `department#<name>`, `ddo#<code>` or `category#<beneficiary category>`',
  }),
  counts: z.record(z.string(), z.number()).meta({ description: 'People per progress key' }),
});

export const RecountView = view('Recount', {
  campaignId: z.string(),
  district: z.string(),
  registrations: z.number().meta({ description: "Registrations of the scheme read on this page (any district's)" }),
  recounted: z.array(SlotCountsView).meta({ description: "This page's registrations, counted afresh, per place in the district" }),
  cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
  counted: z
    .object({ asOf: z.string().nullable(), slots: z.array(SlotCountsView) })
    .optional()
    .meta({ description: 'On the last page: the counts the change stream kept (every shard), exact as of `asOf`' }),
});

export const ProgressQuery = z
  .object({ district: districtName.optional().meta({ description: 'One district in detail: blocks, villages, departments, DDOs' }) })
  .strict();

const ChangeView = view(
  'ChangeToday',
  { started: z.number(), mobileVerified: z.number(), ekycDone: z.number(), pendingApproval: z.number(), issued: z.number() },
  'Net change today (IST) of each figure',
);

export const PlaceProgressView = view('PlaceProgress', {
  name: z.string(),
  eligible: z.number().meta({ description: 'From the rosters (the last import of each roster type)' }),
  started: z.number().meta({ description: 'People with a registration (their latest)' }),
  mobileVerified: z.number(),
  ekycDone: z.number(),
  pendingApproval: z.number(),
  pendingByAge: z.record(z.string(), z.number()).meta({ description: 'Pending approval by days waiting: 0-1, 2-3, 4-7, over 7' }),
  issued: z.number(),
  blocked: z.record(z.string(), z.number()).meta({ description: 'Stopped for a reason someone must act on, by reason' }),
  gap: z
    .record(z.string(), z.number())
    .meta({ description: 'Every eligible person without a card, by reason (not-started = eligible - started)' }),
  saturationPercent: z.number().nullable(),
  change: ChangeView.optional(),
});

const DistrictProgressView = PlaceProgressView.extend({
  blocks: z.array(PlaceProgressView),
  villages: z.array(PlaceProgressView).optional(),
  departments: z.array(PlaceProgressView).optional(),
  ddos: z
    .array(PlaceProgressView.extend({ holder: HolderView.meta({ description: "The DDO's queue (ddo:<code>) and who holds it, by name" }) }))
    .optional(),
}).meta({ id: 'DistrictProgress' });

export const CampaignProgressView = view('CampaignProgress', {
  campaign: CampaignView,
  asOf: z.string().nullable().meta({
    description:
      "Every registration change up to this moment is counted (the table's change stream applied that far, seconds behind); null before any change was counted",
  }),
  today: z.string(),
  total: PlaceProgressView,
  districts: z.array(DistrictProgressView),
});

const percent = z.number().meta({ description: 'Per cent of the eligible people carded, 1 to 100' });

export const TargetBody = z
  .object({
    district: districtName,
    saturationPercent: percent,
    endsOn: indianDay.meta({ description: "The day the target is to be reached, within the campaign's dates" }),
    blocks: z
      .record(placeName(60), percent)
      .refine((blocks) => Object.keys(blocks).length <= 300, 'at most 300 blocks')
      .optional()
      .meta({ description: "Blocks whose target differs from the district's, as the roster names them" }),
  })
  .strict()
  .meta({ id: 'CampaignTargetRequest' });

const CategorySliceView = view('CategorySlice', {
  category: z
    .string()
    .meta({ description: 'The beneficiary category: pm-janman, vay-vandana, asha-anganwadi (functions/core/categories/*.json)' }),
  label: z.object({ en: z.string(), hi: z.string() }),
  eligible: z.number().meta({ description: "The category's people on the campaign's rosters, as counted at each roster's last import" }),
  carded: z.number().meta({ description: 'Of them, people carded' }),
  pending: z.number().meta({ description: 'Eligible less carded' }),
  started: z.number().meta({ description: 'People with a registration' }),
  gap: z
    .record(z.string(), z.number())
    .meta({ description: 'Eligible people without a card, by the gap ledger reason (not-started = eligible - started)' }),
});

export const CategorySlicesView = view('CategorySlices', {
  asOf: z.string().nullable().meta({ description: 'Every change up to this moment is counted (null before any was)' }),
  items: z.array(CategorySliceView),
});

export const TrendQuery = z
  .object({
    district: districtName.optional().meta({ description: "One district (default: every district of the caller's in the campaign)" }),
    days: z.coerce.number().int().min(1).max(92).default(28).meta({ description: 'Days back, today included (1-92, default 28)' }),
  })
  .strict();

const BlockBehindView = view('BlockBehind', {
  district: z.string(),
  block: z.string(),
  eligible: z.number(),
  carded: z.number(),
  targetCards: z.number(),
  behindBy: z.number().meta({ description: "Cards still short of the block's target (0 once reached)" }),
});

export const TrendView = view('CampaignTrend', {
  campaignId: z.string(),
  district: z.string().optional(),
  asOf: z.string().nullable().meta({ description: 'Every registration change up to this moment is counted' }),
  today: z.string(),
  days: z.array(TrendDayView).meta({ description: 'One per day (IST), oldest first, today last' }),
  eligible: z.number(),
  carded: z.number(),
  target: TrendTargetView.nullable().meta({
    description: 'Null when a district asked for has none (several districts: when any has none)',
  }),
  daysLeft: z.number().nullable().meta({ description: 'Days from today through the end date; null without a target' }),
  neededPerDay: z.number().nullable().meta({ description: 'Cards a day needed to reach the target by its end date, rounded up' }),
  achievedPerDay: z.number().meta({ description: 'Mean cards a day over the 7 days before today' }),
  projectedSaturationOn: z
    .string()
    .nullable()
    .meta({ description: 'When the target (100% without one) is reached at the achieved pace; null when the pace is 0' }),
  blocks: z.array(BlockBehindView).meta({ description: 'Blocks against their targets, furthest behind first' }),
});

export const AttentionQuery = z
  .object({
    campaignId: z
      .string()
      .regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters')
      .optional()
      .meta({ description: 'For the blocks behind their targets (none without it)' }),
    district: districtName.optional(),
  })
  .strict();

const counted = <T extends z.ZodType>(item: T) =>
  z.object({ count: z.number(), items: z.array(item).meta({ description: 'Ten at most' }) });

export const AttentionView = view('Attention', {
  asOf: z.string().nullable(),
  failedExecutions: counted(
    z.object({
      workflow: z.string(),
      name: z.string(),
      registrationId: z.string().optional(),
      person: z.string().optional(),
      block: z.string().optional(),
      step: z.string().optional(),
      failedAt: z.string(),
      error: z.string(),
    }),
  ),
  overdue: z.object({
    count: z.number().meta({ description: 'Cases waiting past their SLA' }),
    byHolder: z
      .array(
        z.object({
          queue: z.string().meta({ description: '`ddo:<code>`, `verifier:<district>`, …, or `applicant` (the person must act)' }),
          name: z.string().optional(),
          office: z.string().optional(),
          mobileMasked: z.string().optional(),
          count: z.number(),
          oldestDays: z.number().meta({ description: 'Whole days the longest of them has waited' }),
        }),
      )
      .meta({ description: 'Ten at most, the most cases first' }),
  }),
  anomalies: z.object({ open: z.number(), items: z.array(AnomalyView).meta({ description: 'Ten at most, newest first' }) }),
  refusedImports: counted(z.object({ importId: z.string(), fileName: z.string(), refusedAt: z.string(), code: z.string() })),
  blocksBehind: z.array(BlockBehindView).meta({ description: 'Five at most, from the trend' }),
});

export const PeopleQuery = z
  .object({
    district: districtName,
    block: placeName(60).optional().meta({ description: 'One block (`-`: people whose roster gives none); default: the whole district' }),
    key: text(80).meta({
      description:
        'The count: a figure (started, mobileVerified, ekycDone, pendingApproval, issued), a gap reason (not-started, awaiting-approval, …), a status (CARD_ISSUED, PENDING_APPROVAL, …), a progress key (EKYC_BLOCKED:EKYC_MOBILE_NOT_LINKED), or day:<yyyy-mm-dd>:cardsIssued',
    }),
    ...pageQuery(50),
  })
  .strict()
  .superRefine(blockIssue)
  .overwrite(canonicalBlock);

export const PersonBehindView = view('PersonBehindCount', {
  registrationId: z.string().optional().meta({ description: 'Their latest registration; absent for people not started' }),
  personKey: z.string().meta({ description: 'The roster key (emp:EMP-3006), for machines' }),
  name: z.string().optional().meta({ description: "The roster's name: whole for the district's admin, initials (R*** K***) for others" }),
  nameLocal: z.string().optional(),
  block: z.string(),
  village: z.string().optional(),
  status: z.string().meta({ description: 'The registration status (RegistrationStatus), MIGRATED, or NOT_STARTED' }),
  reason: z.string().optional().meta({ description: 'The gap reason; absent for people carded' }),
  since: z.string().optional().meta({ description: 'When the registration last changed; absent for people not started' }),
});

export const PeopleView = view('PeopleBehindCount', {
  items: z.array(PersonBehindView),
  cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
  total: z.number().meta({ description: 'The count the list is behind, as the progress view shows it' }),
});

const id = pathParameter(z.string().regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters'), 'campaign id');

/** A read of one campaign's figures, in one district or over the caller's: who may read it and what it refuses. */
const campaignRead = <const Query extends z.ZodType, const Schema extends z.ZodType>(
  summary: string,
  query: Query,
  success: { readonly schema: Schema; readonly description: string },
) => ({
  access: adminsByDistrict,
  summary,
  request: { params: { id }, query },
  success: { status: 200 as const, ...success },
  errors: { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] as const },
});

export const campaignRoutes = defineRoutes('campaigns', {
  'POST /v1/admin/campaigns': {
    access: adminsByDistrict,
    summary: 'Create a campaign: scheme, districts, dates, roster types (the same campaign posted again is returned, 200)',
    request: { body: CampaignBody },
    success: {
      status: 201,
      schema: CampaignView,
      description: 'Created',
      also: { 200: 'The same campaign was created before: that campaign' },
    },
    errors: { 400: ['UNKNOWN_SCHEME', 'WRONG_ROSTER_TYPE', 'INVALID_DATES'], 409: ['CAMPAIGN_EXISTS', 'CAMPAIGN_NAME_TAKEN'] },
  },
  'GET /v1/admin/campaigns': {
    access: adminsByDistrict,
    summary: "Campaigns with a district of the caller's",
    success: {
      status: 200,
      schema: z.object({ items: z.array(CampaignView) }),
      description: 'Campaigns the caller may see, newest start first',
    },
  },
  'GET /v1/admin/campaigns/{id}': {
    access: adminsByDistrict,
    summary: 'One campaign',
    request: { params: { id } },
    success: { status: 200, schema: CampaignView, description: 'One campaign' },
    errors: { 404: ['CAMPAIGN_NOT_FOUND'] },
  },
  'GET /v1/admin/campaigns/{id}/progress': campaignRead(
    'Progress per district and block (with ?district=: villages, departments, DDOs): eligible, started, mobile verified, e-KYC done, pending approval by age, issued, blocked and the gap by reason, saturation, change today',
    ProgressQuery,
    { schema: CampaignProgressView, description: 'Progress against the rosters, exact as of `asOf`' },
  ),
  'GET /v1/admin/campaigns/{id}/categories': campaignRead(
    "Each beneficiary category (PM-JANMAN, Ayushman Vay Vandana 70+, ASHA and anganwadi workers and helpers): eligible, carded and pending, in one district or over the caller's districts",
    ProgressQuery,
    { schema: CategorySlicesView, description: 'One item per category, exact as of `asOf`' },
  ),
  'GET /v1/admin/campaigns/{id}/recount': {
    access: adminsByDistrict,
    summary:
      "Reconciliation: one page of the scheme's registrations counted afresh for a district; the last page also gives the counts as kept, to compare (healthcard verify --counts)",
    request: { params: { id }, query: RecountQuery },
    success: { status: 200, schema: RecountView, description: 'One page of the recount (a scan of the table: for audits, not for views)' },
    errors: { 400: ['BAD_CURSOR'], 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  },
  'GET /v1/admin/campaigns/{id}/worklist': {
    access: adminsByDistrict,
    summary:
      "One block's eligible people without a card, by reason, as a CSV to download: for a door-to-door visit or an Aadhaar update camp",
    request: { params: { id }, query: WorklistQuery },
    success: { status: 200, schema: WorklistView, description: 'The worklist written, its figures and a 15-minute link to the CSV' },
    errors: { 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  },
  'GET /v1/admin/campaigns/{id}/people': {
    access: adminsByDistrict,
    summary:
      'The people behind a count of the progress view or the gap ledger (?key=), for a district or one block: a page of them, named as the caller may see them, with the count as `total`',
    request: { params: { id }, query: PeopleQuery },
    success: { status: 200, schema: PeopleView, description: 'A page of the people behind the count, by village or department, then name' },
    errors: { 400: ['UNKNOWN_KEY', 'BAD_CURSOR'], 404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'] },
  },
  'GET /v1/admin/campaigns/{id}/reports/daily': {
    access: adminsByDistrict,
    summary: 'The daily report for ?date=, block-wise, as at the end of that day: figures, and links to the CSV and the printable PDF',
    request: { params: { id }, query: DailyReportQuery },
    success: { status: 200, schema: DailyReportView, description: "The report's figures and links to its CSV and PDF" },
    errors: { 400: ['DATE_IN_FUTURE', 'DATE_TOO_OLD'], 404: ['CAMPAIGN_NOT_FOUND'] },
  },
  'PUT /v1/admin/campaigns/{id}/targets': {
    access: adminsByDistrict,
    summary:
      "Set a district's target: the share of its eligible people carded by an end date, per block where it differs (the same again changes nothing)",
    request: { params: { id }, body: TargetBody },
    success: { status: 200, schema: TargetView, description: "The district's target as stored" },
    errors: {
      400: ['TARGET_PERCENT_OUT_OF_RANGE', 'TARGET_DATE_OUTSIDE_CAMPAIGN', 'UNKNOWN_BLOCK'],
      404: ['CAMPAIGN_NOT_FOUND', 'DISTRICT_NOT_IN_CAMPAIGN'],
    },
  },
  'GET /v1/admin/campaigns/{id}/trend': campaignRead(
    'Cards issued, registrations started and the approval backlog per day (IST) over the last days, with the target, days left, the daily rate needed and achieved, the projected saturation day and the blocks furthest behind',
    TrendQuery,
    { schema: TrendView, description: 'The trend, exact as of `asOf`' },
  ),
  'GET /v1/admin/attention': {
    access: adminsByDistrict,
    summary:
      'What needs an admin: failed executions, cases past their SLA by who holds them, open anomalies, refused imports, blocks furthest behind their targets (each a count and the first ten)',
    request: { query: AttentionQuery },
    success: {
      status: 200,
      schema: AttentionView,
      description: "The caller's district (a state admin's: every district, or the one asked)",
    },
    errors: { 400: ['DISTRICT_REQUIRED'], 404: ['CAMPAIGN_NOT_FOUND'] },
  },
});
