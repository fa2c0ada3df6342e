// Aadhaar e-KYC. The provider is called here, inside the API request, with bounded backoff: a workflow task
// would need the Aadhaar number and OTP in its input (so in execution history) or stored, and both are
// forbidden. The workflow's AwaitEkyc task waits meanwhile and is completed when e-KYC succeeds.
import { aadhaarToken, isValidAadhaarNumber, normalizeAadhaarInput } from '../aadhaar.js';
import { requireConsentText } from '../consents.js';
import { ConflictError, ProviderUnavailableError, RefusedError, ValidationError } from '../errors.js';
import { EkycRefusedError, type EkycIdentity } from '../ekyc.js';
import type { Caller } from '../identity.js';
import { ekycOpen, nextActions, type RegistrationStatus } from '../registration.js';
import { withProviderRetries, type RetryPolicy } from '../retry.js';
import { hasPassed } from '../steps.js';
import { applicantStepSlaSeconds, stepsBefore, waitContextOf } from '../waits.js';
import type { EkycProvider } from '../../ports/ekyc.js';
import type { PhotoRecords, Photos } from '../../ports/photos.js';
import type { Registration } from '../../ports/registry.js';
import type { WorkflowCallbacks } from '../../ports/workflow.js';
import { requireVisible } from './access.js';
import { actorOf, systemActor, type CoreDeps, type Keys } from './deps.js';
import { firstPhotoReview, type RetentionDeps } from './photos.js';

export interface EkycDeps extends CoreDeps {
  readonly provider: EkycProvider;
  readonly callbacks: WorkflowCallbacks;
  /** The e-KYC photo, sealed under the photo key, and its record for the deletion sweep (use-cases/photos.ts). */
  readonly photos: Pick<Photos, 'put'>;
  readonly photoRecords: Pick<PhotoRecords, 'schedule'>;
  readonly retentionOverride?: RetentionDeps['retentionOverride'];
  readonly keys: () => Promise<Keys>;
  readonly retry: RetryPolicy;
  readonly newTransactionId: () => string;
}

export interface StartEkycInput {
  readonly aadhaarNumber: string;
  readonly consent: { readonly accepted: boolean; readonly textVersion: string; readonly language: 'en' | 'hi' };
  readonly mode: 'otp' | 'biometric' | 'face';
  /** Biometric / face: the capture (PID block) from a certified device, posted by a camp operator. */
  readonly captureData?: string;
  readonly modality?: 'fingerprint' | 'iris' | 'face';
}

export interface EkycOutcome {
  readonly registrationId: string;
  readonly status: RegistrationStatus;
  readonly maskedMobile?: string;
  /** The provider transaction (UIDAI `txn`): for support calls; not a secret. */
  readonly transactionId?: string;
}

const validAadhaar = (text: string): string => {
  const aadhaar = normalizeAadhaarInput(text);
  // Refused at the edge: no provider call for a number that cannot exist.
  if (!isValidAadhaarNumber(aadhaar)) {
    throw new ValidationError({ code: 'INVALID_AADHAAR', message: 'This is not a valid Aadhaar number (12 digits, checksum).' });
  }
  return aadhaar;
};

const openForEkyc = async (deps: EkycDeps, registrationId: string, caller: Caller): Promise<Registration> =>
  requireEkycOpen(requireVisible(caller, await deps.registry.getRegistration(registrationId)));

const requireEkycOpen = (registration: Registration): Registration => {
  if (!ekycOpen.includes(registration.status)) {
    throw new ConflictError({
      code: 'INVALID_STATUS',
      message: `e-KYC is not open for this registration (status ${registration.status}).`,
      details: {
        status: registration.status,
        nextAction: nextActions[registration.status],
      },
    });
  }
  return registration;
};

const callProvider = async <T>(deps: EkycDeps, registration: Registration, caller: Caller, call: () => Promise<T>): Promise<T> => {
  try {
    return await withProviderRetries(deps.retry, call);
  } catch (error) {
    const actor = actorOf(caller);
    if (error instanceof ProviderUnavailableError) {
      await deps.registry.transition(registration.registrationId, {
        to: 'EKYC_PROVIDER_UNAVAILABLE',
        read: registration,
        actor,
        why: 'EKYC_PROVIDER_UNAVAILABLE',
        set: {
          reason: {
            code: 'PROVIDER_UNAVAILABLE',
            message: 'The Aadhaar service did not answer.',
            nextAction: nextActions.EKYC_PROVIDER_UNAVAILABLE,
          },
        },
      });
      throw error;
    }
    // A refusal leaves the status its UIDAI code says (functions/core/ekyc.ts): unchanged when the person tries
    // again at once (a mistyped OTP, another finger), EKYC_BLOCKED with the reason when something must change first.
    if (error instanceof EkycRefusedError && error.registrationStatus === 'EKYC_BLOCKED') {
      const { nextAction } = error;
      await deps.registry.transition(registration.registrationId, {
        to: 'EKYC_BLOCKED',
        read: registration,
        actor,
        why: error.code,
        set: { reason: { code: error.code, message: error.message, nextAction } },
      });
      throw new RefusedError({ code: error.code, message: error.message, details: { nextAction } });
    }
    throw error;
  }
};

