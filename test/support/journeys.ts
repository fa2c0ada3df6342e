// A registration driven through the HTTP API the way a portal, the person and an approver would, when things
// go wrong: every call that is not answered, or answered 5xx, is asked again after a pause (full jitter), the
// same request with the same Idempotency-Key; each step is chosen from the registration's status as the server
// says it, so a journey carries on after a stack restart, a lost SMS or a provider that failed half-way.
// Used by the fault tests; each journey remembers what the client was answered (for `healthcard verify`).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { usedSecrets } from './privacy.js';
import { ContractViolationError } from './contract.js';
import type { RegistrationDriver, SimulatedIdentity } from './registration.js';

export interface JourneyPlan {
  /** The body of POST /v1/registrations (its mobile is the person's). */
  readonly start: { readonly scheme: string; readonly mobile: string; readonly roster: Record<string, string>; readonly channel: string };
  readonly identity: SimulatedIdentity;
  /** Who approves when the case waits for a person: the DDO (up-sects) or the district's verifier (a PM-JAY mismatch). */
  readonly approver?: 'ddo' | 'verifier';
  /** Stop at one of these statuses instead of going on (a waiting end). */
  readonly stopAt?: readonly string[];
}

/** 429s that say "later", not "never": asked again after a pause. */
const waitAndRetry = new Set(['OTP_RESEND_TOO_SOON', 'CLIENT_RATE_LIMITED', 'SOURCE_RATE_LIMITED']);

/** Statuses after which nothing more happens, and the blocked one a person must act on (a waiting end). */
const ended = new Set([
  'CARD_ISSUED',
  'DUPLICATE',
  'NOT_ELIGIBLE',
  'REJECTED',
  'EXPIRED',
  'MOBILE_OTP_LOCKED',
  'MOBILE_OTP_RESEND_LIMIT',
  'MOBILE_SMS_LIMIT',
  'EKYC_BLOCKED',
]);

export interface JourneyOptions {
  /** The driver of the stack as it is now: after a restart, the new one. */
  readonly driver: () => RegistrationDriver;
  readonly deadline: number;
  /** Held at a gate until it opens (kill tests: the approvals wait for the restart). */
  readonly gate?: (status: string) => Promise<void> | void;
}

type CallOptions = Parameters<RegistrationDriver['call']>[2];

/**
 * One call, asked again while it is not answered, answered 5xx or told to wait (429 with Retry-After): the same
 * request each time, after a full-jitter pause, until `deadline`. `onRetry` hears why.
 */
