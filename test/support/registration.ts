// Driving registrations through the HTTP API as a portal, an applicant and an approver would, on the embedded
// stack: OTPs read from the SMS outbox, Aadhaar OTPs from the e-KYC simulator, roster people seeded in the table.
// Every Aadhaar number, OTP and mobile number used is remembered (privacy.ts), for the whole run's privacy scan.
import { randomUUID } from 'node:crypto';
import { DynamoDbPeople } from '../../functions/adapters/dynamodb-people.js';
import { DynamoDbRegistry } from '../../functions/adapters/dynamodb-registry.js';
import type { Person } from '../../functions/core/person.js';
import { employeeMatching } from '../../local/roster-people.js';
import { eventually } from './eventually.js';
import { afterAll, beforeAll, expect } from 'vitest';
import { usedSecrets } from './privacy.js';
import { scanAll, startTestStack, type StackClient, type TestStack } from './stack.js';

export interface SimulatedIdentity {
  readonly aadhaarNumber: string;
  readonly behaviour: string;
  readonly name: string;
  readonly nameLocal?: string;
  readonly yearOfBirth: number;
  readonly gender: 'M' | 'F' | 'T';
  readonly district?: string;
}

type Role = keyof StackClient['endpoints']['tokens'];

export class RegistrationDriver {
  private identities: SimulatedIdentity[] = [];
  readonly registry: DynamoDbRegistry;
  readonly people: DynamoDbPeople;
  private mobileCounter = 0;

  constructor(readonly env: StackClient) {
    this.registry = new DynamoDbRegistry(env.documents, env.endpoints.dynamodb.table, { now: () => Date.now() });
    this.people = new DynamoDbPeople(env.documents, env.endpoints.dynamodb.table);
  }

  async loadIdentities(): Promise<SimulatedIdentity[]> {
    const response = await this.env.api('/local/ekyc/identities');
    const body = (await response.json()) as SimulatedIdentity[] | { identities: SimulatedIdentity[] };
    this.identities = Array.isArray(body) ? body : body.identities;
    return this.identities;
  }

  /** Identities with a behaviour, in the simulator's order (index picks among equals). */
  identity(behaviour: string, index = 0): SimulatedIdentity {
    const found = this.identities.filter((identity) => identity.behaviour === behaviour)[index];
    if (found === undefined) throw new Error(`the e-KYC simulator has no identity #${index} with behaviour ${behaviour}`);
    usedSecrets.aadhaarNumbers.add(found.aadhaarNumber);
    return found;
  }

  /** A fresh, valid, distinctive mobile number for each registration. */
  newMobile(): string {
    this.mobileCounter += 1;
    const mobile = `97${String(process.pid % 1000).padStart(3, '0')}${String(this.mobileCounter).padStart(5, '0')}`;
    usedSecrets.mobiles.add(mobile);
    return mobile;
  }

  /** Every item of the stack's table whose partition key starts with `prefix` (rate counters, OTP guards). */
  async tableItems(prefix: string): Promise<Record<string, unknown>[]> {
    const { items } = await scanAll(this.env, {
      FilterExpression: 'begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':prefix': prefix },
    });
    return items;
  }

  async seedPerson(person: Person): Promise<void> {
    await this.people.putPerson(person);
  }

  /** An employee on the up-sects roster whose record matches the identity (or deliberately does not). */
  async seedEmployee(identity: SimulatedIdentity, overrides: Partial<Person> = {}): Promise<string> {
    const employeeId = `EMP-${randomUUID().slice(0, 8).toUpperCase()}`;
    await this.seedPerson({ ...employeeMatching(identity, employeeId), office: 'BSA Office Lucknow', ...overrides });
    return employeeId;
  }

  /** A ration-card family on the PM-JAY roster, one member per identity. */
  async seedFamily(members: readonly SimulatedIdentity[]): Promise<{ rationCardNumber: string; memberIds: string[] }> {
    const rationCardNumber = `UP${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 1000)}`;
    const memberIds = members.map((_, index) => String(index + 1).padStart(2, '0'));
    for (const [index, identity] of members.entries()) {
      await this.seedPerson({
        scheme: 'pmjay',
        personId: `rc:${rationCardNumber}:${memberIds[index]}`,
        rosterType: 'ration-card-families',
        name: identity.name,
        ...(identity.nameLocal === undefined ? {} : { nameLocal: identity.nameLocal }),
        yearOfBirth: identity.yearOfBirth,
        gender: identity.gender,
        district: 'Lucknow',
        block: 'Mohanlalganj',
        village: 'Nigohan',
        rationCardNumber,
        memberId: memberIds[index] as string,
        relation: index === 0 ? 'head' : 'member',
        headOfFamily: index === 0,
        status: 'active',
      });
    }
    return { rationCardNumber, memberIds };
  }

