// Following up on the people a drive has not carded yet, on the embedded stack: a migrant's pending case moved to
// the district they live in now (counts, queue, execution and history follow), an e-KYC blocker reported fixed
// (the registration resumes by itself at e-KYC, and goes on to a card), and a mobile number shared by unrelated
// families listed for review — never blocking anyone.
import { describe, expect, it } from 'vitest';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';
import { countedResponse } from '../support/progress.js';

const stack = useRegistrationStack();

interface PlaceFigures {
  name: string;
  started: number;
  pendingApproval: number;
  issued: number;
  gap: Record<string, number>;
}

const tokenFor = (role: string, claims: Record<string, unknown>) =>
  stack.env.stack.issuer.sign({ roles: [role], ...claims }, `test-${role}-${JSON.stringify(claims)}`);

/** A ration-card family of one, started by a camp and taken through the mobile code. */
const startMember = async (
  identity: SimulatedIdentity,
  mobile = stack.driver.newMobile(),
  roster?: { name: string; nameLocal: string },
) => {
  const { driver } = stack;
  const family = await driver.seedFamily([{ ...identity, ...roster }]);
  const started = await driver.start({
    scheme: 'pmjay',
    mobile,
    roster: { rosterType: 'ration-card-families', rationCardNumber: family.rationCardNumber, memberId: '01' },
    channel: 'camp',
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return { registrationId: String(started.body.registrationId), mobile, rationCardNumber: family.rationCardNumber };
};

/** A district's figures, asked for as `district` is written and listed under its canonical name `listedAs`. */
const districtFigures = async (campaignId: string, district: string, listedAs = district): Promise<PlaceFigures> => {
  const progress = await countedResponse(() =>
    stack.driver.call('GET', `/v1/admin/campaigns/${campaignId}/progress?district=${encodeURIComponent(district)}`, {
      role: 'state-admin',
    }),
  );
  expect(progress.status).toBe(200);
  return (progress.body.districts as PlaceFigures[]).find((place) => place.name === listedAs) as PlaceFigures;
};

describe("a migrant's pending case", () => {
  it('moves to the district the person lives in now: its counts, approval queue and execution follow, its history stays', async () => {
    const { driver } = stack;
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: {
        name: 'Lucknow and Kanpur PM-JAY',
        scheme: 'pmjay',
        districts: ['Lucknow', 'Kanpur'],
        startDate: '2026-11-01',
        endDate: '2026-12-31',
      },
    });
    // "Kanpur" is the district of Kanpur city, which the Census and LGD name Kanpur Nagar: the API says so.
    expect(campaign.body.districts).toEqual(['Lucknow', 'Kanpur Nagar']);
    const campaignId = String(campaign.body.campaignId);
    const mismatch = driver.identity('name-mismatch');
    // The roster spells the name otherwise: the case waits for Lucknow's verifier.
    const { registrationId, mobile } = await startMember(mismatch, undefined, {
      name: 'Kamlesh Kumar Tiwari',
      nameLocal: 'कमलेश कुमार तिवारी',
    });
    await driver.verifyMobile(registrationId, mobile);
    expect((await driver.ekycByOtp(registrationId, mismatch)).status).toBe(200);
    await driver.approvalFor(registrationId, 'verifier');
    const before = {
      lucknow: await districtFigures(campaignId, 'Lucknow'),
      kanpur: await districtFigures(campaignId, 'Kanpur', 'Kanpur Nagar'),
    };
    const auditBefore = await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' });

    const kanpurAdmin = await tokenFor('district-admin', { districts: ['Kanpur'] });
    const kanpurVerifier = await tokenFor('verifier', { districts: ['Kanpur'] });
    const jalaunAdmin = await tokenFor('district-admin', { districts: ['Jalaun'] });
    const body = { district: 'Kanpur', block: 'Bilhaur', village: 'Araul', note: 'Family moved to Kanpur for work' };
    // Nobody outside the case's district learns that it exists; the destination cannot pull it either.
    expect((await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, { token: jalaunAdmin, body })).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    expect((await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, { token: kanpurAdmin, body })).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    expect(
      (
        await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, {
          role: 'district-admin',
          body: { district: 'Kanpur' },
        })
      ).body.code,
    ).toBe('INVALID_REQUEST');

    const moved = await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, { role: 'district-admin', body });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      status: 'PENDING_APPROVAL',
      district: 'Kanpur Nagar',
      block: 'Bilhaur',
      approvalQueue: 'verifier:Kanpur Nagar',
      migratedFrom: { district: 'Lucknow' },
    });
    // Asked again (a retry), the same answer, and nothing moves twice.
    const again = await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, { role: 'district-admin', body });
    expect(again).toMatchObject({ status: 200, body: { district: 'Kanpur Nagar', approvalQueue: 'verifier:Kanpur Nagar' } });

    // Counts: Lucknow keeps its person as migrated, Kanpur counts the pending case.
    const after = {
      lucknow: await districtFigures(campaignId, 'Lucknow'),
      kanpur: await districtFigures(campaignId, 'कानपुर नगर', 'Kanpur Nagar'),
    };
    expect(after.lucknow.pendingApproval).toBe(before.lucknow.pendingApproval - 1);
    expect(after.lucknow.started).toBe(before.lucknow.started - 1);
    expect(after.lucknow.gap.migrated ?? 0).toBe((before.lucknow.gap.migrated ?? 0) + 1);
    expect(after.kanpur.pendingApproval).toBe(before.kanpur.pendingApproval + 1);
    expect(after.kanpur.started).toBe(before.kanpur.started + 1);

    // The queue: Kanpur's verifier has it, Lucknow's does not.
    expect((await driver.pendingApprovals('verifier')).some((task) => task.registrationId === registrationId)).toBe(false);
    const queue = await driver.call('GET', '/v1/approvals?limit=100', { token: kanpurVerifier });
    const task = (queue.body.items as { taskId: string; registrationId: string; summary: { district: string; block?: string } }[]).find(
      (item) => item.registrationId === registrationId,
    );
    expect(task?.summary).toMatchObject({ district: 'Kanpur Nagar', block: 'Bilhaur' });

    // The case is Kanpur's now, with its whole history and one event more.
    expect((await driver.view(registrationId, 'district-admin')).body.code).toBe('REGISTRATION_NOT_FOUND');
    const audit = await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { token: kanpurAdmin });
    const events = audit.body.events as { why: string; note?: string }[];
    expect(events.slice(0, (auditBefore.body.events as unknown[]).length)).toEqual(auditBefore.body.events);
    expect(events.at(-1)).toMatchObject({ why: 'MIGRATED', note: 'Lucknow -> Kanpur Nagar: Family moved to Kanpur for work' });
    const executions = await driver.call('GET', '/v1/admin/executions?workflow=registration&district=Kanpur', { token: kanpurAdmin });
    expect((executions.body.items as { name: string }[]).map((item) => item.name)).toContain(registrationId);

    // Kanpur's verifier approves; the card is counted in Kanpur. An ended case does not move.
    expect(
      (
        await driver.call('POST', `/v1/approvals/${task?.taskId}/decision`, {
          token: kanpurVerifier,
          body: { decision: 'approve', note: 'Same person, spelling differs' },
        })
      ).status,
    ).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((await districtFigures(campaignId, 'Kanpur Nagar')).issued).toBe(after.kanpur.issued + 1);
    const ended = await driver.call('POST', `/v1/admin/registrations/${registrationId}/migrate`, {
      token: kanpurAdmin,
      body: { ...body, district: 'Lucknow' },
    });
    expect(ended).toMatchObject({ status: 409, body: { code: 'REGISTRATION_ENDED' } });
  });
});

