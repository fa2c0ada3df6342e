// The review routes' answers (issue 19: targets, trend, attention, the people behind a count, an import's rejects)
// as the dashboard reads them. Written to the routes' published contract; where functions/api/schemas.ts has the
// schema, the type is its output, so a schema change that breaks a view fails `npm run typecheck`.
import type { Execution, StuckExecution } from './api-types.js';

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

/** One person behind a count (GET /v1/admin/campaigns/{id}/people), named as the viewer's role may see them. */
export type PeoplePage = z.output<typeof api.PeopleView>;
export type PersonRow = PeoplePage['items'][number];
/** A type, not an interface: as one it is a query the client takes (an interface has no index signature). */
export type PeopleQuery = {
  readonly district: string;
  readonly block?: string;
  /** A progress key as the counts use: a figure, a gap reason, a status, `day:<d>:cardsIssued`. */
  readonly key: string;
  readonly cursor?: string;
  readonly limit?: number;
};

/** GET /v1/admin/imports/{id}/rejects: the rejects report as rows. */
export type RejectsPage = z.output<typeof api.RejectsView>;
export type RejectRow = RejectsPage['items'][number];
