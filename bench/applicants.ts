// Simulated people driving registrations through the HTTP API, as a portal, the applicant and an approver
// would: mobile OTP read from the SMS outbox, Aadhaar e-KYC against the simulator's crowd (one Aadhaar number
// per person), a DDO or verifier deciding from their queue. Every API call is timed by route; anything
// unexpected is an error, counted, never thrown past the run.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbPeople } from '../functions/adapters/dynamodb-people.js';
import type { Person } from '../functions/core/person.js';
import { crowdIdentity, type SimulatedIdentity } from '../local/simulators/ekyc.js';
import type { StackClient } from '../test/support/stack.js';
import { percentile, round } from './common.js';

type Role = keyof StackClient['endpoints']['tokens'];
type Body = Record<string, unknown> & { code?: string; status?: string };

export class BenchError extends Error {
  override name = 'BenchError';
}

/** The API as the simulated people call it: each call timed under its route, unexpected answers recorded. */
export class TimedApi {
  readonly latencies = new Map<string, number[]>();
  readonly errors: { route: string; status: number; code?: string; message: string }[] = [];
  requests = 0;
  /** 503 PROVIDER_UNAVAILABLE answers retried, as the answer's next action asks ("try again"): not errors. */
  providerRetries = 0;

  constructor(readonly stack: StackClient) {}

  async call(
    route: string,
    path: string,
    options: { role?: Role; body?: unknown; idempotencyKey?: string; expect?: readonly number[] } = {},
  ) {
    const [method] = route.replace(/^local /, '').split(' ');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.role !== undefined) headers.authorization = `Bearer ${this.stack.endpoints.tokens[options.role]}`;
    const started = performance.now();
    let status = 0;
    let body: Body = {};
    try {
      const response = await fetch(`${this.stack.endpoints.api.url}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      const text = await response.text();
      body = (text === '' ? {} : JSON.parse(text)) as Body;
    } catch (error) {
      this.errors.push({ route, status, message: error instanceof Error ? error.message : String(error) });
      throw new BenchError(`${route}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.requests += 1;
      if (!route.startsWith('local ')) {
        let samples = this.latencies.get(route);
        if (samples === undefined) this.latencies.set(route, (samples = []));
        samples.push(performance.now() - started);
      }
    }
    const expected = options.expect ?? [200, 202];
    if (!expected.includes(status)) {
      this.errors.push({ route, status, ...(body.code === undefined ? {} : { code: body.code }), message: String(body.message ?? '') });
      throw new BenchError(`${route} answered ${status} ${body.code ?? ''}`);
    }
    return { status, body };
  }

  /** p50/p95/p99 per route, in ms. */
  percentiles() {
    return Object.fromEntries(
      [...this.latencies.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([route, samples]) => [
          route,
          {
            calls: samples.length,
            p50: round(percentile(samples, 50)),
            p95: round(percentile(samples, 95)),
            p99: round(percentile(samples, 99)),
          },
        ]),
    );
  }
}

/**
 * Polls until `probe` gives a value; every wait has a deadline. `backoff` lengthens the interval by half each
 * time up to `maxIntervalMs`, as a portal polling a status would.
 */
export const until = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; backoff?: boolean; maxIntervalMs?: number } = {},
): Promise<T> => {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let interval = options.intervalMs ?? 150;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new BenchError(`gave up waiting for ${what}`);
    // Jittered, so 50 people do not poll in step.
    await sleep(interval / 2 + Math.random() * interval);
    if (options.backoff === true) interval = Math.min(options.maxIntervalMs ?? 2000, interval * 1.5);
  }
};

export interface Applicant {
  readonly index: number;
  readonly identity: SimulatedIdentity;
  readonly mobile: string;
  readonly scheme: 'up-sects' | 'pmjay';
  readonly roster: Record<string, string>;
}