describe('an e-KYC blocker reported fixed', () => {
  it('resumes the registration at e-KYC, tells the person, and it goes on to a card', async () => {
    const { driver } = stack;
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Lucknow PM-JAY, blockers', scheme: 'pmjay', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    const campaignId = String(campaign.body.campaignId);
    const notLinked = driver.identity('mobile-not-linked');
    const { registrationId, mobile } = await startMember(notLinked);
    await driver.verifyMobile(registrationId, mobile);
    const refused = await driver.ekycByOtp(registrationId, notLinked);
    expect(refused.body.code).toBe('EKYC_MOBILE_NOT_LINKED');

    // Not blocked: refused with a code. Another district's operator: not found.
    const fine = await startMember(driver.identity('success', 5));
    await driver.verifyMobile(fine.registrationId, fine.mobile);
    const blocked = await districtFigures(campaignId, 'Lucknow');
    const notLinkedBefore = blocked.gap['aadhaar-mobile-not-linked'] ?? 0;
    expect(notLinkedBefore).toBeGreaterThanOrEqual(1);
    expect(
      (
        await driver.call('POST', `/v1/registrations/${fine.registrationId}/blocker-fixed`, {
          role: 'operator',
          body: { blocker: 'aadhaar-mobile-linked' },
        })
      ).body.code,
    ).toBe('NOT_BLOCKED');
    const kanpurOperator = await tokenFor('operator', { districts: ['Kanpur'] });
    expect(
      (
        await driver.call('POST', `/v1/registrations/${registrationId}/blocker-fixed`, {
          token: kanpurOperator,
          body: { blocker: 'aadhaar-mobile-linked' },
        })
      ).body.code,
    ).toBe('REGISTRATION_NOT_FOUND');
    expect(
      (
        await driver.call('POST', `/v1/registrations/${registrationId}/blocker-fixed`, {
          role: 'portal',
          body: { blocker: 'aadhaar-mobile-linked' },
        })
      ).status,
    ).toBe(403);

    // The person linked a mobile at an Aadhaar centre; the camp operator reports it.
    await stack.env.api('/local/ekyc/fixes', { method: 'POST', body: JSON.stringify({ aadhaarNumber: notLinked.aadhaarNumber }) });
    const fixed = await driver.call('POST', `/v1/registrations/${registrationId}/blocker-fixed`, {
      role: 'operator',
      body: { blocker: 'aadhaar-mobile-linked', note: 'Linked at the Mal Aadhaar centre' },
    });
    expect(fixed).toMatchObject({ status: 200, body: { status: 'EKYC_PENDING', resumed: true, notified: true } });
    expect((await driver.outbox(mobile)).some((message) => message.template === 'registration-resumed')).toBe(true);
    const repeated = await driver.call('POST', `/v1/registrations/${registrationId}/blocker-fixed`, {
      role: 'operator',
      body: { blocker: 'aadhaar-mobile-linked' },
    });
    expect(repeated.body).toMatchObject({ status: 'EKYC_PENDING', resumed: false });
    expect((await driver.outbox(mobile)).filter((message) => message.template === 'registration-resumed')).toHaveLength(1);
    const resumed = await districtFigures(campaignId, 'Lucknow');
    expect(resumed.gap['aadhaar-mobile-not-linked'] ?? 0).toBe(notLinkedBefore - 1);
    expect(resumed.gap['ekyc-in-progress']).toBe((blocked.gap['ekyc-in-progress'] ?? 0) + 1);

    // Same registration, same execution: e-KYC now succeeds and the card follows (a clean PM-JAY match).
    expect((await driver.ekycByOtp(registrationId, notLinked)).status).toBe(200);
    const done = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    expect((done.timeline as { why: string }[]).map((event) => event.why)).toEqual(
      expect.arrayContaining(['EKYC_MOBILE_NOT_LINKED', 'BLOCKER_FIXED', 'EKYC_VERIFIED']),
    );

    // An update camp's list: each item on its own.
    const locked = driver.identity('biometrics-locked');
    const second = await startMember(locked);
    await driver.verifyMobile(second.registrationId, second.mobile);
    const biometric = await driver.call('POST', `/v1/registrations/${second.registrationId}/ekyc`, {
      role: 'operator',
      body: {
        aadhaarNumber: locked.aadhaarNumber,
        consent: driver.consent(),
        mode: 'biometric',
        captureData: 'PID-BLOCK',
        modality: 'fingerprint',
      },
    });
    expect(biometric.body.code).toBe('EKYC_BIOMETRICS_LOCKED');
    const list = await driver.call('POST', '/v1/registrations/blockers-fixed', {
      role: 'operator',
      body: {
        items: [
          { registrationId: second.registrationId, blocker: 'biometrics-unlocked' },
          { registrationId: fine.registrationId, blocker: 'aadhaar-updated' },
          { registrationId: '00000000-0000-4000-8000-000000000000', blocker: 'aadhaar-updated' },
        ],
      },
    });
    expect(list.status).toBe(200);
    expect(list.body.results).toMatchObject([
      { registrationId: second.registrationId, outcome: 'recorded', status: 'EKYC_PENDING', resumed: true },
      { registrationId: fine.registrationId, outcome: 'refused', code: 'NOT_BLOCKED' },
      { registrationId: '00000000-0000-4000-8000-000000000000', outcome: 'refused', code: 'REGISTRATION_NOT_FOUND' },
    ]);
  });
});

