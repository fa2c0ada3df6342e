// Camps API: the handlers of the routes functions/api/routes/camps.ts declares.
import {
  createCampaigns,
  createCamps,
  createMobileSendCounts,
  createPeople,
  createProgress,
  createRegistry,
  systemClock,
} from '../adapters/table-factories.js';
import { createReportFiles } from '../adapters/bucket-factories.js';
import { createRequestLimiter } from '../adapters/limiter-factories.js';
import { createSmsSender } from '../adapters/sms-factories.js';
import { loadKeys } from '../adapters/secrets.js';
import type { CampOutcome } from '../core/camps.js';
import {
  campDetail,
  campOutcomeReport,
  campQueue,
  campTargets,
  checkIn,
  createCamp,
  followUpCsv,
  listCamps,
  optOutOfSms,
  sendInvitations,
  type CampView,
} from '../core/use-cases/camps.js';
import { serveRoutes } from './http.js';
import { campRoutes } from './routes/camps.js';

const camps = createCamps();
const deps = {
  campaigns: createCampaigns(),
  camps,
  optOuts: camps,
  people: createPeople(),
  progress: createProgress(),
  registry: createRegistry(),
  sms: createSmsSender(),
  sendCounts: createMobileSendCounts(),
  files: createReportFiles(),
  keys: loadKeys,
  clock: systemClock,
  // pdf-lib and the fonts are evaluated on the first PDF asked for, not at init (as the daily report's).
  renderPdf: async (camp: CampView, outcome: CampOutcome) =>
    (await import('../adapters/camp-outcome-pdf.js')).renderCampOutcomePdf(camp, outcome),
};

/** A use case's answer as a 200. */
const ok = async <T>(body: Promise<T>) => ({ status: 200 as const, body: await body });

export const handler = serveRoutes(
  campRoutes,
  {
    'POST /v1/admin/camps': async ({ body, caller, headers }) => {
      const { camp, created } = await createCamp(deps, caller, body, headers['idempotency-key']);
      return { status: created ? 201 : 200, body: camp };
    },
    'GET /v1/admin/camps': ({ query, caller }) => ok(listCamps(deps, caller, query)),
    'GET /v1/admin/camps/{campId}': ({ params, caller }) => ok(campDetail(deps, caller, params.campId)),
    'GET /v1/admin/camps/{campId}/outcome': ({ params, query, caller }) => ok(campOutcomeReport(deps, caller, params.campId, query.format)),
    'GET /v1/admin/camps/{campId}/targets': ({ params, query, caller }) => ok(campTargets(deps, caller, params.campId, query)),
    'GET /v1/admin/camps/{campId}/follow-up.csv': ({ params, caller }) => ok(followUpCsv(deps, caller, params.campId)),
    'POST /v1/admin/camps/{campId}/invitations': ({ params, caller }) => ok(sendInvitations(deps, caller, params.campId)),
    'POST /v1/camps/{campId}/check-ins': ({ params, body, caller }) => ok(checkIn(deps, caller, params.campId, body)),
    'GET /v1/camps/{campId}/queue': ({ params, query, caller }) => ok(campQueue(deps, caller, params.campId, query)),
    'POST /v1/sms/opt-out': ({ body }) => ok(optOutOfSms(deps, body.mobile)),
    'POST /v1/admin/sms/opt-out': ({ body }) => ok(optOutOfSms(deps, body.mobile)),
  },
  { limiter: createRequestLimiter() },
);
