// Migrants: a pending case moves to the district the person now lives in, keeping its whole history (the same
// registration, execution and audit trail). Its counts move with it — the district it left keeps the person
// counted as migrated, the district it went to counts them by status — its approval goes to the new district's
// queue, and its waits and execution entry follow, so the new district's admins see it as theirs.
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import { terminalStatuses } from '../registration.js';
import type { Approvals } from '../../ports/approvals.js';
import type { ExecutionLedger } from '../../ports/executions.js';
import type { Registration, Registry } from '../../ports/registry.js';
import type { Waits } from '../../ports/workflow.js';
import { adminSees } from './access.js';
import { taskIdOf } from './approval.js';
import { actorOf } from './deps.js';

export interface MigrateDeps {
  readonly registry: Pick<Registry, 'getRegistration' | 'relocate' | 'update'>;
  readonly approvals: Pick<Approvals, 'get' | 'reroute'>;
  readonly waits: Pick<Waits, 'relocate'>;
  readonly ledger: Pick<ExecutionLedger, 'relocate'>;
}

export interface MigrateInput {
  readonly district: string;
  readonly block?: string;
  readonly village?: string;
  /** The DDO who approves there (state employees transferred to another office); kept when absent. */
  readonly ddoCode?: string;
  readonly note: string;
}

/** The queue a task in `queue` goes to when its case moves to `district`. A DDO queue follows the DDO code. */
export const queueAfterMove = (queue: string, district: string, ddoCode: string | undefined): string => {
  const [kind] = queue.split(':');
  switch (kind) {
    case 'verifier':
    case 'district-admin':
      return `${kind}:${district}`;
    case 'ddo':
      return ddoCode === undefined ? queue : `ddo:${ddoCode}`;
    default:
      return queue;
  }
};

const view = (registration: Registration) => ({
  registrationId: registration.registrationId,
  status: registration.status,
  district: registration.district,
  ...(registration.block === undefined ? {} : { block: registration.block }),
  ...(registration.approval === undefined ? {} : { approvalQueue: registration.approval.queue }),
  ...(registration.migratedFrom === undefined
    ? {}
    : { migratedFrom: { district: registration.migratedFrom.district, at: registration.migratedFrom.at } }),
});

/**
 * What a migration request asked for, as a fingerprint kept with the case: a repeat is the same request only when
 * every field is the same (the note too), so a repeat cannot carry a different DDO or place.
 */
export const migrationFingerprint = (input: MigrateInput): string =>
  createHash('sha256')
    .update(JSON.stringify([input.district, input.block ?? null, input.village ?? null, input.ddoCode ?? null, input.note]))
    .digest('hex')
    .slice(0, 32);

/**
 * What follows the case to its new district: its open approval (to the approver there), its waits, its execution
 * entry. Each step may be repeated: a retried request after a failure half-way finishes the move.
 */
const followMove = async (deps: MigrateDeps, registration: Registration, input: MigrateInput) => {
  const place = { district: registration.district, ...(registration.block === undefined ? {} : { block: registration.block }) };
  // An open approval goes to the approver of the new place; a decided one stays where it was decided.
  const task = registration.approval === undefined ? undefined : await deps.approvals.get(taskIdOf(registration.registrationId));
  let approvalWaitingOn;
  if (task !== undefined && task.state !== 'DECIDED') {
    const queue = queueAfterMove(task.queue, registration.district, input.ddoCode);
    await deps.approvals.reroute(task.taskId, queue, {
      ...place,
      ...(registration.ddoCode === undefined ? {} : { ddoCode: registration.ddoCode }),
    });
    if (registration.approval?.queue !== queue) {
      await deps.registry.update(
        registration.registrationId,
        { approval: { taskId: task.taskId, approverKind: task.approverKind, queue, level: task.level } },
        [registration.status],
      );
    }
    approvalWaitingOn = { kind: 'approver' as const, approverKind: task.approverKind, queue };
  }
  await deps.waits.relocate(registration.registrationId, place, approvalWaitingOn);
  await deps.ledger.relocate('registration', registration.registrationId, registration.district);
  return view((await deps.registry.getRegistration(registration.registrationId)) as Registration);
};

export const migrateRegistration = async (deps: MigrateDeps, caller: Caller, registrationId: string, input: MigrateInput) => {
  const registration = await deps.registry.getRegistration(registrationId);
  const fingerprint = migrationFingerprint(input);
  // A repeat of a move already made answers as the first did, to whoever made it (and finishes it if it stopped).
  // Only the very same request is a repeat: the district it left acts on the case no more, so a "repeat" with
  // another DDO, block or note (which would repoint the approval) is refused. The district that holds it now
  // goes on below, as for any case of theirs.
  if (
    registration !== undefined &&
    registration.district === input.district &&
    registration.migratedFrom !== undefined &&
    adminSees(caller, registration.migratedFrom.district) &&
    (registration.migratedFrom.request === fingerprint || !adminSees(caller, registration.district))
  ) {
    if (registration.migratedFrom.request !== fingerprint) {
      throw new ConflictError({
        code: 'MIGRATION_REPEAT_DIFFERS',
        message: `This case was moved to ${registration.district} with a different request; it is ${registration.district}'s now, and only the same request repeated is answered again.`,
      });
    }
    return followMove(deps, registration, input);
  }
  // The district that holds the case sends it on (or a state admin); anyone else is told it does not exist.
  if (registration === undefined || !adminSees(caller, registration.district))
    throw new NotFoundError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  if (registration.district === input.district)
    throw new ValidationError({ code: 'SAME_DISTRICT', message: `The case is in ${input.district} already.` });
  if (terminalStatuses.has(registration.status)) {
    throw new ConflictError({
      code: 'REGISTRATION_ENDED',
      message: `Only a pending case moves; this registration ended (${registration.status}).`,
      details: {
        status: registration.status,
      },
    });
  }
  const ddoCode = input.ddoCode ?? registration.ddoCode;
  const moved = await deps.registry.relocate(registrationId, {
    place: {
      district: input.district,
      ...(input.block === undefined ? {} : { block: input.block }),
      ...(input.village === undefined ? {} : { village: input.village }),
      ...(registration.department === undefined ? {} : { department: registration.department }),
      ...(ddoCode === undefined ? {} : { ddoCode }),
    },
    actor: actorOf(caller),
    why: 'MIGRATED',
    note: `${registration.district} -> ${input.district}: ${input.note}`,
    requestFingerprint: fingerprint,
  });
  return followMove(deps, moved, input);
};