  /**
   * One-member ration-card families (the `success` identities at `indexes`, named by `name`), each registered at a
   * camp with the same new mobile, which it returns.
   */
  async familiesOnOneMobile(indexes: readonly number[], name: (index: number) => string): Promise<string> {
    const shared = this.newMobile();
    for (const index of indexes) {
      const family = await this.seedFamily([{ ...this.identity('success', index), name: name(index) }]);
      const started = await this.start({
        scheme: 'pmjay',
        mobile: shared,
        roster: { rosterType: 'ration-card-families', rationCardNumber: family.rationCardNumber, memberId: '01' },
        channel: 'camp',
      });
      expect(started.status).toBe(202);
    }
    return shared;
  }

  /** `token`: a token minted for the test (tokenWith), instead of a role's development token. */
  async call(method: string, path: string, options: { role?: Role; token?: string; body?: unknown; idempotencyKey?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const response = await this.env.api(path, {
      method,
      ...(options.token === undefined ? { role: options.role ?? 'portal' } : {}),
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> & { code?: string } };
  }

  async start(body: Record<string, unknown>, options: { role?: Role; idempotencyKey?: string } = {}) {
    return this.call('POST', '/v1/registrations', {
      body,
      idempotencyKey: options.idempotencyKey ?? randomUUID(),
      ...(options.role === undefined ? {} : { role: options.role }),
    });
  }

  async view(registrationId: string, role: Role = 'portal') {
    return this.call('GET', `/v1/registrations/${registrationId}`, { role });
  }

  async waitForStatus(registrationId: string, status: string | readonly string[], role: Role = 'portal') {
    const wanted = typeof status === 'string' ? [status] : status;
    return eventually(
      `registration ${registrationId} to reach ${wanted.join('|')}`,
      async () => {
        const { body } = await this.view(registrationId, role);
        return wanted.includes(String(body.status)) ? body : undefined;
      },
      // A bound, not a measure: 21 registrations driven at once on two busy cores take their time.
      { timeoutMs: 90_000, intervalMs: 100 },
    );
  }

  /** The newest OTP SMS to a mobile, read from the outbox as the person would read their phone. */
  async mobileOtp(mobile: string, after = 0): Promise<string> {
    const otp = await eventually(`an OTP SMS to the mobile (#${after + 1})`, async () => {
      const response = await this.env.api(`/local/outbox?to=${mobile}`);
      const { messages } = (await response.json()) as { messages: { template: string; text: string }[] };
      const otps = messages.filter((message) => message.template === 'mobile-otp');
      if (otps.length <= after) return undefined;
      return /(?<!\d)(\d{6})(?!\d)/.exec(otps[0]?.text ?? '')?.[1];
    });
    usedSecrets.otps.add(otp);
    return otp;
  }

  async outbox(mobile: string) {
    const response = await this.env.api(`/local/outbox?to=${mobile}`);
    return ((await response.json()) as { messages: { template: string; text: string }[] }).messages;
  }

  async verifyMobile(registrationId: string, mobile: string, role: Role = 'portal') {
    await this.waitForStatus(registrationId, 'MOBILE_OTP_SENT', role);
    const otp = await this.mobileOtp(mobile);
    return this.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, { role, body: { otp } });
  }

  async ekycOtp(transactionId: string): Promise<string> {
    const response = await this.env.api(`/local/ekyc/otp?txn=${encodeURIComponent(transactionId)}`);
    const { otp } = (await response.json()) as { otp: string };
    usedSecrets.otps.add(otp);
    return otp;
  }

  consent() {
    return { accepted: true, textVersion: 'ekyc-consent-v1', language: 'hi' as const };
  }

  /** e-KYC by Aadhaar OTP, all the way to EKYC_VERIFIED (or whatever the provider said). */
  async ekycByOtp(registrationId: string, identity: SimulatedIdentity, role: Role = 'portal') {
    const started = await this.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      role,
      body: { aadhaarNumber: identity.aadhaarNumber, consent: this.consent(), mode: 'otp' },
    });
    if (started.status !== 202) return started;
    const otp = await this.ekycOtp(String(started.body.transactionId));
    return this.call('POST', `/v1/registrations/${registrationId}/ekyc/verify`, {
      role,
      body: { aadhaarNumber: identity.aadhaarNumber, otp },
    });
  }

  async pendingApprovals(role: Role) {
    const { body } = await this.call('GET', '/v1/approvals?limit=100', { role });
    return (body.items ?? []) as {
      taskId: string;
      registrationId: string;
      summary: Record<string, unknown>;
      level: number;
      approverKind: string;
    }[];
  }

  async approvalFor(registrationId: string, role: Role) {
    return eventually(`an approval task for ${registrationId} in the ${role} queue`, async () =>
      (await this.pendingApprovals(role)).find((task) => task.registrationId === registrationId),
    );
  }

  /** An up-sects employee of the roster started (by a portal unless `channel` says otherwise), on a fresh mobile: accepted, 202. */
  /** The body of a portal's request to register an up-sects employee of the roster, with a fresh mobile. */
  employeeRegistration(employeeId: string, channel = 'portal') {
    return { scheme: 'up-sects', mobile: this.newMobile(), roster: { rosterType: 'employees', employeeId }, channel };
  }

  async startEmployee(employeeId: string, options: { channel?: string; idempotencyKey?: string } = {}) {
    const body = this.employeeRegistration(employeeId, options.channel);
    const { mobile } = body;
    const started = await this.start(body, options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return { registrationId: String(started.body.registrationId), mobile };
  }

  /** An up-sects employee of the roster started by a portal, mobile and e-KYC verified: waiting on their DDO. */
  async employeeAwaitingDdo(identity: SimulatedIdentity) {
    const employeeId = await this.seedEmployee(identity);
    const { registrationId, mobile } = await this.startEmployee(employeeId);
    expect((await this.verifyMobile(registrationId, mobile)).status).toBe(200);
    expect((await this.ekycByOtp(registrationId, identity)).body.status).toBe('EKYC_VERIFIED');
    const task = await this.approvalFor(registrationId, 'ddo');
    return { registrationId, mobile, employeeId, task };
  }

  async decide(taskId: string, role: Role, body: Record<string, unknown>) {
    return this.call('POST', `/v1/approvals/${taskId}/decision`, { role, body });
  }

  /**
   * The DDO approves a case waiting on them while DLT scrubbing refuses the next SMS, the card SMS (a template not
   * registered): no Retry covers it, IssueCard fails and so does the execution. Returns its row in the ledger.
   */
  async failAtIssueCard(registrationId: string, taskId: string) {
    expect((await this.env.api('/local/sms/faults', { method: 'POST', body: JSON.stringify({ rejectNext: 1 }) })).status).toBe(200);
    expect((await this.decide(taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    return eventually(
      `the ledger to list ${registrationId} FAILED`,
      async () => {
        const listed = await this.call('GET', '/v1/admin/executions?workflow=registration&status=FAILED&limit=100', {
          role: 'district-admin',
        });
        return (
          listed.body.items as { name: string; status: string; district?: string; redriveCount: number; error?: string }[] | undefined
        )?.find((item) => item.name === registrationId);
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }
}

/** Where a secret shows up in `text`, as a whole number (not inside a longer run of digits). */
export const findSecrets = (text: string): string[] => {
  const found: string[] = [];
  const all = [...usedSecrets.aadhaarNumbers, ...usedSecrets.mobiles, ...usedSecrets.otps];
  for (const secret of all) {
    if (new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text)) found.push(secret);
  }
  // Aadhaar numbers written with spaces, as people type them.
  for (const aadhaar of usedSecrets.aadhaarNumbers) {
    const spaced = `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`;
    if (text.includes(spaced)) found.push(spaced);
  }
  return found;
};

/** A test file's embedded stack with a registration driver; its logs are captured from the start for the privacy scan (stack.ts). */
export const useRegistrationStack = (options: Parameters<typeof startTestStack>[0] = {}) => {
  const context = {} as { env: TestStack; driver: RegistrationDriver };
  beforeAll(async () => {
    context.env = await startTestStack(options);
    context.driver = new RegistrationDriver(context.env);
    await context.driver.loadIdentities();
  });
  afterAll(async () => {
    await context.env?.stop();
  });
  return context;
};