describe('one mobile across unrelated families', () => {
  it("is listed for review past the scheme's norm, without blocking anyone, and opens again if it grows after a review", async () => {
    const { driver } = stack;
    const shared = driver.newMobile();
    const started: string[] = [];
    // PM-JAY's norm is 3 families a mobile: the fourth is past it. Every registration goes on.
    for (const index of [0, 1, 2, 3]) {
      const { registrationId } = await startMember({ ...driver.identity('success', index), name: `Parivar Sadasya ${index}` }, shared);
      started.push(registrationId);
      await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
    }
    type Anomaly = {
      anomalyId: string;
      kind: string;
      subject: string;
      members: number;
      norm: number;
      state: string;
      lastRegistrationId: string;
    };
    const listed = async (query = '') =>
      (await driver.call('GET', `/v1/admin/anomalies${query}`, { role: 'district-admin' })).body.items as Anomaly[];
    const anomaly = (await listed()).find((item) => item.kind === 'shared-mobile' && item.subject === `******${shared.slice(-4)}`);
    expect(anomaly).toMatchObject({ members: 4, norm: 3, state: 'open', lastRegistrationId: started[3] });
    const detail = await driver.call('GET', `/v1/admin/anomalies/${anomaly?.anomalyId}`, { role: 'district-admin' });
    expect((detail.body.registrations as { registrationId: string }[]).map((item) => item.registrationId).sort()).toEqual(
      [...started].sort(),
    );
    // The number itself is nowhere in what admins get.
    expect(JSON.stringify(detail.body)).not.toContain(shared);
    expect(JSON.stringify(await listed())).not.toContain(shared);

    const jalaunAdmin = await tokenFor('district-admin', { districts: ['Jalaun'] });
    expect((await driver.call('GET', `/v1/admin/anomalies/${anomaly?.anomalyId}`, { token: jalaunAdmin })).body.code).toBe(
      'ANOMALY_NOT_FOUND',
    );
    expect(
      (
        await driver.call('POST', `/v1/admin/anomalies/${anomaly?.anomalyId}/review`, {
          role: 'district-admin',
          body: { outcome: 'explained' },
        })
      ).status,
    ).toBe(400);
    const reviewed = await driver.call('POST', `/v1/admin/anomalies/${anomaly?.anomalyId}/review`, {
      role: 'district-admin',
      body: { outcome: 'explained', note: 'Ration shop keeper registered elderly neighbours; families confirmed by visit' },
    });
    expect(reviewed.body).toMatchObject({ state: 'reviewed', review: { outcome: 'explained', members: 4 } });
    expect(
      (
        await driver.call('POST', `/v1/admin/anomalies/${anomaly?.anomalyId}/review`, {
          role: 'district-admin',
          body: { outcome: 'explained', note: 'again, twice' },
        })
      ).body.code,
    ).toBe('ALREADY_REVIEWED');
    expect((await listed()).some((item) => item.anomalyId === anomaly?.anomalyId)).toBe(false);
    expect((await listed('?state=reviewed')).some((item) => item.anomalyId === anomaly?.anomalyId)).toBe(true);

    // A fifth family on the same mobile: more than the review covered, so it is open again.
    await startMember({ ...driver.identity('success', 4), name: 'Parivar Sadasya 4' }, shared);
    const reopened = await listed();
    expect(reopened.find((item) => item.anomalyId === anomaly?.anomalyId)).toMatchObject({ members: 5, state: 'open' });
    for (const registrationId of started) expect((await driver.view(registrationId)).body.status).toBe('MOBILE_OTP_SENT');
  });
});