/** People on the rosters, one per crowd identity from `first`: up-sects employees (DDO approval) or PM-JAY members. */
export const seedApplicants = async (
  stack: StackClient,
  options: { first: number; count: number; scheme: 'up-sects' | 'pmjay'; ddoCode?: string },
): Promise<Applicant[]> => {
  const people = new DynamoDbPeople(stack.documents, stack.endpoints.dynamodb.table);
  const run = randomUUID().slice(0, 6).toUpperCase();
  const applicants: Applicant[] = [];
  for (let offset = 0; offset < options.count; offset += 1) {
    const index = options.first + offset;
    const identity = crowdIdentity(index);
    // 10-digit mobiles from 6: one per person (the per-mobile SMS limit would otherwise bind).
    const mobile = `6${String(index).padStart(9, '0')}`;
    const common = {
      name: identity.name,
      nameLocal: identity.nameLocal as string,
      yearOfBirth: identity.yearOfBirth,
      gender: identity.gender,
      district: 'Lucknow',
      status: 'active',
    };
    const person: Person =
      options.scheme === 'up-sects'
        ? {
            ...common,
            scheme: 'up-sects',
            personId: `emp:B${run}-${index}`,
            rosterType: 'employees',
            employeeId: `B${run}-${index}`,
            block: 'Sarojini Nagar',
            department: 'Education',
            office: 'BSA Office Lucknow',
            ddoCode: options.ddoCode ?? 'DDO-LKO-0001',
          }
        : {
            ...common,
            scheme: 'pmjay',
            personId: `rc:BR${run}${index}:01`,
            rosterType: 'ration-card-families',
            rationCardNumber: `BR${run}${index}`,
            memberId: '01',
            relation: 'head',
            headOfFamily: true,
            block: 'Mohanlalganj',
            village: 'Nigohan',
          };
    await people.putPerson(person);
    applicants.push({
      index,
      identity,
      mobile,
      scheme: options.scheme,
      roster:
        options.scheme === 'up-sects'
          ? { rosterType: 'employees', employeeId: person.employeeId as string }
          : { rosterType: 'ration-card-families', rationCardNumber: person.rationCardNumber as string, memberId: '01' },
    });
  }
  return applicants;
};

const otpIn = (text: string | undefined) => /(?<!\d)(\d{6})(?!\d)/.exec(text ?? '')?.[1];

/** One person's steps; each may be used alone (bench/transitions drives unhappy paths from them). */
/** How a driver learns a registration's status: through the API (as a portal polls) or out of band. */
export type StatusObserver = (registrationId: string) => Promise<string | undefined>;

