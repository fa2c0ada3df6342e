// What each status the API answers with means, for the published document: registration statuses (from
// core/registration.ts's list, so a status added there is published with it), roster-import statuses, approval
// task states and workflow execution statuses. The zod enums in schemas.ts are built from these.
import * as z from 'zod';
import { nextActions, registrationStatuses, terminalStatuses, type RegistrationStatus } from '../core/registration.js';
import type { ImportStatus } from '../ports/imports.js';
import type { ApprovalState } from '../ports/approvals.js';
import type { ExecutionStatus } from '../ports/executions.js';

/** What a registration status says about the case. A status without a line here is described by its next action. */
const registrationMeanings: Partial<Record<RegistrationStatus, string>> = {
  STARTED: 'Accepted: the workflow is about to send the mobile code.',
  MOBILE_OTP_SENT: 'A 6-digit code went by SMS to the mobile given at the start; waiting for it (POST …/mobile-otp/verify).',
  MOBILE_OTP_EXPIRED: 'The mobile code expired unused; a resend sends a new one.',
  MOBILE_OTP_LOCKED: 'Ended: too many wrong mobile codes.',
  MOBILE_OTP_RESEND_LIMIT: 'Ended: the mobile code was sent as many times as allowed.',
  MOBILE_VERIFIED: 'The mobile is verified; waiting for consent and Aadhaar e-KYC.',
  EKYC_PENDING: 'Waiting for e-KYC again (after a blocker was reported fixed).',
  EKYC_OTP_SENT: 'UIDAI sent an OTP to the Aadhaar-linked mobile; waiting for it (POST …/ekyc/verify).',
  EKYC_PROVIDER_UNAVAILABLE: 'The Aadhaar service did not answer; e-KYC can be tried again, nothing is lost.',
  EKYC_BLOCKED:
    'UIDAI refused for a reason the person must fix (mobile not linked, biometrics locked, …): `reason` says which; the registration waits.',
  EKYC_VERIFIED: 'e-KYC done; the person is being matched against the roster and checked for an existing card.',
  NOT_ELIGIBLE: 'Ended: the e-KYC identity does not match the roster person.',
  DUPLICATE: 'Ended: this Aadhaar already has a card (or a registration) in the scheme; `duplicateOf` says which.',
  PENDING_APPROVAL: "Waiting for the approving officer (the DDO, or the district's verifier); escalates after the SLA.",
  RETURNED_FOR_CORRECTION: 'The approver sent it back for correction; resubmit (POST …/resubmit) after correcting.',
  APPROVED: 'Approved; the card is being made.',
  REJECTED: 'Ended: the approver rejected it; `reason.code` is the rejection reason.',
  CARD_ISSUED: 'Ended: the card is issued (GET /v1/cards/{cardNumber}).',
  EXPIRED: 'Ended: the registration was not completed in time; start a new one.',
};

const registrationStatusLine = (status: RegistrationStatus): string =>
  `- \`${status}\`${terminalStatuses.has(status) ? ' (final)' : ''}: ${registrationMeanings[status] ?? `Next: ${nextActions[status].en}`}`;

export const RegistrationStatusEnum = z.enum(registrationStatuses).meta({
  id: 'RegistrationStatus',
  description: `Where a registration is. \`nextAction\` says in English and Hindi what the person does next.\n${registrationStatuses.map(registrationStatusLine).join('\n')}`,
});

const importMeanings: Record<ImportStatus, string> = {
  RECEIVED: 'The file arrived; the import has not begun.',
  REFUSED: 'The whole file was refused before any row was read (`refusal` says why: a missing column, a wrong key, …).',
  IMPORTING: 'Rows are being read and written, chunk by chunk (`progress`).',
  DONE: 'Every row is accounted for: inserted, updated, unchanged, duplicate or rejected (see the rejects report).',
  FAILED: 'The import stopped for a reason other than its file (`failure`); an admin redrives its execution.',
};

const approvalMeanings: Record<ApprovalState, string> = {
  PENDING: 'Waiting for a decision in the queue.',
  RETURNED: 'Sent back to the applicant for correction; back to PENDING on resubmission.',
  DECIDED: 'Approved or rejected (`decision`).',
};

const executionMeanings: Record<ExecutionStatus, string> = {
  RUNNING: 'Running, or waiting for a person (a code, e-KYC, an approver).',
  SUCCEEDED: 'Finished: the registration or import reached its end.',
  FAILED: 'Failed on an error no retry covered; an admin can redrive it.',
  TIMED_OUT: 'Ran past its time limit; an admin can redrive it.',
  ABORTED: 'Stopped by an admin (with a reason in its history); an admin can redrive it.',
  PENDING_REDRIVE: 'A redrive was asked for and has not started yet.',
};

const lines = (meanings: Record<string, string>) =>
  Object.entries(meanings)
    .map(([status, meaning]) => `- \`${status}\`: ${meaning}`)
    .join('\n');
const keysOf = <K extends string>(record: Record<K, string>) => Object.keys(record) as [K, ...K[]];

export const ImportStatusEnum = z
  .enum(keysOf(importMeanings))
  .meta({ id: 'ImportStatus', description: `A roster import's status.\n${lines(importMeanings)}` });
export const ApprovalStateEnum = z
  .enum(keysOf(approvalMeanings))
  .meta({ id: 'ApprovalState', description: `An approval task's state.\n${lines(approvalMeanings)}` });
export const ExecutionStatusEnum = z
  .enum(keysOf(executionMeanings))
  .meta({ id: 'ExecutionStatus', description: `A workflow execution's status (as Step Functions names it).\n${lines(executionMeanings)}` });
