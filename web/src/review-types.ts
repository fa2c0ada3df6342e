// The review routes' answers (issue 19: targets, trend, attention, the people behind a count, an import's rejects)
// as the dashboard reads them. Written to the routes' published contract; where functions/api/schemas.ts has the
// schema, the type is its output, so a schema change that breaks a view fails `npm run typecheck`.
import type { Anomaly, Execution, Page, StuckExecution } from './api-types.js';

/** PUT /v1/admin/campaigns/{id}/targets */
export interface TargetBody {
  readonly district: string;
  readonly saturationPercent: number;
  /** YYYY-MM-DD */
  readonly endsOn: string;
  readonly blocks?: Readonly<Record<string, number>>;
}

export interface TrendDay {
  /** YYYY-MM-DD, an Indian day */
  readonly day: string;
  readonly cardsIssued: number;
  readonly started: number;
  readonly pending: number;
}

export interface BlockBehind {
  readonly block: string;
  readonly eligible: number;
  readonly carded: number;
  readonly targetCards: number;
  readonly behindBy: number;
}

/** GET /v1/admin/campaigns/{id}/trend?district=&days= */
export interface Trend {
  readonly asOf: string | null;
  readonly today: string;
  /** Oldest first, one per Indian day. */
  readonly days: readonly TrendDay[];
  readonly eligible: number;
  readonly carded: number;
  readonly target: { readonly saturationPercent: number; readonly endsOn: string; readonly targetCards: number } | null;
  readonly daysLeft: number | null;
  readonly neededPerDay: number | null;
  readonly achievedPerDay: number;
  readonly projectedSaturationOn: string | null;
  /** Furthest behind first. */
  readonly blocks: readonly BlockBehind[];
}

/** Who holds a case: the queue, and the person behind it where the directory knows them. */
export type Holder = NonNullable<StuckExecution['holder']>;
/** A person named in a list, masked as the viewer's role requires. */
export type NamedPerson = NonNullable<Execution['person']>;

export interface FailedExecutionItem {
  readonly workflow: string;
  readonly name: string;
  readonly registrationId?: string;
  readonly person?: NamedPerson;
  readonly block?: string;
  readonly step?: string;
  readonly failedAt: string;
  readonly error: string;
}

export type OverdueHolder = Holder & {
  readonly count: number;
  readonly oldestDays: number;
};

/** An open anomaly as the anomalies list gives it, with the names of the people and the operator behind it. */
export type AttentionAnomaly = Anomaly & { readonly names?: readonly string[]; readonly operator?: string };

export interface RefusedImport {
  readonly importId: string;
  readonly fileName: string;
  readonly refusedAt: string;
  readonly code: string;
}

/** GET /v1/admin/attention?campaignId=&district= */
export interface Attention {
  readonly asOf: string;
  readonly failedExecutions: { readonly count: number; readonly items: readonly FailedExecutionItem[] };
  readonly overdue: { readonly count: number; readonly byHolder: readonly OverdueHolder[] };
  readonly anomalies: { readonly open: number; readonly items: readonly AttentionAnomaly[] };
  readonly refusedImports: { readonly count: number; readonly items: readonly RefusedImport[] };
  readonly blocksBehind: readonly BlockBehind[];
}

/** One person behind a count (GET /v1/admin/campaigns/{id}/people). */
export interface PersonRow {
  readonly registrationId?: string;
  readonly personKey: string;
  /** Masked as the viewer's role requires. */
  readonly name: string;
  readonly block: string;
  readonly village?: string;
  readonly status: string;
  readonly reason?: string;
  readonly since: string;
}

export type PeoplePage = Page<PersonRow> & { readonly total: number };

/** A type, not an interface: as one it is a query the client takes (an interface has no index signature). */
export type PeopleQuery = {
  readonly district?: string;
  readonly block?: string;
  /** A progress key as the counts use: a status, a gap reason, PENDING_APPROVAL, `started`, `day:<d>:cardsIssued`. */
  readonly key: string;
  readonly cursor?: string;
  readonly limit?: number;
};

/** GET /v1/admin/imports/{id}/rejects: the rejects report as rows. */
export interface RejectRow {
  readonly row: number;
  readonly reason: string;
  readonly code: string;
  readonly fields: Readonly<Record<string, string>>;
}
