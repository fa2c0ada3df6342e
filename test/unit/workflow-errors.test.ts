// The names a workflow's Retry and Catch match are error classes the code has: read from the ASL files themselves
// (not from a list in the code), each non-AWS name must be a class in functions/core/errors.ts whose instances
// carry that name, since Step Functions matches a task's failure by the error's `name` (errorType).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as errors from '../../functions/core/errors.js';
import { projectRoot } from '../../local/stack.js';

const workflowFiles = readdirSync(join(projectRoot, 'workflows')).filter((file) => file.endsWith('.asl.json'));

/** Every ErrorEquals entry anywhere in a definition (Retry and Catch, in Map and Parallel states too). */
const errorNamesIn = (node: unknown): string[] => {
  if (Array.isArray(node)) return node.flatMap(errorNamesIn);
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'ErrorEquals' && Array.isArray(value) ? (value as string[]) : errorNamesIn(value),
  );
};

/** Names Step Functions and Lambda give errors themselves (States.Timeout, Lambda.ServiceException, ...). */
const awsNamed = /^(States|Lambda)\./;

const ourNames = workflowFiles.flatMap((file) =>
  errorNamesIn(JSON.parse(readFileSync(join(projectRoot, 'workflows', file), 'utf8')))
    .filter((name) => !awsNamed.test(name))
    .map((name) => [file, name] as const),
);

describe("the workflows' Retry/Catch names", () => {
  it('the registration workflow catches errors of ours by name (the check below has names to check)', () => {
    expect(ourNames.map(([, name]) => name)).toEqual(expect.arrayContaining(['ProviderUnavailableError', 'RegistrationRejectedError']));
  });

  it.each(ourNames)('%s: %s is an error class of functions/core/errors.ts, and its errors carry that name', (_file, name) => {
    const errorClass = (errors as Record<string, unknown>)[name] as
      | (new (
          fields: errors.CodedErrorFields,
        ) => errors.HealthcardError)
      | undefined;
    expect(errorClass, `${name} is not exported by functions/core/errors.ts`).toBeTypeOf('function');
    const error = new (errorClass as new (fields: errors.CodedErrorFields) => errors.HealthcardError)({ code: 'ANY', message: 'm' });
    expect(error).toBeInstanceOf(errors.HealthcardError);
    expect(error.name).toBe(name);
  });
});

// And the other way: the errors a registration step ends with (thrown by SendMobileOtp, or given to
// WorkflowCallbacks.fail by the mobile-OTP and approval use cases) are caught in the registration workflow;
// ProviderUnavailableError, which every task may throw, is retried there.
describe('the errors the code ends a registration step with', () => {
  const registration = JSON.parse(readFileSync(join(projectRoot, 'workflows/registration.asl.json'), 'utf8')) as unknown;
  const caught = new Set(errorNamesIn(registration));
  it.each([
    errors.MobileOtpLockedError,
    errors.MobileOtpResendLimitError,
    errors.MobileSmsLimitError,
    errors.RegistrationRejectedError,
    errors.ProviderUnavailableError,
  ])('%o is named in registration.asl.json', (errorClass) => {
    expect(caught.has(new errorClass({ message: 'm', retryAfterSeconds: 1 }).name)).toBe(true);
  });
});

describe('one error shape: new XError({ code, message, details, cause })', () => {
  it('keeps the code, message, details and cause it is given', () => {
    const cause = new Error('underneath');
    const error = new errors.ConflictError({ code: 'ALREADY_DECIDED', message: 'Decided.', details: { status: 'APPROVED' }, cause });
    expect([error.name, error.code, error.message, error.details, error.cause, error.httpStatus]).toEqual([
      'ConflictError',
      'ALREADY_DECIDED',
      'Decided.',
      { status: 'APPROVED' },
      cause,
      409,
    ]);
  });

  // Statuses and default codes as the API publishes them (functions/api/error-codes.ts's general codes and
  // RFC 9110's meanings: 400 bad request, 401 no credentials, 403 not allowed, 404, 409 conflict, 413, 415, 503).
  it.each([
    [errors.ValidationError, 400, 'VALIDATION_FAILED'],
    [errors.UnauthorizedError, 401, 'UNAUTHORIZED'],
    [errors.ForbiddenError, 403, 'FORBIDDEN'],
    [errors.NotFoundError, 404, 'NOT_FOUND'],
    [errors.ConflictError, 409, 'CONFLICT'],
    [errors.PayloadTooLargeError, 413, 'PAYLOAD_TOO_LARGE'],
    [errors.UnsupportedMediaTypeError, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [errors.ProviderUnavailableError, 503, 'PROVIDER_UNAVAILABLE'],
  ] as const)('%o answers %i and, when a throw names no code, %s', (errorClass, status, code) => {
    const error = new errorClass({ message: 'm' });
    expect([error.httpStatus, error.code, error.details]).toEqual([status, code, undefined]);
    expect(new errorClass({ code: 'OTHER', message: 'm' }).code).toBe('OTHER');
  });

  it('a rate limit puts retryAfterSeconds in details too, and the workflow-caught limits keep their own codes', () => {
    const limit = new errors.MobileSmsLimitError({ message: 'm', retryAfterSeconds: 1800 });
    expect(limit).toBeInstanceOf(errors.RateLimitedError);
    expect([limit.name, limit.code, limit.httpStatus, limit.retryAfterSeconds, limit.details]).toEqual([
      'MobileSmsLimitError',
      'MOBILE_SMS_LIMIT',
      429,
      1800,
      { retryAfterSeconds: 1800 },
    ]);
    const locked = new errors.MobileOtpLockedError({ message: 'm' });
    expect(locked).toBeInstanceOf(errors.RefusedError);
    expect([locked.code, locked.httpStatus]).toEqual(['OTP_LOCKED', 422]);
  });
});
