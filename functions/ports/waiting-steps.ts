// Port: where a workflow's callback token is kept while a registration waits on a person (mobile OTP, approval).
export type WaitingStepName = 'mobile-otp';

export interface WaitingStep {
  readonly registrationId: string;
  readonly step: WaitingStepName;
  readonly taskToken: string;
  readonly since: string;
}

export interface WaitingSteps {
  /** Record (or replace, on a retried task) the token a step waits on. */
  record(step: WaitingStep): Promise<void>;
  find(registrationId: string, step: WaitingStepName): Promise<WaitingStep | undefined>;
}
