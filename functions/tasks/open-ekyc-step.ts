// Registration task AwaitEkyc (callback): keep the token while e-KYC happens through the API.
import { createRegistry, systemClock } from '../adapters/table-factories.js';
import { createCallbacks } from '../adapters/workflow-factories.js';
import { openEkycStep } from '../core/use-cases/ekyc.js';
import { registrationId, taskHandler, taskToken } from './task.js';

const deps = { registry: createRegistry(), callbacks: createCallbacks(), clock: systemClock };

export const handler = taskHandler('AwaitEkyc', { registrationId, taskToken }, (input) =>
  openEkycStep(deps, input.registrationId, input.taskToken),
);
