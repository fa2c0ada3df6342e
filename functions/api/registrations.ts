// Registrations API (v1) for upstream portals, camp operators and applicants.
import * as z from 'zod';
import {
  apiRetryPolicy,
  createAnomalies,
  createApprovals,
  createCallbacks,
  createCardFiles,
  createEkycProvider,
  createIdempotencyRecords,
  createMobileSendCounts,
  createOtpCodes,
  createOtpGuards,
  createPeople,
  createRegistry,
  createSessionIssuer,
  createRequestLimiter,
  createSmsSender,
  createStarter,
  newRegistrationId,
  newTransactionId,
  secureRandomInt,
  systemClock,
} from '../adapters/factories.js';
import { loadKeys } from '../adapters/secrets.js';
import { RateLimitedError } from '../core/errors.js';
import type { Caller } from '../core/identity.js';
import { resubmit } from '../core/use-cases/approval.js';
import { reportBlockerFixed, reportBlockersFixed } from '../core/use-cases/blockers.js';
import { applicantSession } from '../core/use-cases/sessions.js';
import { startEkyc, verifyEkycOtp } from '../core/use-cases/ekyc.js';
import { resendMobileOtp, verifyMobileOtp } from '../core/use-cases/mobile-otp.js';
import { addDependent, startRegistration } from '../core/use-cases/start-registration.js';
import { getAudit, getRegistration } from '../core/use-cases/view.js';
import { httpHandler, json, type HttpRequest } from './http.js';
import {
  BlockerFixedBody,
  BulkBlockersFixedBody,
  DependentBody,
  OtpBody,
  ResubmitBody,
  StartEkycBody,
  StartRegistrationBody,
  VerifyEkycBody,
  parseWith,
} from './schemas.js';

const registry = createRegistry();
const callbacks = createCallbacks();
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
  files: createCardFiles(),
  keys: loadKeys,
  retry: apiRetryPolicy,
  newTransactionId,
};
const approvalDeps = { ...core, callbacks, approvals: createApprovals() };
const blockerDeps = { ...core, sms: otpDeps.sms };

const idOf = (request: HttpRequest) => parseWith(z.uuid(), request.pathParameters.id, 'registration id');
const callerOf = (request: HttpRequest) => request.caller as Caller;
const retryAfter = (error: RateLimitedError): Record<string, string> =>
  error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };

/** 429s carry Retry-After, as HTTP clients expect. */
const withRetryAfter = async (run: () => Promise<ReturnType<typeof json>>) => {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return json(
        429,
        { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) },
        retryAfter(error),
      );
    }
    throw error;
  }
};

export const handler = httpHandler(
  {
    'POST /v1/registrations': async (request) => {
      const input = parseWith(StartRegistrationBody, request.body);
      const started = await startRegistration(startDeps, input, callerOf(request), request.headers['idempotency-key']);
      return json(started.created ? 202 : 200, started, { location: `/v1/registrations/${started.registrationId}` });
    },
    'GET /v1/registrations/{id}': async (request) => json(200, await getRegistration(core, idOf(request), callerOf(request))),
    'POST /v1/registrations/{id}/mobile-otp/verify': async (request) => {
      const { otp } = parseWith(OtpBody, request.body);
      return withRetryAfter(async () => json(200, await verifyMobileOtp(otpDeps, idOf(request), otp, callerOf(request))));
    },
    'POST /v1/registrations/{id}/mobile-otp/resend': async (request) =>
      withRetryAfter(async () => json(202, await resendMobileOtp(otpDeps, idOf(request), callerOf(request)))),
    'POST /v1/registrations/{id}/ekyc': async (request) => {
      const input = parseWith(StartEkycBody, request.body);
      const outcome = await startEkyc(ekycDeps, idOf(request), input, callerOf(request));
      return json(outcome.status === 'EKYC_OTP_SENT' ? 202 : 200, outcome);
    },
    'POST /v1/registrations/{id}/ekyc/verify': async (request) => {
      const input = parseWith(VerifyEkycBody, request.body);
      return json(200, await verifyEkycOtp(ekycDeps, idOf(request), input, callerOf(request)));
    },
    'POST /v1/registrations/{id}/dependents': async (request) => {
      const body = parseWith(DependentBody, request.body);
      const input = 'memberId' in body ? { kind: 'roster-member' as const, ...body } : { kind: 'declared' as const, ...body };
      const started = await addDependent(startDeps, idOf(request), input, callerOf(request), request.headers['idempotency-key']);
      return json(started.created ? 202 : 200, started, { location: `/v1/registrations/${started.registrationId}` });
    },
    'POST /v1/registrations/{id}/resubmit': async (request) => {
      const { note } = parseWith(ResubmitBody, request.body);
      return json(200, await resubmit(approvalDeps, idOf(request), note, callerOf(request)));
    },
    'GET /v1/registrations/{id}/audit': async (request) => json(200, await getAudit(core, idOf(request), callerOf(request))),
    'POST /v1/registrations/{id}/session': async (request) =>
      json(201, await applicantSession({ ...core, sessions }, callerOf(request), idOf(request))),
    'POST /v1/registrations/{id}/blocker-fixed': async (request) =>
      json(200, await reportBlockerFixed(blockerDeps, callerOf(request), idOf(request), parseWith(BlockerFixedBody, request.body))),
    'POST /v1/registrations/blockers-fixed': async (request) =>
      json(200, {
        results: await reportBlockersFixed(blockerDeps, callerOf(request), parseWith(BulkBlockersFixedBody, request.body).items),
      }),
  },
  { limiter: createRequestLimiter() },
);
