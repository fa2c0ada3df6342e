// Registration task SendMobileOtp (callback): keep the token, send the first code by SMS.
import { createSmsSender } from '../adapters/sms-factories.js';
import {
  createMobileSendCounts,
  createOtpCodes,
  createOtpGuards,
  createRegistry,
  secureRandomInt,
  systemClock,
} from '../adapters/table-factories.js';
import { createCallbacks } from '../adapters/callbacks-factories.js';
import { loadKeys } from '../adapters/secrets.js';
import { issueMobileOtp } from '../core/use-cases/mobile-otp.js';
import { ResumeAfterApprovalError, ResumeAfterEkycError } from '../core/errors.js';
import { resumedAfter } from '../core/parking.js';
import * as z from 'zod';
import { registrationId, registrationTaskHandler, taskToken } from './task.js';

const deps = {
  registry: createRegistry(),
  otpCodes: createOtpCodes(),
  otpGuards: createOtpGuards(),
  sendCounts: createMobileSendCounts(),
  callbacks: createCallbacks(),
  sms: createSmsSender(),
  keys: loadKeys,
  clock: systemClock,
  randomInt: secureRandomInt,
};

export const handler = registrationTaskHandler(
  'SendMobileOtp',
  { registrationId, taskToken, execution: z.string().min(1) },
  deps.registry,
  async (input, read) => {
    // A resume execution of a parked case (core/parking.ts) enters here, as every execution does: the workflow's
    // Catch sends it on to the step after the parked one. No code is sent.
    const after = resumedAfter(input.execution);
    if (after === 'ekyc') throw new ResumeAfterEkycError({ message: 'Resumed after e-KYC: on to matching.' });
    if (after === 'approval') throw new ResumeAfterApprovalError({ message: 'Resumed after approval: on to the card.' });
    return issueMobileOtp(deps, input.registrationId, input.taskToken, read);
  },
);
