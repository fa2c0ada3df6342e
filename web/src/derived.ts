// What views work out from the API's answers, kept apart from rendering so it is tested on its own
// (test/unit/dashboard.test.ts): the heat-map's shading and order, a timeline's order, which campaign and
// district a view shows.
import type { Campaign, ExecutionDetail, Me, PlaceProgress, TimelineStep } from './api-types.js';

// ---- Pending approvals ----------------------------------------------------------------------------------

/** The API's ageing buckets (PlaceProgress.pendingByAge keys), youngest first, with their label keys. */
export const ageingBuckets = [
  { key: '0-1 days', label: 'age0to1' },
  { key: '2-3 days', label: 'age2to3' },
  { key: '4-7 days', label: 'age4to7' },
  { key: 'over 7 days', label: 'ageOver7' },
] as const;

export interface HeatRow {
  readonly key: string;
  readonly label: string;
  readonly cells: Readonly<Record<string, number>>;
  readonly total: number;
}

export const pendingRow = (place: PlaceProgress, label = place.name, key = place.name): HeatRow => ({
  key,
  label,
  cells: Object.fromEntries(ageingBuckets.map((bucket) => [bucket.key, place.pendingByAge[bucket.key] ?? 0])),
  total: place.pendingApproval,
});

/** Slowest first: most cases over 7 days, then 4-7, then 2-3, then 0-1; then by name. */
export const slowestFirst = (a: HeatRow, b: HeatRow): number => {
  for (const bucket of [...ageingBuckets].reverse()) {
    const difference = (b.cells[bucket.key] ?? 0) - (a.cells[bucket.key] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.label.localeCompare(b.label);
};

/** A cell's shade, 0 (none) to 4 (the most), in even steps of the largest count; above it (a summary row) is 4. */
export const heatLevel = (value: number, max: number): number =>
  value <= 0 || max <= 0 ? 0 : Math.min(4, Math.max(1, Math.ceil((value / max) * 4)));

// ---- Gap ledger -------------------------------------------------------------------------------------------

export const withoutCard = (place: PlaceProgress): number => Object.values(place.gap).reduce((sum, count) => sum + count, 0);

/** The counts above zero, biggest first, then by name (reasons of a gap, or of people blocked). */
export const biggestFirst = (counts: Readonly<Record<string, number>>): [string, number][] =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** A district's reasons, biggest first: the columns of its gap tables. */
export const reasonsOf = (district: PlaceProgress): string[] => biggestFirst(district.gap).map(([reason]) => reason);

// ---- One execution ------------------------------------------------------------------------------------------

export type TimelineEntry =
  | { readonly kind: 'step'; readonly at: string; readonly step: TimelineStep }
  | { readonly kind: 'redrive'; readonly at: string }
  | { readonly kind: 'end'; readonly at: string; readonly type: string; readonly error?: string };

/** Steps, redrives and the end in the order they happened (ties keep the API's order). */
export const timelineEntries = (detail: ExecutionDetail): TimelineEntry[] =>
  [
    ...detail.timeline.steps.map((step): TimelineEntry => ({ kind: 'step', at: step.enteredAt, step })),
    ...detail.timeline.redrives.map((at): TimelineEntry => ({ kind: 'redrive', at })),
    ...(detail.timeline.end === undefined ? [] : [{ kind: 'end', ...detail.timeline.end } as TimelineEntry]),
  ]
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry);

// ---- Which campaign and district --------------------------------------------------------------------------

export interface Selection {
  readonly campaignId?: string;
  readonly district?: string;
}

/** A campaign's districts the signed-in admin may see: a state admin all, a district admin theirs. */
export const visibleDistricts = (campaign: Campaign, me: Me): string[] =>
  me.roles.includes('state-admin') ? [...campaign.districts] : campaign.districts.filter((district) => me.districts.includes(district));

/** The selected campaign (or the first), and a district of it: the selected one, or the first when one is required or there is one only. */
export const resolveSelection = (campaigns: readonly Campaign[], me: Me, selection: Selection, districtRequired: boolean) => {
  const campaign = campaigns.find((candidate) => candidate.campaignId === selection.campaignId) ?? campaigns[0];
  const districts = campaign === undefined ? [] : visibleDistricts(campaign, me);
  const district =
    selection.district !== undefined && districts.includes(selection.district)
      ? selection.district
      : districtRequired || districts.length === 1
        ? districts[0]
        : undefined;
  return { campaign, districts, district };
};