/** Reads the registration item itself, so that waiting costs the pipeline no request (bench/transitions). */
export const tableObserver =
  (stack: StackClient): StatusObserver =>
  async (registrationId) => {
    const { Item } = await stack.documents.send(
      new GetCommand({ TableName: stack.endpoints.dynamodb.table, Key: { pk: `REG#${registrationId}`, sk: 'REG' }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : String(Item.status);
  };

export class Registration {
  id = '';

  constructor(
    readonly api: TimedApi,
    readonly applicant: Applicant,
    private readonly observer?: StatusObserver,
  ) {}

  async start() {
    const { body } = await this.api.call('POST /v1/registrations', '/v1/registrations', {
      role: 'portal',
      idempotencyKey: randomUUID(),
      body: { scheme: this.applicant.scheme, mobile: this.applicant.mobile, roster: this.applicant.roster, channel: 'portal' },
    });
    this.id = String(body.registrationId);
    return body;
  }

  async view() {
    return (await this.api.call('GET /v1/registrations/{id}', `/v1/registrations/${this.id}`, { role: 'portal' })).body;
  }

  /**
   * Waits for one of `statuses`; answers the status reached. Through the API it polls as a portal would: from
   * 200 ms, half again longer each time, at most every 2 s.
   */
  async waitFor(statuses: readonly string[], timeoutMs = 120_000): Promise<string> {
    const polling = this.observer === undefined ? { intervalMs: 200, backoff: true, maxIntervalMs: 2000 } : {};
    return until(
      `registration ${this.id} to reach ${statuses.join('|')}`,
      async () => {
        const status = this.observer === undefined ? String((await this.view()).status) : await this.observer(this.id);
        return status !== undefined && statuses.includes(status) ? status : undefined;
      },
      { timeoutMs, ...polling },
    );
  }

  /** The newest OTP SMS, once there are more than `seen` of them. */
  async mobileOtp(seen = 0) {
    return until(`OTP SMS #${seen + 1}`, async () => {
      const { body } = await this.api.call('local GET /local/outbox', `/local/outbox?to=${this.applicant.mobile}`);
      const otps = (body.messages as { template: string; text: string }[]).filter((message) => message.template === 'mobile-otp');
      return otps.length > seen ? otpIn(otps[0]?.text) : undefined;
    });
  }

  async verifyMobile(otp: string, expect: readonly number[] = [200]) {
    return this.api.call('POST /v1/registrations/{id}/mobile-otp/verify', `/v1/registrations/${this.id}/mobile-otp/verify`, {
      role: 'portal',
      body: { otp },
      expect,
    });
  }

  async resendOtp(expect: readonly number[] = [202]) {
    return this.api.call('POST /v1/registrations/{id}/mobile-otp/resend', `/v1/registrations/${this.id}/mobile-otp/resend`, {
      role: 'portal',
      expect,
    });
  }

  /**
   * A call that the API may answer 503 PROVIDER_UNAVAILABLE (the e-KYC provider or the SMS gateway did not answer
   * in time): the person tries again a moment later, as the answer says, up to 5 times.
   */
  private async withProviderRetries(call: (expect: readonly number[]) => ReturnType<TimedApi['call']>, expect: readonly number[]) {
    for (let attempt = 1; ; attempt += 1) {
      const answer = await call(attempt < 5 ? [...expect, 503] : expect);
      if (answer.status !== 503 || expect.includes(503)) return answer;
      this.api.providerRetries += 1;
      await sleep(1000 + Math.random() * 1000);
    }
  }

  async ekycByOtp(identity: SimulatedIdentity = this.applicant.identity, expectStart: readonly number[] = [202]) {
    const consent = { accepted: true, textVersion: 'ekyc-consent-v1', language: 'hi' };
    const started = await this.withProviderRetries(
      (expect) =>
        this.api.call('POST /v1/registrations/{id}/ekyc', `/v1/registrations/${this.id}/ekyc`, {
          role: 'portal',
          body: { aadhaarNumber: identity.aadhaarNumber, consent, mode: 'otp' },
          expect,
        }),
      expectStart,
    );
    if (started.status !== 202) return started;
    const { body } = await this.api.call(
      'local GET /local/ekyc/otp',
      `/local/ekyc/otp?txn=${encodeURIComponent(String(started.body.transactionId))}`,
    );
    return this.withProviderRetries(
      (expect) =>
        this.api.call('POST /v1/registrations/{id}/ekyc/verify', `/v1/registrations/${this.id}/ekyc/verify`, {
          role: 'portal',
          body: { aadhaarNumber: identity.aadhaarNumber, otp: String(body.otp) },
          expect,
        }),
      [200],
    );
  }

  /** A camp operator's biometric capture (the simulator accepts any capture for a person whose OTP path is blocked). */
  async ekycByBiometric(identity: SimulatedIdentity = this.applicant.identity) {
    const consent = { accepted: true, textVersion: 'ekyc-consent-v1', language: 'hi' };
    return this.api.call('POST /v1/registrations/{id}/ekyc', `/v1/registrations/${this.id}/ekyc`, {
      role: 'operator',
      body: {
        aadhaarNumber: identity.aadhaarNumber,
        consent,
        mode: 'biometric',
        modality: 'fingerprint',
        captureData: Buffer.from('bench capture').toString('base64'),
      },
    });
  }

  /** Start to e-KYC done: what every path shares. */
  async throughEkyc() {
    await this.start();
    await this.waitFor(['MOBILE_OTP_SENT']);
    await this.verifyMobile(await this.mobileOtp());
    await this.waitFor(['EKYC_PENDING']);
    await this.ekycByOtp();
  }
}

/**
 * An approver's office working through its queue until stopped: the queue read 100 at a time, then either
 * every case decided in one request (`bulk`: POST /v1/approvals/decisions) or each case on its own
 * (`each`: POST /v1/approvals/{taskId}/decision, `parallel` people at once, as several clerks would).
 */
export const startApprover = (
  api: TimedApi,
  role: Role,
  options: { mode: 'bulk' | 'each'; parallel?: number } = { mode: 'bulk' },
  decide: (task: { taskId: string; registrationId: string }) => Record<string, unknown> = () => ({ decision: 'approve' }),
) => {
  let running = true;
  let decided = 0;
  const loop = (async () => {
    while (running) {
      try {
        const { body } = await api.call('GET /v1/approvals', '/v1/approvals?limit=100', { role });
        const items = (body.items ?? []) as { taskId: string; registrationId: string }[];
        if (items.length === 0) {
          await sleep(100);
          continue;
        }
        if (options.mode === 'bulk') {
          await api.call('POST /v1/approvals/decisions', '/v1/approvals/decisions', {
            role,
            body: { decisions: items.map((task) => ({ taskId: task.taskId, ...decide(task) })) },
          });
          decided += items.length;
          continue;
        }
        let next = 0;
        await Promise.all(
          Array.from({ length: Math.min(options.parallel ?? 1, items.length) }, async () => {
            while (next < items.length) {
              const task = items[next++] as { taskId: string; registrationId: string };
              // Another clerk may have decided it a moment ago: 409 is an answer, not an error.
              const { status } = await api.call('POST /v1/approvals/{taskId}/decision', `/v1/approvals/${task.taskId}/decision`, {
                role,
                body: decide(task),
                expect: [200, 409],
              });
              if (status === 200) decided += 1;
            }
          }),
        );
      } catch {
        // Recorded by the API wrapper; the approver carries on, as a person would after an error.
        await sleep(200);
      }
    }
  })();
  return {
    decided: () => decided,
    stop: async () => {
      running = false;
      await loop;
    },
  };
};
