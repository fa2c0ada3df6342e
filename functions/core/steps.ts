// The steps a registration passes, in the order its workflow (workflows/registration.asl.json) reaches them: the
// ASL Task states each step is made of, who a waiting step waits on, and which statuses say a step is passed.
// Wait items, the stuck list, reconciliation (healthcard verify), progress counts and the dashboard's step labels
// are typed from this list; test/unit/steps.test.ts holds it against the ASL file. Pure.
import type { RegistrationStatus } from './registration.js';

export const registrationSteps = [
  { name: 'mobile-otp', states: ['SendMobileOtp'], waitsOn: 'applicant' },
  { name: 'ekyc', states: ['AwaitEkyc'], waitsOn: 'applicant' },
  { name: 'match', states: ['MatchAndDedup'] },
  // Escalation past the SLA is the wait sweep's (core/use-cases/parking.ts): the same step waits on the next level.
  { name: 'approval', states: ['AwaitApproval'], waitsOn: 'approver' },
  { name: 'card', states: ['IssueCard'] },
] as const;

export type RegistrationStep = (typeof registrationSteps)[number];
export type RegistrationStepName = RegistrationStep['name'];

/** A step that waits for a person (waitForTaskToken): its token is kept in a wait item until the person acts. */
export type WaitingStepName = Extract<RegistrationStep, { waitsOn: string }>['name'];
/** A step that waits for the person registering (a code, e-KYC): its SLA is the same for every scheme. */
export type ApplicantStepName = Extract<RegistrationStep, { waitsOn: 'applicant' }>['name'];
export const waitingStepNames = registrationSteps.flatMap((step) => ('waitsOn' in step ? [step.name] : [])) as readonly WaitingStepName[];

/**
 * ASL Task states that are no step a registration passes: where a wait that ended unfinished is recorded, and
 * where a wait past the park threshold ends its execution with the case parked (core/parking.ts).
 */
export const closingStates = ['RecordOutcome', 'ParkEkyc', 'ParkApproval'] as const;

/** The step of the roster-import workflow an import is stuck in (GET /v1/admin/stuck). */
export const importStep = 'import' as const;
/** Every step the stuck list names: a registration's waiting steps, and a running import's. */
export const stuckStepNames = [...waitingStepNames, importStep] as const;
export type StuckStepName = WaitingStepName | typeof importStep;

/**
 * The last step each status says the registration has passed: null before the first is passed, and for a status
 * that holds wherever the registration stopped (EXPIRED, STOPPED). A failed step (a locked code, a rejection at
 * approval) counts as passed when its workflow has moved past it.
 */
const lastPassed: Readonly<Record<RegistrationStatus, RegistrationStepName | null>> = {
  STARTED: null,
  MOBILE_OTP_SENT: null,
  MOBILE_OTP_EXPIRED: null,
  MOBILE_OTP_LOCKED: null,
  MOBILE_OTP_RESEND_LIMIT: null,
  MOBILE_SMS_LIMIT: null,
  MOBILE_VERIFIED: 'mobile-otp',
  EKYC_PENDING: 'mobile-otp',
  EKYC_OTP_SENT: 'mobile-otp',
  EKYC_PROVIDER_UNAVAILABLE: 'mobile-otp',
  EKYC_BLOCKED: 'mobile-otp',
  EKYC_VERIFIED: 'ekyc',
  NOT_ELIGIBLE: 'match',
  DUPLICATE: 'match',
  PENDING_APPROVAL: 'match',
  RETURNED_FOR_CORRECTION: 'match',
  APPROVED: 'approval',
  REJECTED: 'approval',
  CARD_MADE: 'approval',
  CARD_ISSUED: 'card',
  EXPIRED: null,
  STOPPED: null,
};

const indexOfStep = (name: RegistrationStepName) => registrationSteps.findIndex((step) => step.name === name);

/** True when a registration in `status` has passed `step`: a wait of that step holds a dead token. */
export const hasPassed = (status: RegistrationStatus, step: RegistrationStepName): boolean => {
  const passed = lastPassed[status];
  return passed !== null && indexOfStep(passed) >= indexOfStep(step);
};

/** The statuses that say `step` is passed and `later` is not: where the person's own API calls can take a case. */
export const statusesBetween = (step: RegistrationStepName, later: RegistrationStepName): ReadonlySet<RegistrationStatus> =>
  new Set((Object.keys(lastPassed) as RegistrationStatus[]).filter((status) => hasPassed(status, step) && !hasPassed(status, later)));