const complete = async (
  deps: EkycDeps,
  registration: Registration,
  identity: EkycIdentity,
  mode: StartEkycInput['mode'],
  caller: Caller,
) => {
  const photoKey =
    identity.photo === undefined
      ? undefined
      : await deps.photos.put(registration.registrationId, {
          contentType: identity.photo.contentType,
          bytes: Buffer.from(identity.photo.base64, 'base64'),
        });
  if (photoKey !== undefined) {
    // Looked at first after one review period: the sweep deletes it when its time is up (use-cases/photos.ts).
    await deps.photoRecords.schedule(registration.registrationId, photoKey, firstPhotoReview(deps));
  }
  await deps.registry.transition(registration.registrationId, {
    to: 'EKYC_VERIFIED',
    actor: actorOf(caller),
    why: 'EKYC_VERIFIED',
    set: {
      ekyc: {
        mode,
        name: identity.name,
        ...(identity.nameLocal === undefined ? {} : { nameLocal: identity.nameLocal }),
        yearOfBirth: identity.yearOfBirth,
        gender: identity.gender,
        verifiedAt: new Date(deps.clock.now()).toISOString(),
        ...(photoKey === undefined ? {} : { photoKey }),
      },
    },
    remove: ['reason', 'ekycOtpReference'],
    read: registration,
  });
  // If the workflow has not opened its e-KYC step yet, that step sees EKYC_VERIFIED and completes itself.
  await deps.callbacks.succeed(registration.registrationId, 'ekyc', { ekyc: 'verified' });
  return { registrationId: registration.registrationId, status: 'EKYC_VERIFIED' as const };
};

export const startEkyc = async (deps: EkycDeps, registrationId: string, input: StartEkycInput, caller: Caller): Promise<EkycOutcome> => {
  const aadhaar = validAadhaar(input.aadhaarNumber);
  if (!input.consent.accepted) {
    throw new ValidationError({ code: 'CONSENT_REQUIRED', message: "e-KYC needs the person's consent, recorded before Aadhaar is used." });
  }
  requireConsentText(input.consent.textVersion);
  if (input.mode !== 'otp' && !caller.roles.includes('operator')) {
    throw new RefusedError({
      code: 'OPERATOR_ONLY',
      message: 'Biometric and face e-KYC are done by a camp operator with a certified device.',
    });
  }
  if (input.mode !== 'otp' && (input.captureData === undefined || input.captureData === '')) {
    throw new ValidationError({ code: 'CAPTURE_REQUIRED', message: 'Biometric and face e-KYC need the capture from the device.' });
  }
  await openForEkyc(deps, registrationId, caller);
  const { aadhaarHmacKey } = await deps.keys();
  // Consent first: recorded, with the token and last four digits, before the provider sees the number.
  const registration = await deps.registry.update(
    registrationId,
    {
      consent: {
        textVersion: input.consent.textVersion,
        acceptedAt: new Date(deps.clock.now()).toISOString(),
        language: input.consent.language,
      },
      aadhaarToken: aadhaarToken(aadhaar, aadhaarHmacKey),
      aadhaarLast4: aadhaar.slice(-4),
    },
    ekycOpen,
  );
  const transactionId = deps.newTransactionId();

  if (input.mode === 'otp') {
    const sent = await callProvider(deps, registration, caller, () => deps.provider.requestOtp({ aadhaarNumber: aadhaar, transactionId }));
    await deps.registry.transition(registrationId, {
      to: 'EKYC_OTP_SENT',
      actor: actorOf(caller),
      why: 'EKYC_OTP_REQUESTED',
      set: { ekycOtpReference: `${transactionId}|${sent.otpReference}` },
      remove: ['reason'],
      read: registration,
    });
    return {
      registrationId,
      status: 'EKYC_OTP_SENT',
      transactionId,
      ...(sent.maskedMobile === undefined ? {} : { maskedMobile: sent.maskedMobile }),
    };
  }
  const identity = await callProvider(deps, registration, caller, () =>
    deps.provider.verifyBiometric({
      aadhaarNumber: aadhaar,
      transactionId,
      modality: input.mode === 'face' ? 'face' : (input.modality ?? 'fingerprint'),
      captureData: input.captureData as string,
    }),
  );
  return complete(deps, registration, identity, input.mode, caller);
};

