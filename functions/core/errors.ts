// One base class for every error the pipeline raises on purpose. A class's name is its contract: HTTP handlers
// map it to a status and a stable `code`; Step Functions matches it by name in Retry/Catch (workflows/*.asl.json),
// so task handlers throw these and never return an error-shaped value.

/**
 * What every error is made of, whatever its class: `new XError({ code, message, details })`. `code` may be left
 * out where the class has a default (its static `defaultCode`); `cause` keeps the error this one explains.
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

export abstract class HealthcardError extends Error {
  /** The `code` when a throw names none; undefined for classes whose constructor requires one. */
  static readonly defaultCode: string | undefined = undefined;
  readonly code: string;
  /** The HTTP status that fits when this error reaches an API caller. */
  abstract readonly httpStatus: number;
  readonly details: Record<string, unknown> | undefined;

  constructor({ code, message, details, cause }: ErrorFields) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    // A class without a default code types its constructor with CodedErrorFields, so `code` is there.
    this.code = code ?? new.target.defaultCode ?? 'INTERNAL';
    this.details = details;
  }
}

export class ValidationError extends HealthcardError {
  static override readonly defaultCode = 'VALIDATION_FAILED';
  readonly httpStatus = 400;
}

export class UnauthorizedError extends HealthcardError {
  static override readonly defaultCode = 'UNAUTHORIZED';
  readonly httpStatus = 401;
}

export class ForbiddenError extends HealthcardError {
  static override readonly defaultCode = 'FORBIDDEN';
  readonly httpStatus = 403;
}

export class NotFoundError extends HealthcardError {
  static override readonly defaultCode = 'NOT_FOUND';
  readonly httpStatus = 404;
}

export class ConflictError extends HealthcardError {
  static override readonly defaultCode = 'CONFLICT';
  readonly httpStatus = 409;
}

/** An outside service (e-KYC, SMS, AWS) failed in a way worth retrying. Workflows retry it with backoff. */
export class ProviderUnavailableError extends HealthcardError {
  static override readonly defaultCode = 'PROVIDER_UNAVAILABLE';
  readonly httpStatus = 503;
}

/**
 * The SMS gateway refused a message for good (a DLT template or sender not registered, a malformed request):
 * trying again sends nothing until someone fixes the configuration. Not retried; the execution fails and an
 * admin redrives it once fixed.
 */
export class SmsRejectedError extends HealthcardError {
  static override readonly defaultCode = 'SMS_REJECTED';
  readonly httpStatus = 502;
}

/** Configuration is missing or malformed: the process must not start serving. */
export class ConfigurationError extends HealthcardError {
  static override readonly defaultCode = 'CONFIGURATION_INVALID';
  readonly httpStatus = 500;
}

/** The request is understood but refused by a rule (wrong code, not eligible, ...). Carries what to do next. */
export class RefusedError extends HealthcardError {
  readonly httpStatus = 422;
  constructor(fields: CodedErrorFields) {
    super(fields);
  }
}

/** Too many requests: `retryAfterSeconds`, when known, is answered as Retry-After and in `details`. */
export class RateLimitedError extends HealthcardError {
  readonly httpStatus = 429;
  readonly retryAfterSeconds: number | undefined;
  constructor(fields: CodedErrorFields & { readonly retryAfterSeconds?: number | undefined }) {
    const { retryAfterSeconds, ...rest } = fields;
    super({ ...rest, details: { ...rest.details, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) } });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Errors a registration workflow catches by name (workflows/registration.asl.json): a step that ends the
// registration for a reason the person caused or an approver decided, not a technical failure. Each has its
// own code, so a throw names only the message (and, for MobileSmsLimitError, retryAfterSeconds).
export class MobileOtpLockedError extends RefusedError {
  constructor(fields: ErrorFields) {
    super({ code: 'OTP_LOCKED', ...fields });
  }
}

export class MobileOtpResendLimitError extends RateLimitedError {
  constructor(fields: ErrorFields) {
    super({ code: 'OTP_RESEND_LIMIT', ...fields });
  }
}

/** The first code could not be sent: the mobile had its codes for the hour. The registration ends MOBILE_SMS_LIMIT. */
export class MobileSmsLimitError extends RateLimitedError {
  constructor(fields: ErrorFields & { readonly retryAfterSeconds: number }) {
    super({ code: 'MOBILE_SMS_LIMIT', ...fields });
  }
}

/** An approver rejected the registration: `details.reasonCode` says why. */
export class RegistrationRejectedError extends RefusedError {
  constructor(fields: ErrorFields) {
    super({ code: 'REGISTRATION_REJECTED', ...fields });
  }
}

/** A roster import failed for a reason other than its file (recorded on the import); its execution fails with it. */
export class RosterImportFailedError extends HealthcardError {
  static override readonly defaultCode = 'ROSTER_IMPORT_FAILED';
  readonly httpStatus = 500;
}

/** A request body larger than its route takes (the route table's bodyLimitBytes). */
export class PayloadTooLargeError extends HealthcardError {
  static override readonly defaultCode = 'PAYLOAD_TOO_LARGE';
  readonly httpStatus = 413;
}

/** A request body that is not JSON by its content type. */
export class UnsupportedMediaTypeError extends HealthcardError {
  static override readonly defaultCode = 'UNSUPPORTED_MEDIA_TYPE';
  readonly httpStatus = 415;
}
