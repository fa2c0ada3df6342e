// Registration task AwaitEkyc (callback): keep the token while e-KYC happens through the API.
import { createRegistry, systemClock } from '../adapters/table-factories.js';
import { createCallbacks } from '../adapters/callbacks-factories.js';
import { openEkycStep } from '../core/use-cases/ekyc.js';
import { registrationId, registrationTaskHandler, taskToken } from './task.js';

const deps = { registry: createRegistry(), callbacks: createCallbacks(), clock: systemClock };

export const handler = registrationTaskHandler('AwaitEkyc', { registrationId, taskToken }, deps.registry, (input, read) =>
  openEkycStep(deps, input.registrationId, input.taskToken, read),
);
