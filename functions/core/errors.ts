// One base class for every error the pipeline raises on purpose. A class's name is its contract: HTTP handlers
// map it to a status and a stable `code`; Step Functions matches it by name in Retry/Catch (workflows/*.asl.json),
// so task handlers throw these and never return an error-shaped value.

export abstract class HealthcardError extends Error {
  /** Stable, machine-readable; clients branch on it. */
  abstract readonly code: string;
  /** The HTTP status that fits when this error reaches an API caller. */
  abstract readonly httpStatus: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends HealthcardError {
  readonly code: string;
  readonly httpStatus = 400;
  constructor(message: string, details?: Record<string, unknown>, code = 'VALIDATION_FAILED') {
    super(message, details);
    this.code = code;
  }
}

export class UnauthorizedError extends HealthcardError {
  readonly code = 'UNAUTHORIZED';
  readonly httpStatus = 401;
}

export class ForbiddenError extends HealthcardError {
  readonly code = 'FORBIDDEN';
  readonly httpStatus = 403;
}

export class NotFoundError extends HealthcardError {
  readonly code: string;
  readonly httpStatus = 404;
  constructor(message: string, code = 'NOT_FOUND', details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

export class ConflictError extends HealthcardError {
  readonly code: string;
  readonly httpStatus = 409;
  constructor(message: string, code = 'CONFLICT', details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

/** An outside service (e-KYC, SMS, AWS) failed in a way worth retrying. Workflows retry it with backoff. */
export class ProviderUnavailableError extends HealthcardError {
  readonly code = 'PROVIDER_UNAVAILABLE';
  readonly httpStatus = 503;
}

/**
 * The SMS gateway refused a message for good (a DLT template or sender not registered, a malformed request):
 * trying again sends nothing until someone fixes the configuration. Not retried; the execution fails and an
 * admin redrives it once fixed.
 */
export class SmsRejectedError extends HealthcardError {
  readonly code = 'SMS_REJECTED';
  readonly httpStatus = 502;
}

/** Configuration is missing or malformed: the process must not start serving. */
export class ConfigurationError extends HealthcardError {
  readonly code = 'CONFIGURATION_INVALID';
  readonly httpStatus = 500;
}

/** The request is understood but refused by a rule (wrong code, not eligible, ...). Carries what to do next. */
export class RefusedError extends HealthcardError {
  readonly code: string;
  readonly httpStatus = 422;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

export class RateLimitedError extends HealthcardError {
  readonly code: string;
  readonly httpStatus = 429;
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number | undefined,
    details?: Record<string, unknown>,
  ) {
    super(message, { ...details, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) });
    this.code = code;
  }
}

// Errors a registration workflow catches by name (workflows/registration.asl.json): a step that ends the
// registration for a reason the person caused or an approver decided, not a technical failure.
export class MobileOtpLockedError extends RefusedError {
  constructor() {
    super('OTP_LOCKED', 'Too many wrong codes: this registration is locked.');
  }
}

export class MobileOtpResendLimitError extends RateLimitedError {
  constructor() {
    super('OTP_RESEND_LIMIT', 'The code was sent as many times as allowed.', undefined);
  }
}

/** The first code could not be sent: the mobile had its codes for the hour. The registration ends MOBILE_SMS_LIMIT. */
export class MobileSmsLimitError extends RateLimitedError {
  constructor(retryAfterSeconds: number) {
    super('MOBILE_SMS_LIMIT', 'Too many codes were sent to this mobile number in the last hour.', retryAfterSeconds);
  }
}

export class RegistrationRejectedError extends RefusedError {
  constructor(reasonCode: string) {
    super('REGISTRATION_REJECTED', 'The approving officer rejected the registration.', { reasonCode });
  }
}

/** A roster import failed for a reason other than its file (recorded on the import); its execution fails with it. */
export class RosterImportFailedError extends HealthcardError {
  readonly code = 'ROSTER_IMPORT_FAILED';
  readonly httpStatus = 500;
}

/** A request body larger than its route takes (the route table's bodyLimitBytes). */
export class PayloadTooLargeError extends HealthcardError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly httpStatus = 413;
}

/** A request body that is not JSON by its content type. */
export class UnsupportedMediaTypeError extends HealthcardError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly httpStatus = 415;
}
