// Completing the step a registration's workflow waits on. The token is the workflow's; callers name the step.
export type WaitingStepName = 'mobile-otp' | 'ekyc' | 'approval';

export interface WorkflowCallbacks {
  /** Keep the token of a step that waits on a person. */
  recordWaiting(registrationId: string, step: WaitingStepName, taskToken: string): Promise<void>;
  /** Complete the waiting step; false when no step waits (already completed, or not yet open). */
  succeed(registrationId: string, step: WaitingStepName, output: Record<string, string | number | boolean>): Promise<boolean>;
  /** Fail the waiting step with an error the workflow catches by name; the cause carries no personal data. */
  fail(registrationId: string, step: WaitingStepName, error: string, cause: string): Promise<boolean>;
}

export interface WorkflowStarter {
  /** Start (or, repeated, find) the registration's execution. Its input carries ids only. */
  startRegistration(registrationId: string, scheme: string): Promise<void>;
}

export interface ImportStarter {
  /** Start the import's execution, named by the import id; a repeated event starts nothing new. */
  startImport(importId: string): Promise<void>;
}
