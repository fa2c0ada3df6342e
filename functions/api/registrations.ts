// Registrations API (v1) for upstream portals, camp operators and applicants: the handlers of the routes
// functions/api/routes/registrations.ts declares.
import {
  createAnomalies,
  createApprovals,
  createCamps,
  createIdempotencyRecords,
  createMobileSendCounts,
  createOtpCodes,
  createOtpGuards,
  createFieldForce,
  createPeople,
  createRegistry,
  newRegistrationId,
  newTransactionId,
  secureRandomInt,
  systemClock,
} from '../adapters/table-factories.js';
// One module per client group, never factories.ts: an ESM bundle loads at init every AWS SDK package its modules
// import statically. SMS and the two secrets import theirs on first use (sms.ts, secrets.ts, session-factories.ts).
import { createResumingCallbacks } from '../adapters/callbacks-factories.js';
import { createStarter } from '../adapters/starter-factories.js';
import { createPhotoRecords, createPhotos, photoRetentionOverride } from '../adapters/photo-factories.js';
import { apiRetryPolicy, createEkycProvider } from '../adapters/ekyc-factories.js';
import { createSmsSender } from '../adapters/sms-factories.js';
import { createSessionIssuer } from '../adapters/session-factories.js';
import { createRequestLimiter } from '../adapters/limiter-factories.js';
import { loadKeys } from '../adapters/secrets.js';
import { resubmit } from '../core/use-cases/approval.js';
import { reportBlockerFixed, reportBlockersFixed } from '../core/use-cases/blockers.js';
import { applicantSession } from '../core/use-cases/sessions.js';
import { startEkyc, verifyEkycOtp } from '../core/use-cases/ekyc.js';
import { resendMobileOtp, verifyMobileOtp } from '../core/use-cases/mobile-otp.js';
import { addDependent, startRegistration } from '../core/use-cases/start-registration.js';
import { getAudit, getRegistration } from '../core/use-cases/view.js';
import { recordCampRegistration, requireKnownCamp } from '../core/use-cases/camps.js';
import { personIdOf } from '../core/person.js';
import { serveRoutes } from './http.js';
import { registrationRoutes } from './routes/registrations.js';

const registry = createRegistry();
const callbacks = createResumingCallbacks();
const core = { registry, clock: systemClock };
const otpGuards = createOtpGuards();
const startDeps = {
  ...core,
  people: createPeople(),
  idempotency: createIdempotencyRecords(),
  otpGuards,
  starter: createStarter(),
  newId: newRegistrationId,
  anomalies: createAnomalies(),
  keys: loadKeys,
  fieldForce: createFieldForce(),
};
const sessions = createSessionIssuer();
const otpDeps = {
  ...core,
  otpCodes: createOtpCodes(),
  otpGuards,
  sendCounts: createMobileSendCounts(),
  callbacks,
  sms: createSmsSender(),
  keys: loadKeys,
  randomInt: secureRandomInt,
  sessions,
};
const ekycDeps = {
  ...core,
  callbacks,
  provider: createEkycProvider(),
  photos: createPhotos(),
  photoRecords: createPhotoRecords(),
  ...photoRetentionOverride(),
  keys: loadKeys,
  retry: apiRetryPolicy,
  newTransactionId,
};
const approvalDeps = { ...core, callbacks, approvals: createApprovals() };
const blockerDeps = { ...core, sms: otpDeps.sms };
const campDeps = { camps: createCamps(), clock: systemClock };

export const handler = serveRoutes(
  registrationRoutes,
  {
    'POST /v1/registrations': async ({ body, caller, headers }) => {
      const camp = body.campId === undefined ? undefined : await requireKnownCamp(campDeps, body.campId);
      const started = await startRegistration(startDeps, body, caller, headers['idempotency-key']);
      if (camp !== undefined) await recordCampRegistration(campDeps, camp, personIdOf(body.roster), started.registrationId);
      return { status: started.created ? 202 : 200, body: started, headers: { location: `/v1/registrations/${started.registrationId}` } };
    },
    'GET /v1/registrations/{id}': async ({ params, caller }) => ({ status: 200, body: await getRegistration(core, params.id, caller) }),
    'POST /v1/registrations/{id}/mobile-otp/verify': async ({ params, body, caller }) => ({
      status: 200,
      body: await verifyMobileOtp(otpDeps, params.id, body.otp, caller),
    }),
    'POST /v1/registrations/{id}/mobile-otp/resend': async ({ params, caller }) => ({
      status: 202,
      body: await resendMobileOtp(otpDeps, params.id, caller),
    }),
    'POST /v1/registrations/{id}/ekyc': async ({ params, body, caller }) => {
      const outcome = await startEkyc(ekycDeps, params.id, body, caller);
      return { status: outcome.status === 'EKYC_OTP_SENT' ? 202 : 200, body: outcome };
    },
    'POST /v1/registrations/{id}/ekyc/verify': async ({ params, body, caller }) => ({
      status: 200,
      body: await verifyEkycOtp(ekycDeps, params.id, body, caller),
    }),
    'POST /v1/registrations/{id}/dependents': async ({ params, body, caller, headers }) => {
      const input = 'memberId' in body ? { kind: 'roster-member' as const, ...body } : { kind: 'declared' as const, ...body };
      const started = await addDependent(startDeps, params.id, input, caller, headers['idempotency-key']);
      return { status: started.created ? 202 : 200, body: started, headers: { location: `/v1/registrations/${started.registrationId}` } };
    },
    'POST /v1/registrations/{id}/resubmit': async ({ params, body, caller }) => ({
      status: 200,
      body: await resubmit(approvalDeps, params.id, body.note, caller),
    }),
    'GET /v1/registrations/{id}/audit': async ({ params, caller }) => ({ status: 200, body: await getAudit(core, params.id, caller) }),
    'POST /v1/registrations/{id}/session': async ({ params, caller }) => ({
      status: 201,
      body: await applicantSession({ ...core, sessions }, caller, params.id),
    }),
    'POST /v1/registrations/{id}/blocker-fixed': async ({ params, body, caller }) => ({
      status: 200,
      body: await reportBlockerFixed(blockerDeps, caller, params.id, body),
    }),
    'POST /v1/registrations/blockers-fixed': async ({ body, caller }) => ({
      status: 200,
      body: { results: await reportBlockersFixed(blockerDeps, caller, body.items) },
    }),
  },
  { limiter: createRequestLimiter() },
);
