// The review routes' answers (issue 19: targets, trend, attention, the people behind a count, an import's rejects)
// as the dashboard reads them. Written to the routes' published contract; where functions/api/schemas.ts has the
// schema, the type is its output, so a schema change that breaks a view fails `npm run typecheck`.
import type { Execution, Page, StuckExecution } from './api-types.js';

import type * as z from 'zod';
import type * as api from '../../functions/api/schemas.js';

/** PUT /v1/admin/campaigns/{id}/targets */
export type TargetBody = z.input<typeof api.TargetBody>;
/** GET /v1/admin/campaigns/{id}/trend?district=&days= */
export type Trend = z.output<typeof api.TrendView>;
export type TrendDay = Trend['days'][number];
export type BlockBehind = Trend['blocks'][number];

/** Who holds a case: the queue, and the person behind it where the directory knows them. */
export type Holder = NonNullable<StuckExecution['holder']>;
/** A person named in a list, masked as the viewer's role requires. */
export type NamedPerson = NonNullable<Execution['person']>;

/** GET /v1/admin/attention?campaignId=&district= */
export type Attention = z.output<typeof api.AttentionView>;
export type FailedExecutionItem = Attention['failedExecutions']['items'][number];
export type OverdueHolder = Attention['overdue']['byHolder'][number];
export type AttentionAnomaly = Attention['anomalies']['items'][number];
export type RefusedImport = Attention['refusedImports']['items'][number];

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
