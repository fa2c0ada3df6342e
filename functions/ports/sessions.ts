// Applicant sessions: after a person verifies their mobile OTP, the pipeline gives them a short-lived token bound
// to their registration (core/identity.ts applicantClaims). Signed with an ES256 key of its own (the same signer
// adapters as cards: a local key file, or a KMS key whose private half never leaves KMS).
export interface ApplicantSession {
  readonly token: string;
  readonly expiresAt: string;
}

export interface SessionIssuer {
  issue(registrationId: string, now: number): Promise<ApplicantSession>;
}
