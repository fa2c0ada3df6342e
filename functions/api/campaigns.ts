// Campaigns API for admins: the handlers of the routes functions/api/routes/campaigns.ts declares.
import {
  createAnomalies,
  createApprovers,
  createCaseNames,
  createCampaigns,
  createExecutionLedger,
  createFieldForce,
  createImports,
  createPeople,
  createProgress,
  createRegistry,
  createWaits,
  systemClock,
} from '../adapters/table-factories.js';
import { createReportFiles } from '../adapters/bucket-factories.js';
import { campaignProgress, createCampaign, listCampaigns, requireCampaign } from '../core/use-cases/campaigns.js';
import { serveRoutes } from './http.js';
import { blockWorklist } from '../core/use-cases/worklists.js';
import { dailyReport, type DailyReport } from '../core/use-cases/daily-report.js';
import { recountProgress } from '../core/use-cases/recount.js';
import { campaignPeople } from '../core/use-cases/drill-down.js';
import { withDdoHolders } from '../core/use-cases/case-names.js';
import { campaignRoutes } from './routes/campaigns.js';
import { campaignTrend, setCampaignTarget, visibleTargets } from '../core/use-cases/trend.js';
import { attention } from '../core/use-cases/attention.js';
import { campaignCategories } from '../core/use-cases/categories.js';

const campaigns = createCampaigns();
const deps = {
  campaigns,
  targets: campaigns,
  ledger: createExecutionLedger(),
  waits: createWaits(),
  anomalies: createAnomalies(),
  imports: createImports(),
  approvers: createApprovers(),
  registry: createRegistry(),
  progress: createProgress(),
  people: createPeople(),
  files: createReportFiles(),
  names: createCaseNames(),
  fieldForce: createFieldForce(),
  clock: systemClock,
  // The PDF engine (pdf-lib, fonts) is evaluated on the first daily report, not at init: esbuild keeps it in this
  // bundle (one file per function) but runs a dynamically imported module only when it is imported.
  renderPdf: async (report: DailyReport) => (await import('../adapters/report-pdf.js')).renderDailyReportPdf(report),
};

export const handler = serveRoutes(campaignRoutes, {
  'POST /v1/admin/campaigns': async ({ body, caller }) => {
    const { campaign, created } = await createCampaign(deps, caller, body);
    return { status: created ? 201 : 200, body: campaign };
  },
  'GET /v1/admin/campaigns': async ({ caller }) => ({ status: 200, body: { items: await listCampaigns(deps, caller) } }),
  'GET /v1/admin/campaigns/{id}': async ({ params, caller }) => {
    const campaign = await requireCampaign(deps, caller, params.id);
    return { status: 200, body: { ...campaign, targets: await visibleTargets(deps, caller, campaign) } };
  },
  'GET /v1/admin/campaigns/{id}/progress': async ({ params, query, caller }) => {
    const progress = await withDdoHolders(deps, await campaignProgress(deps, caller, params.id, query));
    return {
      status: 200,
      body: { ...progress, campaign: { ...progress.campaign, targets: await visibleTargets(deps, caller, progress.campaign) } },
    };
  },
  'GET /v1/admin/campaigns/{id}/categories': async ({ params, query, caller }) => ({
    status: 200,
    body: await campaignCategories(deps, caller, params.id, query.district),
  }),
  'GET /v1/admin/campaigns/{id}/recount': async ({ params, query, caller }) => ({
    status: 200,
    body: await recountProgress(deps, caller, params.id, query),
  }),
  'GET /v1/admin/campaigns/{id}/worklist': async ({ params, query, caller }) => ({
    status: 200,
    body: await blockWorklist(deps, caller, params.id, query),
  }),
  'GET /v1/admin/campaigns/{id}/people': async ({ params, query, caller }) => ({
    status: 200,
    body: await campaignPeople(deps, caller, params.id, query),
  }),
  'GET /v1/admin/campaigns/{id}/reports/daily': async ({ params, query, caller }) => ({
    status: 200,
    body: await dailyReport(deps, caller, params.id, query.date),
  }),
  'PUT /v1/admin/campaigns/{id}/targets': async ({ params, body, caller }) => ({
    status: 200,
    body: await setCampaignTarget(deps, caller, params.id, body),
  }),
  'GET /v1/admin/campaigns/{id}/trend': async ({ params, query, caller }) => ({
    status: 200,
    body: await campaignTrend(deps, caller, params.id, query),
  }),
  'GET /v1/admin/attention': async ({ query, caller }) => ({ status: 200, body: await attention(deps, caller, query) }),
});
