// What the registration use cases need from the outside, as ports. Handlers build these once per container.
import type { FieldForce } from '../../ports/field-force.js';
import type { Caller } from '../identity.js';
import type { Anomalies } from '../../ports/anomalies.js';
import type { IdempotencyRecords } from '../../ports/idempotency.js';
import type { OtpCodes } from '../../ports/otp-codes.js';
import type { MobileSendCounts, OtpGuards } from '../../ports/otp-guards.js';
import type { People } from '../../ports/people.js';
import type { Actor, Registry } from '../../ports/registry.js';
import type { SmsSender } from '../../ports/sms.js';
import type { WorkflowCallbacks, WorkflowStarter } from '../../ports/workflow.js';

export interface Clock {
  now(): number;
}

export interface Keys {
  readonly aadhaarHmacKey: Buffer;
  readonly otpHmacKey: Buffer;
  /** Keys sets by mobile number (anomalies, rate limits) without the number itself. */
  readonly mobileHmacKey: Buffer;
}

export interface CoreDeps {
  readonly registry: Registry;
  readonly clock: Clock;
}

export interface OtpDeps extends CoreDeps {
  readonly otpCodes: OtpCodes;
  readonly otpGuards: Pick<OtpGuards, 'getOtpGuard' | 'countOtpFailure' | 'clearOtpFailures' | 'lockOtp'>;
  readonly sendCounts: MobileSendCounts;
  readonly callbacks: WorkflowCallbacks;
  readonly sms: SmsSender;
  readonly keys: () => Promise<Keys>;
  readonly randomInt: (max: number) => number;
}

export interface StartDeps extends CoreDeps {
  readonly people: Pick<People, 'getPerson'>;
  readonly idempotency: IdempotencyRecords;
  /** Read only: a locked person or mobile may not start again. */
  readonly otpGuards: Pick<OtpGuards, 'getOtpGuards'>;
  readonly starter: WorkflowStarter;
  readonly newId: () => string;
  readonly anomalies: Anomalies;
  readonly keys: () => Promise<Keys>;
  /** A field worker's segment, which their registrations are held to. */
  readonly fieldForce: Pick<FieldForce, 'getWorker'>;
}

export const systemActor: Actor = { id: 'system', role: 'workflow' };

export const actorOf = (caller: Caller | undefined): Actor =>
  caller === undefined ? { id: 'anonymous', role: 'none' } : { id: caller.subject, role: caller.roles.join(',') };
