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
import { createCallbacks } from '../adapters/workflow-factories.js';
import { loadKeys } from '../adapters/secrets.js';
import { issueMobileOtp } from '../core/use-cases/mobile-otp.js';
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

export const handler = registrationTaskHandler('SendMobileOtp', { registrationId, taskToken }, deps.registry, (input, read) =>
  issueMobileOtp(deps, input.registrationId, input.taskToken, read),
);
