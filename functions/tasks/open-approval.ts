// Registration task AwaitApproval (callback): the approval task in its approver's queue, and the token.
import * as z from 'zod';
import { createApprovals, createPeople, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createCallbacks } from '../adapters/callbacks-factories.js';
import { openApproval } from '../core/use-cases/approval.js';
import { registrationId, registrationTaskHandler, taskToken } from './task.js';

const deps = {
  registry: createRegistry(),
  people: createPeople(),
  approvals: createApprovals(),
  callbacks: createCallbacks(),
  clock: systemClock,
};

export const handler = registrationTaskHandler(
  'AwaitApproval',
  { registrationId, taskToken, slaSeconds: z.number().int().positive() },
  deps.registry,
  (input, read) => openApproval(deps, input.registrationId, input.taskToken, input.slaSeconds, read),
);
