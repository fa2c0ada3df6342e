// One base class for every error the pipeline raises on purpose. A class's name is its contract: HTTP handlers
// map it to a status and a stable `code`; Step Functions matches it by name in Retry/Catch (workflows/*.asl.json),
// so task handlers throw these and never return an error-shaped value.

/**
 * What every error is made of, whatever its class: `new XError({ code, message, details })`. `code` may be left
 * out where the class has a default; `cause` keeps the error this one explains.
 */
export interface ErrorFields {
  /** Stable, machine-readable; clients branch on it. */
  readonly code?: string;
  /** Said to a person: what went wrong and, where it helps, what to do. Never personal data. */
  readonly message: string;
  readonly details?: Record<string, unknown> | undefined;
  readonly cause?: unknown;
}

/** The fields of a class with no default code: every throw names its rule. */
export type CodedErrorFields = ErrorFields & { readonly code: string };

/** An error the pipeline raises on purpose: the classes below, each made by `answering`. */
export abstract class HealthcardError extends Error {
  readonly code: string;
  /** The HTTP status that fits when this error reaches an API caller. */
  abstract readonly httpStatus: number;
  readonly details: Record<string, unknown> | undefined;

  constructor({ code, message, details, cause }: CodedErrorFields) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** `base` with a default code: a throw may leave `code` out. */
export const withDefaultCode = <Fields extends CodedErrorFields, Instance extends HealthcardError>(
  base: abstract new (fields: Fields) => Instance,
  defaultCode: string,
) => {
  // Cast to a plain constructor: TypeScript takes a generic base only as a mixin (`...args: any[]`).
  abstract class Defaulted extends (base as unknown as abstract new (fields: CodedErrorFields) => HealthcardError) {
    constructor(fields: ErrorFields) {
      super({ ...fields, code: fields.code ?? defaultCode });
    }
  }
  return Defaulted as unknown as abstract new (
    fields: Omit<Fields, 'code'> & ErrorFields,
  ) => Instance;
};

/** An error with its HTTP status set. */
type Answered = HealthcardError & { readonly httpStatus: number };

/** The base of an error class: the HTTP status it answers with; with a default code, `code` may be left out. */
export function answering(httpStatus: number): abstract new (fields: CodedErrorFields) => Answered;
export function answering(httpStatus: number, defaultCode: string): abstract new (fields: ErrorFields) => Answered;
export function answering(httpStatus: number, defaultCode?: string): abstract new (fields: CodedErrorFields) => Answered {
  abstract class Answering extends HealthcardError {
    readonly httpStatus = httpStatus;
  }
  return defaultCode === undefined ? Answering : withDefaultCode(Answering, defaultCode);
}

export class ValidationError extends answering(400, 'VALIDATION_FAILED') {}
export class UnauthorizedError extends answering(401, 'UNAUTHORIZED') {}
export class ForbiddenError extends answering(403, 'FORBIDDEN') {}
export class NotFoundError extends answering(404, 'NOT_FOUND') {}
export class ConflictError extends answering(409, 'CONFLICT') {}
/** What was there is no more: an expired link. */
export class GoneError extends answering(410, 'GONE') {}

/** The request is understood but refused by a rule (wrong code, not eligible, ...). Carries what to do next. */
export class RefusedError extends answering(422) {}

/** Too many requests: `retryAfterSeconds`, when known, is answered as Retry-After and in `details`. */
export class RateLimitedError extends answering(429) {
  readonly retryAfterSeconds: number | undefined;
  constructor(fields: CodedErrorFields & { readonly retryAfterSeconds?: number | undefined }) {
    const { retryAfterSeconds, ...rest } = fields;
    super({ ...rest, details: { ...rest.details, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A request body larger than its route takes (the route table's bodyLimitBytes). */
export class PayloadTooLargeError extends answering(413, 'PAYLOAD_TOO_LARGE') {}
/** A request body that is not JSON by its content type. */
export class UnsupportedMediaTypeError extends answering(415, 'UNSUPPORTED_MEDIA_TYPE') {}

// Errors a registration workflow catches by name (workflows/registration.asl.json): a step that ends the
// registration for a reason the person caused or an approver decided, not a technical failure. Each has its
// own code, so a throw names only the message (and, for MobileSmsLimitError, retryAfterSeconds).
export class MobileOtpLockedError extends withDefaultCode(RefusedError, 'OTP_LOCKED') {}
export class MobileOtpResendLimitError extends withDefaultCode(RateLimitedError, 'OTP_RESEND_LIMIT') {}
/** The first code could not be sent: the mobile had its codes for the hour. The registration ends MOBILE_SMS_LIMIT. */
export class MobileSmsLimitError extends withDefaultCode(RateLimitedError, 'MOBILE_SMS_LIMIT') {}
/** An approver rejected the registration: `details.reasonCode` says why. */
export class RegistrationRejectedError extends withDefaultCode(RefusedError, 'REGISTRATION_REJECTED') {}

/**
 * Not failures: a resume execution of a parked case (docs/scale.md, "Waits that hold no execution") enters the
 * registration workflow at its first state, whose task throws one of these; the workflow's Catch sends it on to the
 * step after the parked one. So the happy path enters no extra state for the resume's sake.
 */
export class ResumeAfterEkycError extends answering(409, 'RESUME_AFTER_EKYC') {}
export class ResumeAfterApprovalError extends answering(409, 'RESUME_AFTER_APPROVAL') {}

/** An outside service (e-KYC, SMS, AWS) failed in a way worth retrying. Workflows retry it with backoff. */
export class ProviderUnavailableError extends answering(503, 'PROVIDER_UNAVAILABLE') {}

/**
 * The SMS gateway refused a message for good (a DLT template or sender not registered, a malformed request):
 * trying again sends nothing until someone fixes the configuration. Not retried; the execution fails and an
 * admin redrives it once fixed.
 */
export class SmsRejectedError extends answering(502, 'SMS_REJECTED') {}

/** Configuration is missing or malformed: the process must not start serving. */
export class ConfigurationError extends answering(500, 'CONFIGURATION_INVALID') {}

/** A roster import failed for a reason other than its file (recorded on the import); its execution fails with it. */
export class RosterImportFailedError extends answering(500, 'ROSTER_IMPORT_FAILED') {}
