// Waits that hold no execution (docs/scale.md, "Waits that hold no execution"). An e-KYC or approval wait longer
// than the park threshold ends its execution with the case parked: its wait item stays (marked parked, without a
// token), the registration keeps its status and queue. The event the wait was for (e-KYC done, an approval)
// resumes the case in a new execution of the same workflow, named by the registration and the step it parked at,
// so the same event twice, or an event racing the park, starts one. Pure.
import type { WaitingStepName } from './steps.js';

/** The steps whose waits park: the person's e-KYC (days, for an Aadhaar fix) and the approver's decision. */
export const parkingSteps = ['ekyc', 'approval'] as const satisfies readonly WaitingStepName[];
export type ParkingStepName = (typeof parkingSteps)[number];

export const isParkingStep = (step: WaitingStepName): step is ParkingStepName => (parkingSteps as readonly string[]).includes(step);

/** What a resume execution's input needs beyond the registration id: what its first execution was started with. */
export interface ResumeInput {
  readonly scheme: string;
  readonly parkAfterSeconds: number;
}

const separator = '_after-';

/** The execution that carries a case parked at `step` on: one name per registration and step. */
export const resumeExecutionName = (registrationId: string, step: ParkingStepName): string => `${registrationId}${separator}${step}`;

/** The registration an execution of the registration workflow runs for: its name, less a resume's suffix. */
export const registrationIdOfExecution = (name: string): string => name.split(separator)[0] as string;

/** The step a resume execution carries on after; undefined for a registration's first execution. */
export const resumedAfter = (name: string): ParkingStepName | undefined => {
  const step = name.split(separator)[1];
  return step !== undefined && (parkingSteps as readonly string[]).includes(step) ? (step as ParkingStepName) : undefined;
};

/** A case parked at e-KYC expires this long after its wait began, as the 30-day e-KYC wait did. */
export const parkedEkycExpirySeconds = 30 * 86_400;
