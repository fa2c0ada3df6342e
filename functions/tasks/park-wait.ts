// Registration tasks ParkEkyc and ParkApproval: a wait longer than the park threshold ends its execution with the
// case parked (core/use-cases/parking.ts); its event resumes it in a new execution.
import * as z from 'zod';
import { createApprovals, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createWaitRecords } from '../adapters/callbacks-factories.js';
import { parkingSteps } from '../core/parking.js';
import { parkWait } from '../core/use-cases/parking.js';
import { registrationId, registrationTaskHandler } from './task.js';

// The table half only: parking answers no token, so no Step Functions code is loaded (bench/cold-start).
const deps = { registry: createRegistry(), approvals: createApprovals(), parking: createWaitRecords(), clock: systemClock };

export const handler = registrationTaskHandler(
  'ParkWait',
  {
    registrationId,
    step: z.enum(parkingSteps),
    scheme: z.string().min(1),
    parkAfterSeconds: z.number().int().positive(),
    execution: z.string().min(1),
  },
  deps.registry,
  (input) =>
    parkWait(deps, input.registrationId, input.step, { scheme: input.scheme, parkAfterSeconds: input.parkAfterSeconds }, input.execution),
);
