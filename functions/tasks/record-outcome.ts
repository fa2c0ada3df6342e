// Registration task RecordOutcome: a wait ended without the person finishing; the registration says why.
import * as z from 'zod';
import { createRegistry, systemClock } from '../adapters/table-factories.js';
import { createWaitRecords } from '../adapters/callbacks-factories.js';
import { recordOutcome } from '../core/use-cases/outcome.js';
import { registrationId, registrationTaskHandler } from './task.js';

const deps = { registry: createRegistry(), callbacks: createWaitRecords(), clock: systemClock };

export const handler = registrationTaskHandler('RecordOutcome', { registrationId, stoppedBy: z.string().min(1) }, deps.registry, (input) =>
  recordOutcome(deps, input.registrationId, input.stoppedBy),
);