export const verifyEkycOtp = async (
  deps: EkycDeps,
  registrationId: string,
  input: { aadhaarNumber: string; otp: string },
  caller: Caller,
): Promise<EkycOutcome> => {
  const aadhaar = validAadhaar(input.aadhaarNumber);
  const { aadhaarHmacKey } = await deps.keys();
  // A repeat of a verification that went through (its answer lost, or the first stopped after the status and
  // before the workflow heard): the same answer, and the workflow's step completed now if it was not then. The
  // provider is not asked again (the OTP is spent); the Aadhaar number must be the one verified.
  // The workflow may have moved the case on meanwhile (matched, waiting for its approver): still the same answer.
  const current = requireVisible(caller, await deps.registry.getRegistration(registrationId));
  if (hasPassed(current.status, 'ekyc') && current.aadhaarToken === aadhaarToken(aadhaar, aadhaarHmacKey)) {
    if (current.status === 'EKYC_VERIFIED') await deps.callbacks.succeed(registrationId, 'ekyc', { ekyc: 'verified' });
    return { registrationId, status: 'EKYC_VERIFIED' };
  }
  const registration = requireEkycOpen(current);
  if (registration.status !== 'EKYC_OTP_SENT' || registration.ekycOtpReference === undefined) {
    throw new ConflictError({ code: 'EKYC_OTP_NOT_REQUESTED', message: 'Request the Aadhaar OTP first.' });
  }
  if (registration.aadhaarToken !== aadhaarToken(aadhaar, aadhaarHmacKey)) {
    throw new ValidationError({ code: 'AADHAAR_MISMATCH', message: 'This is not the Aadhaar number the OTP was requested for.' });
  }
  const [transactionId, otpReference] = registration.ekycOtpReference.split('|') as [string, string];
  const identity = await callProvider(deps, registration, caller, () =>
    deps.provider.verifyOtp({ aadhaarNumber: aadhaar, transactionId, otpReference, otp: input.otp }),
  );
  return complete(deps, registration, identity, 'otp', caller);
};

/** The workflow's AwaitEkyc task: keep the token; complete at once when e-KYC finished before the step opened. */
export const openEkycStep = async (
  deps: Pick<EkycDeps, 'registry' | 'callbacks' | 'clock'>,
  registrationId: string,
  taskToken: string,
  read?: Registration,
): Promise<{ waiting: 'ekyc' }> => {
  const placed = read ?? (await deps.registry.getRegistration(registrationId));
  if (placed === undefined) throw new RefusedError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  // The mobile step is passed: a wait of it still kept (its completion cut short) would list the person as stuck there.
  await deps.callbacks.clearWaiting(registrationId, stepsBefore('ekyc'));
  await deps.callbacks.recordWaiting(
    registrationId,
    'ekyc',
    taskToken,
    waitContextOf(placed, applicantStepSlaSeconds.ekyc, { kind: 'applicant' }),
  );
  if (placed.status === 'MOBILE_VERIFIED') {
    try {
      // Only from MOBILE_VERIFIED: EKYC_PENDING is also a blocked person's way back, and a refusal that landed after
      // the read above must stay (its reason is what the person and the counts act on). Conditional on the
      // registration as first read: if e-KYC moved it before the token was kept, the write fails and it is read again.
      await deps.registry.transition(registrationId, {
        to: 'EKYC_PENDING',
        actor: systemActor,
        why: 'EKYC_STEP_OPENED',
        onlyFrom: 'MOBILE_VERIFIED',
        read: placed,
      });
      return { waiting: 'ekyc' };
    } catch (error) {
      // The person started e-KYC meanwhile: the status already says more than EKYC_PENDING would.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  // Read again once the token is kept: e-KYC finished before that found no token to complete, and is seen here.
  const registration = (await deps.registry.getRegistration(registrationId)) ?? placed;
  if (registration.status === 'EKYC_VERIFIED') await deps.callbacks.succeed(registrationId, 'ekyc', { ekyc: 'verified' });
  return { waiting: 'ekyc' };
};
