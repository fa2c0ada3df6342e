// Registration task `SendMobileOtp` (lambda:invoke.waitForTaskToken): keeps the callback token with the
// registration so the API can complete the step when the person proves the mobile number.
import { z } from 'zod';
import { documents } from '../adapters/aws-clients.js';
import { DynamoDbWaitingSteps } from '../adapters/dynamodb-waiting-steps.js';
import { logger } from '../adapters/logger.js';
import { parseEnv, tableShape } from '../config.js';
import { ValidationError } from '../core/errors.js';

const config = parseEnv(tableShape);
const waitingSteps = new DynamoDbWaitingSteps(documents, config.TABLE_NAME);

const input = z.object({ registrationId: z.string().min(1), taskToken: z.string().min(1) });

export const handler = async (event: unknown): Promise<{ waiting: 'mobile-otp' }> => {
  const parsed = input.safeParse(event);
  if (!parsed.success) throw new ValidationError('SendMobileOtp needs registrationId and taskToken.');
  const { registrationId, taskToken } = parsed.data;
  await waitingSteps.record({ registrationId, step: 'mobile-otp', taskToken, since: new Date().toISOString() });
  logger.info('waiting for mobile OTP', { registrationId });
  return { waiting: 'mobile-otp' };
};
