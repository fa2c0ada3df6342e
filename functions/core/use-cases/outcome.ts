// RecordOutcome: a wait ended without the person finishing. Locked codes and rejections were recorded by the
// API already; a timeout was not: the registration expires, saying what the person can do.
import { RefusedError } from '../errors.js';
import { nextActions, terminalStatuses } from '../registration.js';
import type { WorkflowCallbacks } from '../../ports/workflow.js';
import { systemActor, type CoreDeps } from './deps.js';

export const recordOutcome = async (
  deps: CoreDeps & { readonly callbacks: Pick<WorkflowCallbacks, 'clearWaiting'> },
  registrationId: string,
  stoppedBy: string,
): Promise<{ status: string }> => {
  const registration = await deps.registry.getRegistration(registrationId);
  if (registration === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  // The wait that timed out holds a dead token: nobody waits on this registration any more.
  await deps.callbacks.clearWaiting(registrationId);
  if (terminalStatuses.has(registration.status)) return { status: registration.status };
  const updated = await deps.registry.transition(registrationId, {
    to: 'EXPIRED',
    actor: systemActor,
    why: stoppedBy === 'States.Timeout' ? 'WAIT_TIMED_OUT' : stoppedBy,
    set: { reason: { code: 'EXPIRED', message: `Stopped at ${registration.status}.`, nextAction: nextActions.EXPIRED } },
    // A case parked at e-KYC expires from the wait sweep, with no execution: it is parked no more.
    remove: ['parked'],
  });
  return { status: updated.status };
};
