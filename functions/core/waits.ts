// The steps a registration's workflow waits on, and when a wait has gone on too long. A wait is "stuck" once it
// has lasted longer than its SLA: admins list those, with who the registration waits on. Pure.
import type { ApproverKind } from '../ports/approvals.js';
import { waitingStepNames, type ApplicantStepName, type WaitingStepName } from './steps.js';

/** The steps a registration waits on, in the order the workflow reaches them (steps.ts). */
export const waitingSteps: readonly WaitingStepName[] = waitingStepNames;

/** The waiting steps the workflow has passed once it reaches `step`: a wait of theirs holds a dead token. */
export const stepsBefore = (step: WaitingStepName): readonly WaitingStepName[] => waitingSteps.slice(0, waitingSteps.indexOf(step));

/** Who must act for a waiting step to end. */
export type WaitingOn =
  | { readonly kind: 'applicant' }
  | { readonly kind: 'approver'; readonly approverKind: ApproverKind; readonly queue: string };

/**
 * How long a person's own steps may reasonably take before someone should follow up: a code is valid 10
 * minutes, e-KYC is a visit to a camp or an Aadhaar centre away. Approval takes its scheme's SLA instead.
 */
export const applicantStepSlaSeconds: Readonly<Record<ApplicantStepName, number>> = {
  'mobile-otp': 15 * 60,
  ekyc: 2 * 86_400,
};

/** A roster import still running after this long is stuck (a district file imports in minutes). */
export const importSlaSeconds = 3600;

/** What a wait records beside its token: where the registration is, its SLA, and who it waits on. */
export interface WaitContext {
  readonly district: string;
  readonly block?: string;
  readonly slaSeconds: number;
  readonly waitingOn: WaitingOn;
}

/** One wait as the table keeps it. `since` and `slaDueAt` survive re-entries of the step (escalations). */
export interface Wait {
  readonly registrationId: string;
  readonly step: WaitingStepName;
  readonly district: string;
  readonly block?: string;
  readonly since: string;
  readonly slaDueAt: string;
  readonly waitingOn: WaitingOn;
  /** When its execution ended and left it parked (core/parking.ts); absent while an execution holds the wait. */
  readonly parkedAt?: string;
}

/** Where a registration waits: its district and block, for the index admins read stuck waits from. */
export const waitContextOf = (
  registration: { readonly district: string; readonly block?: string },
  slaSeconds: number,
  waitingOn: WaitingOn,
): WaitContext => ({
  district: registration.district,
  ...(registration.block === undefined ? {} : { block: registration.block }),
  slaSeconds,
  waitingOn,
});

/** Who a queue is, in words an admin acts on (English and Hindi). */
export const waitingOnLabel = (waitingOn: WaitingOn): { en: string; hi: string } => {
  if (waitingOn.kind === 'applicant') return { en: 'The applicant', hi: 'आवेदक' };
  const [, holder = ''] = waitingOn.queue.split(':');
  switch (waitingOn.approverKind) {
    case 'ddo':
      return { en: `DDO ${holder}`, hi: `डीडीओ ${holder}` };
    case 'verifier':
      return { en: `Verifier, ${holder}`, hi: `सत्यापनकर्ता, ${holder}` };
    case 'district-admin':
      return { en: `District admin, ${holder}`, hi: `जिला प्रशासक, ${holder}` };
    case 'state-admin':
      return { en: 'State admin', hi: 'राज्य प्रशासक' };
  }
};

/** Whole hours a wait is past its SLA at `now` (0 when it is not). */
export const overdueHours = (slaDueAt: string, now: number): number => Math.max(0, Math.floor((now - Date.parse(slaDueAt)) / 3_600_000));