export const callPatiently = async (
  driver: () => RegistrationDriver,
  deadline: number,
  method: string,
  path: string,
  options: CallOptions = {},
  onRetry: (why: string) => void = () => undefined,
) => {
  for (let attempt = 1; ; attempt += 1) {
    if (Date.now() > deadline) throw new Error(`ran out of time calling ${method} ${path}`);
    try {
      const answer = await driver().call(method, path, options);
      if (answer.status < 500 && !(answer.status === 429 && waitAndRetry.has(String(answer.body.code)))) return answer;
      onRetry(`${method} ${path}: ${answer.status} ${answer.body.code ?? ''}, again`);
    } catch (error) {
      // Not a failure to wait out: the answer came, and the published contract does not describe it.
      if (error instanceof ContractViolationError) throw error;
      onRetry(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}, again`);
    }
    await sleep(Math.floor(Math.random() * Math.min(3000, 200 * 2 ** Math.min(attempt, 6))));
  }
};

export class Journey {
  readonly idempotencyKey = `journey-${randomUUID()}`;
  /** Set once the client was answered for its start: what it would write down as accepted. */
  registrationId: string | undefined;
  status: string | undefined;
  /** What happened, step by step: for a failing test's message. */
  readonly steps: string[] = [];
  /** Calls not answered, or answered 5xx, and asked again. */
  retries = 0;
  private lastMobileOtp: string | undefined;
  private waitingForSmsSince: number | undefined;
  /** Resends asked for: a person who never got a code, or whose code stopped working. */
  resends = 0;
  /** Where the journey is: not begun, driving the registration on, held at its gate, or ended. */
  phase: 'not begun' | 'moving' | 'at the gate' | 'ended' = 'not begun';
  /** Calls sent and not answered yet (a kill test waits for some). */
  callsInFlight = 0;

  constructor(
    readonly plan: JourneyPlan,
    private readonly options: JourneyOptions,
  ) {}

  private note(step: string) {
    this.steps.push(`${new Date().toISOString().slice(11, 23)} ${step}`);
  }

  /** One call, asked again while it is not answered or answered 5xx (or 429 with Retry-After). */
  async call(method: string, path: string, options: CallOptions = {}) {
    this.callsInFlight += 1;
    try {
      return await callPatiently(this.options.driver, this.options.deadline, method, path, options, (step) => {
        this.retries += 1;
        this.note(step);
      });
    } catch (error) {
      throw new Error(
        `journey ${this.registrationId ?? this.idempotencyKey} (${this.status ?? 'not started'}): ${error instanceof Error ? error.message : String(error)}\n${this.steps.join('\n')}`,
      );
    } finally {
      this.callsInFlight -= 1;
    }
  }

  private async newestOtpSms(): Promise<string | undefined> {
    const outbox = await this.call('GET', `/local/outbox?to=${this.plan.start.mobile}`);
    const messages = (outbox.body.messages ?? []) as { template: string; text: string }[];
    const otp = /(?<!\d)(\d{6})(?!\d)/.exec(messages.find((message) => message.template === 'mobile-otp')?.text ?? '')?.[1];
    if (otp !== undefined) usedSecrets.otps.add(otp);
    return otp;
  }

  private async mobileStep(): Promise<void> {
    const otp = await this.newestOtpSms();
    if (otp === undefined || otp === this.lastMobileOtp) {
      // No code yet (the task retries a failed SMS) or the one we have was refused: after a while, ask for a new one
      // (the resend cooldown answers 429 with Retry-After until it may).
      this.waitingForSmsSince ??= Date.now();
      if (Date.now() - this.waitingForSmsSince > 20_000) {
        this.resends += 1;
        this.waitingForSmsSince = undefined;
        const resent = await this.call('POST', `/v1/registrations/${this.registrationId}/mobile-otp/resend`);
        this.note(`resend: ${resent.status} ${resent.body.code ?? ''}`);
      }
      return;
    }
    this.waitingForSmsSince = undefined;
    this.lastMobileOtp = otp;
    const verified = await this.call('POST', `/v1/registrations/${this.registrationId}/mobile-otp/verify`, { body: { otp } });
    this.note(`mobile OTP: ${verified.status} ${verified.body.code ?? ''}`);
  }

  private async ekycStep(): Promise<void> {
    const { aadhaarNumber } = this.plan.identity;
    const driver = this.options.driver();
    const started = await this.call('POST', `/v1/registrations/${this.registrationId}/ekyc`, {
      body: { aadhaarNumber, consent: driver.consent(), mode: 'otp' },
    });
    this.note(`e-KYC start: ${started.status} ${started.body.code ?? ''}`);
    if (started.status !== 202) return;
    const pending = await this.call('GET', `/local/ekyc/otp?txn=${encodeURIComponent(String(started.body.transactionId))}`);
    const otp = typeof pending.body.otp === 'string' ? pending.body.otp : undefined;
    if (otp === undefined) return;
    usedSecrets.otps.add(otp);
    const verified = await this.call('POST', `/v1/registrations/${this.registrationId}/ekyc/verify`, { body: { aadhaarNumber, otp } });
    this.note(`e-KYC verify: ${verified.status} ${verified.body.code ?? ''}`);
  }

  private async approvalStep(): Promise<void> {
    const role = this.plan.approver;
    if (role === undefined) return;
    const queue = await this.call('GET', '/v1/approvals?limit=100', { role });
    const task = ((queue.body.items ?? []) as { taskId: string; registrationId: string }[]).find(
      (item) => item.registrationId === this.registrationId,
    );
    if (task === undefined) return;
    const decided = await this.call('POST', `/v1/approvals/${task.taskId}/decision`, { role, body: { decision: 'approve' } });
    this.note(`approve: ${decided.status} ${decided.body.code ?? ''}`);
  }

  /** Drive the registration to its end (or `stopAt`), and return its status. */
  async run(): Promise<string> {
    this.phase = 'moving';
    try {
      return await this.drive();
    } finally {
      this.phase = 'ended';
    }
  }

  private async drive(): Promise<string> {
    if (this.registrationId === undefined) {
      const started = await this.call('POST', '/v1/registrations', { body: this.plan.start, idempotencyKey: this.idempotencyKey });
      this.note(`start: ${started.status} ${started.body.code ?? ''}`);
      if (started.status !== 200 && started.status !== 202)
        throw new Error(`start refused: ${started.status} ${JSON.stringify(started.body)}`);
      this.registrationId = String(started.body.registrationId);
    }
    for (;;) {
      const view = await this.call('GET', `/v1/registrations/${this.registrationId}`);
      const status = String(view.body.status);
      if (status !== this.status) this.note(`status ${status}`);
      this.status = status;
      if (this.plan.stopAt?.includes(status) === true || ended.has(status)) return status;
      const gate = this.options.gate?.(status);
      if (gate !== undefined) {
        this.phase = 'at the gate';
        await gate;
        this.phase = 'moving';
      }
      switch (status) {
        case 'MOBILE_OTP_SENT':
        case 'MOBILE_OTP_EXPIRED':
          await this.mobileStep();
          break;
        case 'MOBILE_VERIFIED':
        case 'EKYC_PENDING':
        case 'EKYC_OTP_SENT':
        case 'EKYC_PROVIDER_UNAVAILABLE':
          await this.ekycStep();
          break;
        case 'PENDING_APPROVAL':
          await this.approvalStep();
          break;
        default:
          // STARTED, EKYC_VERIFIED, APPROVED: the workflow moves it on.
          break;
      }
      if (Date.now() > this.options.deadline)
        throw new Error(`journey ${this.registrationId} did not end in time (status ${status})\n${this.steps.join('\n')}`);
      await sleep(300);
    }
  }
}
