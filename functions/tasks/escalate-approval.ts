// Registration task EscalateApproval: the SLA passed; the case moves up a level and the wait starts again.
import * as z from 'zod';
import { createApprovals, createRegistry, systemClock } from '../adapters/table-factories.js';
import { escalateApproval } from '../core/use-cases/approval.js';
import { registrationId, registrationTaskHandler } from './task.js';

const deps = { registry: createRegistry(), approvals: createApprovals(), clock: systemClock };

export const handler = registrationTaskHandler(
  'EscalateApproval',
  { registrationId, slaSeconds: z.number().int().positive() },
  deps.registry,
  (input) => escalateApproval(deps, input.registrationId, input.slaSeconds),
);
