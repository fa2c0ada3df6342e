// Registration end to end through the HTTP API on the embedded stack: the paths that end in a card, and the
// guarantees around them (idempotency, duplicates, concurrent approvers). No personal data in its history or logs:
// the whole run's privacy scan (test/privacy/whole-run.test.ts) reads them.
import { describe, expect, it } from 'vitest';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';

const stack = useRegistrationStack();

/** Mobile OTP and Aadhaar OTP for a started registration, up to the point the workflow matches. */
const verifyPerson = async (registrationId: string, mobile: string, identity: SimulatedIdentity) => {
  const mobileResult = await stack.driver.verifyMobile(registrationId, mobile);
  expect(mobileResult.status).toBe(200);
  const ekyc = await stack.driver.ekycByOtp(registrationId, identity);
  expect(ekyc.status, JSON.stringify(ekyc.body)).toBe(200);
  expect(ekyc.body.status).toBe('EKYC_VERIFIED');
};

const fetchCardPdf = async (cardNumber: string) => {
  const card = await stack.driver.call('GET', `/v1/cards/${cardNumber}`);
  expect(card.status).toBe(200);
  // The QR text through the API: a JWS (RFC 7515) that the published card keys verify, checked by jose, naming this card.
  const keys = createLocalJWKSet((await (await stack.env.api('/v1/cards/keys')).json()) as JSONWebKeySet);
  const { payload } = await compactVerify(String(card.body.qr), keys);
  expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ n: cardNumber });
  const pdf = await fetch(String(card.body.downloadUrl));
  expect(pdf.status).toBe(200);
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return bytes;
};