describe("an applicant's own session", () => {
  it('comes with the verified mobile, is bound to that registration, and a portal can hand out another later', async () => {
    const { driver, env } = stack;
    const identity = driver.identity('success', 6);
    const { registrationId, mobile } = await startMember(identity);
    const early = await driver.call('POST', `/v1/registrations/${registrationId}/session`, { role: 'portal' });
    expect(early).toMatchObject({ status: 409, body: { code: 'MOBILE_NOT_VERIFIED' } });
    const verified = await driver.verifyMobile(registrationId, mobile);
    expect(verified.status).toBe(200);
    const session = verified.body.session as { token: string; expiresAt: string };
    expect(Date.parse(session.expiresAt) - Date.now()).toBeGreaterThan(11 * 3600 * 1000);

    // The person goes on alone: their registration, its e-KYC, nothing else.
    expect((await driver.call('GET', '/v1/me', { token: session.token })).body).toMatchObject({ roles: ['applicant'], registrationId });
    expect((await driver.call('GET', `/v1/registrations/${registrationId}`, { token: session.token })).status).toBe(200);
    const other = await startMember(driver.identity('success', 7));
    expect((await driver.call('GET', `/v1/registrations/${other.registrationId}`, { token: session.token })).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    expect((await driver.call('GET', '/v1/admin/imports', { token: session.token })).status).toBe(403);
    expect((await driver.call('POST', '/v1/registrations', { token: session.token, body: {} })).status).toBe(403);
    const started = await driver.call('POST', `/v1/registrations/${registrationId}/ekyc`, {
      token: session.token,
      body: { aadhaarNumber: identity.aadhaarNumber, consent: driver.consent(), mode: 'otp' },
    });
    expect(started.status).toBe(202);
    const otp = await driver.ekycOtp(String(started.body.transactionId));
    expect(
      (
        await driver.call('POST', `/v1/registrations/${registrationId}/ekyc/verify`, {
          token: session.token,
          body: { aadhaarNumber: identity.aadhaarNumber, otp },
        })
      ).status,
    ).toBe(200);
    await driver.waitForStatus(registrationId, 'CARD_ISSUED');

    // Back at the portal another day: a new session for the same registration; another portal cannot get one.
    const again = await driver.call('POST', `/v1/registrations/${registrationId}/session`, { role: 'portal' });
    expect(again).toMatchObject({ status: 201, body: { registrationId } });
    expect((await driver.call('GET', `/v1/registrations/${registrationId}`, { token: String(again.body.token) })).body.status).toBe(
      'CARD_ISSUED',
    );
    const otherPortal = await tokenFor('portal', {});
    expect((await driver.call('POST', `/v1/registrations/${registrationId}/session`, { token: otherPortal })).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );

    // Portals get their own tokens from the same issuer, by client credentials (as from Cognito on AWS).
    const { tokenUrl, portalClient } = env.endpoints.issuer;
    const ask = (secret: string, scope: string) =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${portalClient.clientId}:${secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
      });
    const granted = (await (await ask(portalClient.clientSecret, portalClient.scope)).json()) as { access_token: string };
    expect((await driver.call('GET', '/v1/me', { token: granted.access_token })).body).toMatchObject({
      roles: ['portal'],
      subject: portalClient.clientId,
    });
    expect((await ask('wrong', portalClient.scope)).status).toBe(401);
    // A portal's client cannot ask for applicant sessions.
    expect(((await (await ask(portalClient.clientSecret, 'healthcard/applicant-session')).json()) as { error: string }).error).toBe(
      'invalid_scope',
    );
  });
});
