// The SMS sender from configuration: the simulator (embedded stack) or AWS End User Messaging SMS with India DLT
// ids. The sender imports the pinpoint-sms-voice-v2 package on its first message, not at init (bench/cold-start).
import { ConfigurationError } from '../core/errors.js';
import type { SmsSender } from '../ports/sms.js';
import { awsShape, dltTemplateIdsSchema, parseEnv } from '../config.js';
import { resources } from '../environment.js';
import { EndUserMessagingSmsSender, SimulatorSmsSender } from './sms.js';

export const createSmsSender = (): SmsSender => {
  const env = parseEnv({ ...resources.sms.shape, AWS_REGION: awsShape.AWS_REGION });
  if (env.SMS_SIMULATOR_URL !== undefined) return new SimulatorSmsSender(env.SMS_SIMULATOR_URL);
  if (env.SMS_ORIGINATION_IDENTITY === undefined || env.SMS_DLT_ENTITY_ID === undefined || env.SMS_DLT_TEMPLATE_IDS === undefined) {
    throw new ConfigurationError({
      message:
        'Configuration is incomplete: set SMS_SIMULATOR_URL, or SMS_ORIGINATION_IDENTITY, SMS_DLT_ENTITY_ID and SMS_DLT_TEMPLATE_IDS',
    });
  }
  const templateIds = dltTemplateIdsSchema.parse(JSON.parse(env.SMS_DLT_TEMPLATE_IDS));
  return new EndUserMessagingSmsSender(env.AWS_REGION, {
    originationIdentity: env.SMS_ORIGINATION_IDENTITY,
    dltEntityId: env.SMS_DLT_ENTITY_ID,
    dltTemplateIds: templateIds,
  });
};
