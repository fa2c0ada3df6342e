// Waits that hold no execution (core/parking.ts, docs/scale.md): the park task that ends a registration's execution
// at a long wait, and the wait sweep that escalates approvals past their SLA (held or parked alike) and expires
// e-KYC cases parked for 30 days. Resuming is the callbacks' (ports/workflow.ts): the event a parked wait was for
// completes it by starting the execution that carries the case on.
import { ConflictError, RefusedError } from '../errors.js';
import { parkedEkycExpirySeconds, type ParkingStepName, type ResumeInput } from '../parking.js';
import { findScheme } from '../schemes.js';
import { waitContextOf, type Wait, type WaitingOn } from '../waits.js';
import type { ApproverKind } from '../../ports/approvals.js';
import type { ParkedWaits, Waits } from '../../ports/workflow.js';
import { escalateApproval, finishRecorded, taskIdOf, type ApprovalDeps } from './approval.js';
import { systemActor } from './deps.js';
import { recordOutcome } from './outcome.js';

/**
 * ParkEkyc / ParkApproval: the wait lasted longer than the park threshold, so its execution ends. The wait stays,
 * parked; the registration keeps its status and queue and gets a parked marker with an audit event. A completion
 * coming after the park finds the wait parked and resumes it itself. One that met the wait's closed token (between
 * its timeout and this park) is seen here and handed to the wait sweep's next run: this task, run by the workflow,
 * may not start the workflow (CloudFormation would see a cycle). Every resume starts the same named execution.
 */
export const parkWait = async (
  deps: Pick<ApprovalDeps, 'registry' | 'approvals' | 'clock'> & { readonly parking: Pick<ParkedWaits, 'park' | 'resumeSoon'> },
  registrationId: string,
  step: ParkingStepName,
  resume: ResumeInput,
  /** The execution that ends here: named in the timeline beside the one that resumes the case. */
  execution: string,
): Promise<{ parked: boolean }> => {
  const placed = await deps.registry.getRegistration(registrationId);
  if (placed === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  const waitingOn: WaitingOn =
    step === 'approval' && placed.approval !== undefined
      ? { kind: 'approver', approverKind: placed.approval.approverKind as ApproverKind, queue: placed.approval.queue }
      : { kind: 'applicant' };
  // The context only writes a wait a completion removed meanwhile: due at once, so the sweep's next run sees it.
  await deps.parking.park(registrationId, step, resume, waitContextOf(placed, 0, waitingOn));
  // Read again once the wait is parked: a completion that came before found the token closed and resumed nothing.
  const registration = (await deps.registry.getRegistration(registrationId)) ?? placed;
  const completed =
    step === 'ekyc' ? registration.status === 'EKYC_VERIFIED' : (await deps.approvals.get(taskIdOf(registrationId)))?.state === 'DECIDED';
  if (completed) {
    await deps.parking.resumeSoon(registrationId, step);
    return { parked: true };
  }
  try {
    await deps.registry.annotate(registrationId, {
      status: registration.status,
      actor: systemActor,
      why: 'PARKED',
      note: `No ${step} within ${resume.parkAfterSeconds} s: execution ${execution} ended; the case keeps its status and queue until it is resumed.`,
      set: { parked: { step, at: new Date(deps.clock.now()).toISOString() } },
    });
  } catch (error) {
    // Moved meanwhile (e-KYC done, a decision): whoever moved it finds the wait parked and resumes it.
    if (!(error instanceof ConflictError)) throw error;
  }
  return { parked: true };
};

/** A parked wait whose step was completed while it parked (or whose resume was cut short): carried on now. */
const resumeIfCompleted = async (deps: ApprovalDeps, wait: Wait): Promise<boolean> => {
  if (wait.step === 'ekyc') {
    if ((await deps.registry.getRegistration(wait.registrationId))?.status !== 'EKYC_VERIFIED') return false;
    return deps.callbacks.succeed(wait.registrationId, 'ekyc', { ekyc: 'verified' });
  }
  if (wait.step !== 'approval') return false;
  const task = await deps.approvals.get(taskIdOf(wait.registrationId));
  // The decision carried out as its approver's own repeat would: the registration moved, the parked wait resumed.
  return task?.state === 'DECIDED' ? finishRecorded(deps, task) : false;
};

export interface SweepDeps extends ApprovalDeps {
  readonly waits: Pick<Waits, 'overdue' | 'relocate'>;
  /** APPROVAL_SLA_SECONDS on the embedded stack (drills, tests); the scheme's SLA otherwise. */
  readonly approvalSlaSecondsOverride?: number;
}

/**
 * The wait sweep (a schedule on AWS, a timer on the embedded stack): reads the waits past their SLA (the stuck
 * list's index); resumes the parked ones whose step was completed while they parked; escalates each pending
 * approval whose level's due time passed, its execution waiting or parked alike; and expires the e-KYC cases parked
 * longer than 30 days (what AwaitEkyc's 30-day timeout did).
 */
export const sweepWaits = async (
  deps: SweepDeps,
  options: { readonly pageSize: number },
): Promise<{ escalated: number; expired: number; resumed: number }> => {
  const now = deps.clock.now();
  let escalated = 0;
  let expired = 0;
  let resumed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.waits.overdue({
      now: new Date(now).toISOString(),
      limit: options.pageSize,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const wait of page.waits) {
      if (wait.parkedAt !== undefined && (await resumeIfCompleted(deps, wait))) {
        resumed += 1;
        continue;
      }
      if (wait.step === 'approval') {
        const task = await deps.approvals.get(taskIdOf(wait.registrationId));
        if (task?.state !== 'PENDING' || Date.parse(task.dueAt) > now) continue;
        const scheme = findScheme(task.scheme);
        if (scheme === undefined) continue;
        try {
          const moved = await escalateApproval(
            deps,
            wait.registrationId,
            deps.approvalSlaSecondsOverride ?? scheme.approval.slaHours * 3600,
          );
          if (moved !== undefined) escalated += 1;
        } catch (error) {
          // Decided, returned or stopped between the read and the write: nothing to escalate.
          if (!(error instanceof ConflictError)) throw error;
        }
      } else if (wait.step === 'ekyc' && wait.parkedAt !== undefined && Date.parse(wait.since) + parkedEkycExpirySeconds * 1000 <= now) {
        await recordOutcome(deps, wait.registrationId, 'PARKED_EKYC_EXPIRED');
        expired += 1;
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return { escalated, expired, resumed };
};
