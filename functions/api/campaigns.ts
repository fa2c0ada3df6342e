// Campaigns API for admins: create, list, one campaign, and its progress against the rosters.
import * as z from 'zod';
import { createCampaigns, createPeople, createProgress, createReportFiles, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { campaignProgress, createCampaign, listCampaigns, requireCampaign } from '../core/use-cases/campaigns.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import { blockWorklist } from '../core/use-cases/worklists.js';
import { dailyReport } from '../core/use-cases/daily-report.js';
import { renderDailyReportPdf } from '../adapters/report-pdf.js';
import { CampaignBody, DailyReportQuery, parseWith, ProgressQuery, WorklistQuery } from './schemas.js';

const deps = {
  campaigns: createCampaigns(),
  progress: createProgress(),
  people: createPeople(),
  files: createReportFiles(),
  clock: systemClock,
  renderPdf: renderDailyReportPdf,
};
const callerOf = (request: HttpRequest) => request.caller as Caller;
const campaignIdOf = (request: HttpRequest) =>
  parseWith(z.string().regex(/^[0-9a-f]{16}$/, 'a campaign id: 16 hex characters'), request.pathParameters.id, 'campaign id');

export const handler = httpHandler({
  'POST /v1/admin/campaigns': async (request) => {
    const { campaign, created } = await createCampaign(deps, callerOf(request), parseWith(CampaignBody, request.body));
    return json(created ? 201 : 200, campaign);
  },
  'GET /v1/admin/campaigns': async (request) => json(200, { items: await listCampaigns(deps, callerOf(request)) }),
  'GET /v1/admin/campaigns/{id}': async (request) => json(200, await requireCampaign(deps, callerOf(request), campaignIdOf(request))),
  'GET /v1/admin/campaigns/{id}/progress': async (request) =>
    json(
      200,
      await campaignProgress(deps, callerOf(request), campaignIdOf(request), parseWith(ProgressQuery, request.query, 'query string')),
    ),
  'GET /v1/admin/campaigns/{id}/worklist': async (request) =>
    json(200, await blockWorklist(deps, callerOf(request), campaignIdOf(request), parseWith(WorklistQuery, request.query, 'query string'))),
  'GET /v1/admin/campaigns/{id}/reports/daily': async (request) =>
    json(
      200,
      await dailyReport(deps, callerOf(request), campaignIdOf(request), parseWith(DailyReportQuery, request.query, 'query string').date),
    ),
});
