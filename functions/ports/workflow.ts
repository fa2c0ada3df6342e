// Completing the step a registration's workflow waits on. The token is the workflow's; callers name the step.
import type { HealthcardError } from '../core/errors.js';
import type { Wait, WaitContext, WaitingOn } from '../core/waits.js';
import type { WaitingStepName } from '../core/steps.js';
import type { ParkingStepName, ResumeInput } from '../core/parking.js';

export type { WaitingStepName };

/** The table half of a waiting step: what a task that opens a wait, and never completes one, needs. */
export interface WaitRecords {
  /**
   * Keep the token of a step that waits on a person, with where the registration is and who must act. A step
   * entered again (an escalated approval) keeps when it first started waiting and its first SLA.
   */
  recordWaiting(registrationId: string, step: WaitingStepName, taskToken: string, context: WaitContext): Promise<void>;
  /**
   * Forget the waits of a registration whose workflow stopped waiting without completing them (a timeout), or
   * has passed them (`steps`: those before the step now opening); every step's when none is named.
   */
  clearWaiting(registrationId: string, steps?: readonly WaitingStepName[]): Promise<void>;
}

export interface WorkflowCallbacks extends WaitRecords {
  /**
   * Complete the waiting step; false when no step waits (already completed, or not yet open). A parked step
   * (core/parking.ts) is completed by resuming its case in a new execution after the step.
   */
  succeed(registrationId: string, step: WaitingStepName, output: Record<string, string | number | boolean>): Promise<boolean>;
  /**
   * Fail the waiting step with an error the workflow catches by its class name (the task's Error); its message,
   * which carries no personal data, is the Cause. A parked step is forgotten: its execution has ended, and the
   * failure (a rejection) was recorded on the registration by whoever failed it.
   */
  fail(registrationId: string, step: WaitingStepName, error: HealthcardError): Promise<boolean>;
}

/** Waits that hold no execution (core/parking.ts): parking a wait as its execution ends, and resuming it. */
export interface ParkedWaits {
  /**
   * The workflow stops holding the step's wait (its execution ends): the wait stays, marked parked, without a token,
   * with what resuming needs; written afresh from `context` if a completion that met the closed token removed it.
   */
  park(registrationId: string, step: ParkingStepName, resume: ResumeInput, context: WaitContext): Promise<void>;
  /**
   * A parked wait whose event came while it was being parked: listed first among the waits past their SLA, so the
   * next run of the wait sweep resumes it (the park task, run by the workflow, cannot start the workflow itself).
   */
  resumeSoon(registrationId: string, step: ParkingStepName): Promise<void>;
  /**
   * Start the execution that carries a case parked at `step` on (named by both: a repeat starts nothing new), then
   * forget the parked wait and the registration's parked marker.
   */
  resume(registrationId: string, step: ParkingStepName, resume: ResumeInput): Promise<void>;
}

export interface WorkflowStarter {
  /** Start (or, repeated, find) the registration's execution. Its input carries ids only. */
  startRegistration(registrationId: string, scheme: string): Promise<void>;
}

export interface ImportStarter {
  /** Start the import's execution, named by the import id; a repeated event starts nothing new. */
  startImport(importId: string): Promise<void>;
}

/** The waits admins follow up on: those past their SLA. */
export interface Waits {
  /** Waits past their SLA at `now`, most overdue first; every district's when none is given. */
  overdue(query: {
    readonly district?: string;
    readonly now: string;
    /** Only those due at this time or later (the reminders' window: due within the next day). */
    readonly after?: string;
    readonly limit: number;
    readonly cursor?: string;
  }): Promise<{ waits: Wait[]; cursor?: string }>;
  /** The steps of a registration whose workflow token is still held (reconciliation: a step passed but not delivered). */
  stepsWaiting(registrationId: string): Promise<WaitingStepName[]>;
  /**
   * Forget the waits of the steps named (every step when none is named): the workflow has passed them, so their
   * tokens are dead. What removes a wait whose completion was cut short (the token used, the process killed
   * before the item went) or which a late retry of its task wrote back after it was completed.
   */
  clear(registrationId: string, steps?: readonly WaitingStepName[]): Promise<void>;
  /** A registration moved to another place: its waits move with it, and an approval wait to its new approver. */
  relocate(registrationId: string, place: { readonly district: string; readonly block?: string }, approval?: WaitingOn): Promise<void>;
}
