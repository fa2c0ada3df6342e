// Compile-time contract between the dashboard and the API: what the handlers answer with (the zod schemas in
// functions/api/schemas.ts, which also generate /v1/openapi.json) must be assignable to what the dashboard reads
// (web/src/api-types.ts). A schema change that would break a view fails `npm run typecheck`, not a browser.
// Type-only: nothing here reaches the dashboard's bundle.
import type * as z from 'zod';
import type {
  CampaignProgressView,
  CampaignView,
  DailyReportView,
  ExecutionDetailView,
  ExecutionView,
  ImportSummaryView,
  ImportView,
  WorklistView,
  StuckView,
  AnomalyView,
  AnomalyDetailView,
} from '../functions/api/schemas.js';
import type { Caller } from '../functions/core/identity.js';
import type {
  Anomaly,
  AnomalyDetail,
  Campaign,
  CampaignProgress,
  DailyReport,
  Execution,
  ExecutionDetail,
  ImportDetail,
  ImportSummary,
  Me,
  StuckExecution,
  Worklist,
} from './src/api-types.js';

type Holds<Actual extends Expected, Expected> = [Actual, Expected];

export type DashboardReadsTheApi = [
  Holds<Caller, Me>,
  Holds<z.output<typeof CampaignView>, Campaign>,
  Holds<z.output<typeof CampaignProgressView>, CampaignProgress>,
  Holds<z.output<typeof WorklistView>, Worklist>,
  Holds<z.output<typeof DailyReportView>, DailyReport>,
  Holds<z.output<typeof ExecutionView>, Execution>,
  Holds<z.output<typeof ExecutionDetailView>, ExecutionDetail>,
  Holds<z.output<typeof ImportSummaryView>, ImportSummary>,
  Holds<z.output<typeof ImportView>, ImportDetail>,
  Holds<z.output<typeof StuckView>, StuckExecution>,
  Holds<z.output<typeof AnomalyView>, Anomaly>,
  Holds<z.output<typeof AnomalyDetailView>, AnomalyDetail>,
];
