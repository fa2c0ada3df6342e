// What the registration use cases need from the outside, as ports. Handlers build these once per container.
import type { Caller } from '../identity.js';
import type { Anomalies } from '../../ports/anomalies.js';
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
  readonly callbacks: WorkflowCallbacks;
  readonly sms: SmsSender;
  readonly keys: () => Promise<Keys>;
  readonly randomInt: (max: number) => number;
}

export interface StartDeps extends CoreDeps {
  readonly starter: WorkflowStarter;
  readonly newId: () => string;
  readonly anomalies: Anomalies;
  readonly keys: () => Promise<Keys>;
}

export const systemActor: Actor = { id: 'system', role: 'workflow' };

export const actorOf = (caller: Caller | undefined): Actor =>
  caller === undefined ? { id: 'anonymous', role: 'none' } : { id: caller.subject, role: caller.roles.join(',') };