describe('up-sects: a state employee with two dependents, each approved by the DDO', () => {
  it('issues a card to the employee and to each declared dependent', async () => {
    const employee = stack.driver.identity('success', 0);
    const employeeId = await stack.driver.seedEmployee(employee);
    const { registrationId, mobile } = await stack.driver.startEmployee(employeeId);
    await verifyPerson(registrationId, mobile, employee);

    // up-sects: the DDO approves every card, clean match or not.
    const task = await stack.driver.approvalFor(registrationId, 'ddo');
    expect(task.approverKind).toBe('ddo');
    expect(task.summary.name).toBe(employee.name);
    expect(JSON.stringify(task)).not.toContain(employee.aadhaarNumber);
    expect((await stack.driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    const issued = await stack.driver.waitForStatus(registrationId, 'CARD_ISSUED');
    const card = issued.card as { cardNumber: string };
    expect(card.cardNumber).toMatch(/^UPS-/);
    expect(issued.nextAction).toMatchObject({ en: expect.stringContaining('card is ready') });
    await fetchCardPdf(card.cardNumber);
    expect(
      (await stack.driver.outbox(mobile)).some((message) => message.template === 'card-issued' && message.text.includes(card.cardNumber)),
    ).toBe(true);

    // Two dependents, declared by the employee, each with their own e-KYC and the DDO's approval.
    const dependents = [stack.driver.identity('success', 1), stack.driver.identity('success', 2)];
    for (const [index, dependent] of dependents.entries()) {
      const relation = index === 0 ? 'spouse' : dependent.gender === 'F' ? 'mother' : 'father';
      const dependentMobile = stack.driver.newMobile();
      const added = await stack.driver.call('POST', `/v1/registrations/${registrationId}/dependents`, {
        idempotencyKey: `dependent-${registrationId}-${index}`,
        body: {
          relation,
          name: dependent.name,
          ...(dependent.nameLocal === undefined ? {} : { nameLocal: dependent.nameLocal }),
          yearOfBirth: dependent.yearOfBirth,
          gender: dependent.gender,
          mobile: dependentMobile,
        },
      });
      expect(added.status, JSON.stringify(added.body)).toBe(202);
      const dependentId = String(added.body.registrationId);
      await verifyPerson(dependentId, dependentMobile, dependent);
      const dependentTask = await stack.driver.approvalFor(dependentId, 'ddo');
      expect(dependentTask.summary.relation).toBe(relation);
      expect((await stack.driver.decide(dependentTask.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
      const done = await stack.driver.waitForStatus(dependentId, 'CARD_ISSUED');
      expect(done.primaryRegistrationId).toBe(registrationId);
      await fetchCardPdf((done.card as { cardNumber: string }).cardNumber);
    }
    const primary = await stack.driver.view(registrationId);
    expect((primary.body.dependents as unknown[]).length).toBe(2);
  });
});

describe('pmjay: a ration-card family of four', () => {
  it('auto-approves clean matches and issues four cards; a name mismatch goes to the verifier', async () => {
    const members = [0, 1, 2, 3].map((index) => stack.driver.identity('success', index));
    const family = await stack.driver.seedFamily(members);
    const head = members[0] as SimulatedIdentity;
    const mobile = stack.driver.newMobile();
    const started = await stack.driver.start({
      scheme: 'pmjay',
      mobile,
      roster: { rosterType: 'ration-card-families', rationCardNumber: family.rationCardNumber, memberId: family.memberIds[0] },
      channel: 'csc',
      operatorId: 'CSC-LKO-17',
    });
    expect(started.status).toBe(202);
    const headId = String(started.body.registrationId);
    await verifyPerson(headId, mobile, head);
    // A clean match in PM-JAY needs no person (as in NHA's BIS).
    const headDone = await stack.driver.waitForStatus(headId, 'CARD_ISSUED');
    expect((headDone.card as { cardNumber: string }).cardNumber).toMatch(/^PMJ-/);

    for (const [index, member] of members.slice(1).entries()) {
      const memberMobile = stack.driver.newMobile();
      const added = await stack.driver.call('POST', `/v1/registrations/${headId}/dependents`, {
        idempotencyKey: `member-${headId}-${index}`,
        body: { memberId: family.memberIds[index + 1], mobile: memberMobile },
      });
      expect(added.status, JSON.stringify(added.body)).toBe(202);
      await verifyPerson(String(added.body.registrationId), memberMobile, member);
      await stack.driver.waitForStatus(String(added.body.registrationId), 'CARD_ISSUED');
    }
    const view = await stack.driver.view(headId);
    expect((view.body.dependents as { status: string }[]).map((dependent) => dependent.status)).toEqual([
      'CARD_ISSUED',
      'CARD_ISSUED',
      'CARD_ISSUED',
    ]);

    // The e-KYC name differs from the roster's: a verifier decides.
    const mismatch = stack.driver.identity('name-mismatch');
    const other = await stack.driver.seedFamily([{ ...mismatch, name: 'Kamlesh Kumar Tiwari', nameLocal: 'कमलेश कुमार तिवारी' }]);
    const otherMobile = stack.driver.newMobile();
    const second = await stack.driver.start({
      scheme: 'pmjay',
      mobile: otherMobile,
      roster: { rosterType: 'ration-card-families', rationCardNumber: other.rationCardNumber, memberId: '01' },
      channel: 'camp',
    });
    const secondId = String(second.body.registrationId);
    await verifyPerson(secondId, otherMobile, mismatch);
    const review = await stack.driver.approvalFor(secondId, 'verifier');
    expect(review.summary.match).toMatchObject({ outcome: 'mismatch' });
    expect(
      (await stack.driver.decide(review.taskId, 'verifier', { decision: 'approve', note: 'Spelling differs; same person per ration card' }))
        .status,
    ).toBe(200);
    await stack.driver.waitForStatus(secondId, 'CARD_ISSUED');
  });
});

describe('guarantees', () => {
  it('answers a repeated Idempotency-Key with the same registration and one execution; another body is refused', async () => {
    const identity = stack.driver.identity('success', 4);
    const employeeId = await stack.driver.seedEmployee(identity);
    const body = stack.driver.employeeRegistration(employeeId);
    const [first, second] = await Promise.all([
      stack.driver.start(body, { idempotencyKey: 'portal-request-0001' }),
      stack.driver.start(body, { idempotencyKey: 'portal-request-0001' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 202]);
    expect(first.body.registrationId).toBe(second.body.registrationId);
    const third = await stack.driver.start(body, { idempotencyKey: 'portal-request-0001' });
    expect(third.status).toBe(200);
    expect(third.body.registrationId).toBe(first.body.registrationId);

    const { executions = [] } = await stack.env.sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stack.env.endpoints.stepFunctions.stateMachines.registration }),
    );
    expect(executions.filter((execution) => execution.name === first.body.registrationId)).toHaveLength(1);

    const changed = await stack.driver.start({ ...body, channel: 'camp' }, { idempotencyKey: 'portal-request-0001' });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a second card for the same Aadhaar in a scheme, naming the existing card', async () => {
    const identity = stack.driver.identity('success', 0);
    // Same person, registered again through another roster entry of the same scheme (pmjay, carded above).
    const family = await stack.driver.seedFamily([identity]);
    const mobile = stack.driver.newMobile();
    const started = await stack.driver.start({
      scheme: 'pmjay',
      mobile,
      roster: { rosterType: 'ration-card-families', rationCardNumber: family.rationCardNumber, memberId: '01' },
      channel: 'portal',
    });
    const registrationId = String(started.body.registrationId);
    await verifyPerson(registrationId, mobile, identity);
    const duplicate = await stack.driver.waitForStatus(registrationId, 'DUPLICATE');
    const existing = duplicate.duplicateOf as { registrationId: string; cardNumber: string };
    expect(existing.cardNumber).toMatch(/^PMJ-/);
    expect((duplicate.reason as { message: string }).message).toContain(existing.cardNumber);
  });

  it('records exactly one decision when two approvers decide the same task at once', async () => {
    const identity = stack.driver.identity('success', 5);
    const { registrationId, mobile } = await stack.driver.startEmployee(await stack.driver.seedEmployee(identity));
    await verifyPerson(registrationId, mobile, identity);
    const task = await stack.driver.approvalFor(registrationId, 'ddo');

    const [one, two] = await Promise.all([
      stack.driver.decide(task.taskId, 'ddo', { decision: 'approve' }),
      stack.driver.decide(task.taskId, 'ddo', { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    expect(loser.body.code).toBe('ALREADY_DECIDED');
    const winner = one.status === 200 ? one : two;
    const final = await stack.driver.waitForStatus(registrationId, winner.body.status === 'APPROVED' ? 'CARD_ISSUED' : 'REJECTED');
    const decisions = (final.timeline as { why: string }[]).filter(
      (event) => event.why.startsWith('APPROVED_BY') || event.why === 'NOT_AN_EMPLOYEE',
    );
    expect(decisions).toHaveLength(1);
  });
});
