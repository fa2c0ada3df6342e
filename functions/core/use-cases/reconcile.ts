// Reconciliation reads for `healthcard verify`: what a client was answered for (registrations, with their
// Idempotency-Keys) and what a roster file wrote (people), looked up by id in batches, from the table — the
// execution ledger, not ListExecutions. Admins see their districts; anything else answers as a made-up id does.
import pMap from 'p-map';
import type { Caller } from '../identity.js';
import type { ExecutionLedger } from '../../ports/executions.js';
import type { IdempotencyRecords } from '../../ports/idempotency.js';
import type { People } from '../../ports/people.js';
import type { Registry } from '../../ports/registry.js';
import type { Waits } from '../../ports/workflow.js';
import { adminSees } from './access.js';

export interface ReconcileDeps {
  readonly registry: Pick<Registry, 'getRegistration'>;
  readonly idempotency: Pick<IdempotencyRecords, 'findIdempotent'>;
  readonly ledger: Pick<ExecutionLedger, 'get'>;
  readonly waits: Pick<Waits, 'stepsWaiting'>;
}

/** Ten at a time: a hundred ids make a few hundred reads, never a burst of them. */
const lookupsAtOnce = 10;

/**
 * The registration a key names, when the caller may read it: the same client's key may name a registration in
 * another district, whose id is not the caller's to learn (null, as for a key that names nothing).
 */
const visibleNamed = async (deps: ReconcileDeps, caller: Caller, asked: string, named: string | undefined): Promise<string | null> => {
  if (named === undefined) return null;
  if (named === asked) return named;
  const other = await deps.registry.getRegistration(named);
  return other !== undefined && adminSees(caller, other.district) ? named : null;
};

export const lookUpRegistrations = async (
  deps: ReconcileDeps,
  caller: Caller,
  items: readonly { registrationId: string; idempotencyKey?: string }[],
) => ({
  items: await pMap(
    items,
    async ({ registrationId, idempotencyKey }) => {
      const registration = await deps.registry.getRegistration(registrationId);
      if (registration === undefined || !adminSees(caller, registration.district)) return { registrationId, found: false };
      const [execution, waitingSteps, named] = await Promise.all([
        deps.ledger.get('registration', registrationId),
        deps.waits.stepsWaiting(registrationId),
        // Keys are scoped to the client that sent them: the registration says which client that was.
        idempotencyKey === undefined ? undefined : deps.idempotency.findIdempotent(registration.clientId, idempotencyKey),
      ]);
      return {
        registrationId,
        found: true,
        status: registration.status,
        ...(registration.reason === undefined ? {} : { reasonCode: registration.reason.code }),
        scheme: registration.scheme,
        district: registration.district,
        personId: registration.personId,
        ...(registration.primaryRegistrationId === undefined ? {} : { primaryRegistrationId: registration.primaryRegistrationId }),
        ...(registration.card === undefined ? {} : { cardNumber: registration.card.cardNumber }),
        createdAt: registration.createdAt,
        updatedAt: registration.updatedAt,
        execution:
          execution === undefined
            ? null
            : {
                name: execution.name,
                status: execution.status,
                startedAt: execution.startedAt,
                ...(execution.stoppedAt === undefined ? {} : { stoppedAt: execution.stoppedAt }),
                ...(execution.error === undefined ? {} : { error: execution.error }),
                redriveCount: execution.redriveCount,
              },
        waitingSteps,
        ...(idempotencyKey === undefined
          ? {}
          : {
              idempotencyKey: {
                key: idempotencyKey,
                registrationId: await visibleNamed(deps, caller, registrationId, named?.registrationId),
              },
            }),
      };
    },
    { concurrency: lookupsAtOnce },
  ),
});

export const lookUpPeople = async (
  deps: { readonly people: Pick<People, 'lookup'> },
  caller: Caller,
  scheme: string,
  personIds: readonly string[],
) => {
  const found = new Map(
    (await deps.people.lookup(scheme, personIds))
      .filter((person) => adminSees(caller, person.district))
      .map((person) => [person.personId, person]),
  );
  return {
    items: personIds.map((personId) => {
      const person = found.get(personId);
      if (person === undefined) return { personId, found: false };
      return {
        personId,
        found: true,
        status: person.status,
        district: person.district,
        rosterType: person.rosterType,
        ...(person.importId === undefined ? {} : { importId: person.importId }),
        ...(person.importRow === undefined ? {} : { importRow: person.importRow }),
        ...(person.importChange === undefined ? {} : { importChange: person.importChange }),
        ...(person.removedByImport === undefined ? {} : { removedByImport: person.removedByImport }),
      };
    }),
  };
};
