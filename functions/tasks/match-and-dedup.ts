// Registration task MatchAndDedup: e-KYC against the roster, the scheme's approval rule, one card per Aadhaar.
import { approvalSlaOverride, createPeople, createRegistry, createUniquenessClaims, systemClock } from '../adapters/table-factories.js';
import { matchAndDedup } from '../core/use-cases/match.js';
import { registrationId, registrationTaskHandler } from './task.js';

const override = approvalSlaOverride();
const deps = {
  registry: createRegistry(),
  people: createPeople(),
  claims: createUniquenessClaims(),
  clock: systemClock,
  ...(override === undefined ? {} : { approvalSlaSecondsOverride: override }),
};

export const handler = registrationTaskHandler('MatchAndDedup', { registrationId }, deps.registry, (input, read) =>
  matchAndDedup(deps, input.registrationId, read),
);
