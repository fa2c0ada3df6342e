// Campaigns API for admins: the handlers of the routes functions/api/routes/campaigns.ts declares.
import { createCampaigns, createPeople, createProgress, createReportFiles, systemClock } from '../adapters/factories.js';
import { campaignProgress, createCampaign, listCampaigns, requireCampaign } from '../core/use-cases/campaigns.js';
import { serveRoutes } from './http.js';
import { blockWorklist } from '../core/use-cases/worklists.js';
import { dailyReport } from '../core/use-cases/daily-report.js';
import { renderDailyReportPdf } from '../adapters/report-pdf.js';
import { campaignRoutes } from './routes/campaigns.js';

const deps = {
  campaigns: createCampaigns(),
  progress: createProgress(),
  people: createPeople(),
  files: createReportFiles(),
  clock: systemClock,
  renderPdf: renderDailyReportPdf,
};

export const handler = serveRoutes(campaignRoutes, {
  'POST /v1/admin/campaigns': async ({ body, caller }) => {
    const { campaign, created } = await createCampaign(deps, caller, body);
    return { status: created ? 201 : 200, body: campaign };
  },
  'GET /v1/admin/campaigns': async ({ caller }) => ({ status: 200, body: { items: await listCampaigns(deps, caller) } }),
  'GET /v1/admin/campaigns/{id}': async ({ params, caller }) => ({ status: 200, body: await requireCampaign(deps, caller, params.id) }),
  'GET /v1/admin/campaigns/{id}/progress': async ({ params, query, caller }) => ({
    status: 200,
    body: await campaignProgress(deps, caller, params.id, query),
  }),
  'GET /v1/admin/campaigns/{id}/worklist': async ({ params, query, caller }) => ({
    status: 200,
    body: await blockWorklist(deps, caller, params.id, query),
  }),
  'GET /v1/admin/campaigns/{id}/reports/daily': async ({ params, query, caller }) => ({
    status: 200,
    body: await dailyReport(deps, caller, params.id, query.date),
  }),
});
