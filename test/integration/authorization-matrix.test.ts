// The route table is the authorization matrix, and this walks it on the embedded stack: every route in
// functions/api/routes.ts, called by every role, by a token with no role, with no token, an expired token and a
// token signed by someone else. A role the route does not admit gets 403 FORBIDDEN, a caller without a valid
// token 401 UNAUTHORIZED, an admitted role never either. The calls are generated from the table: a new route
// is walked without anyone adding it here. Then the object level, on real records: a second DDO, another
// district's admin, an applicant bound to another registration and another portal each get exactly the answer
// a made-up id gets, so nothing tells them the record exists.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { routes, type Route } from '../../functions/api/routes.js';
import { roles, type Role } from '../../functions/core/identity.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';

const stack = useRegistrationStack();

const madeUp = {
  uuid: '00000000-0000-4000-8000-000000000000',
  campaign: '0123456789abcdef',
  importId: '0123456789abcdef0123456789abcdef',
  anomaly: '0123456789abcdef01234567',
  card: 'UPSECTS-0000000-X',
};

/** A made-up value for a path parameter, of the shape the route's handler takes (a wrong shape is a 400: also fine). */
const madeUpParameter = (route: Route, parameter: string): string => {
  if (parameter === 'id') {
    if (route.path.startsWith('/v1/admin/campaigns/')) return madeUp.campaign;
    if (route.path.startsWith('/v1/admin/imports/')) return madeUp.importId;
    if (route.path.startsWith('/v1/admin/anomalies/')) return madeUp.anomaly;
    return madeUp.uuid;
  }
  if (parameter === 'campId') return madeUp.campaign;
  if (parameter === 'taskId') return `A-${madeUp.uuid}`;
  if (parameter === 'cardNumber') return madeUp.card;
  if (parameter === 'workflow') return 'registration';
  return madeUp.uuid;
};

const concretePath = (route: Route) => route.path.replace(/\{(\w+)\}/g, (_whole, parameter: string) => madeUpParameter(route, parameter));

type Callers = Record<string, { token?: string; roles: readonly Role[] | 'none' }>;

const callersOf = async (): Promise<Callers> => {
  const { issuer, endpoints } = stack.env.stack;
  const callers: Callers = Object.fromEntries(roles.map((role) => [role, { token: endpoints.tokens[role], roles: [role] }]));
  callers['no role'] = { token: await issuer.sign({ roles: [] }, 'matrix-no-role'), roles: [] };
  callers['unknown role'] = { token: await issuer.sign({ roles: ['superuser'] }, 'matrix-unknown-role'), roles: [] };
  callers['no token'] = { roles: 'none' };
  callers['expired token'] = { token: await issuer.sign({ roles: [...roles] }, 'matrix-expired', -60), roles: 'none' };
  // Every claim right, signed by a key that is not the issuer's.
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const forged = await new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'ES256', kid: String((await exportJWK(privateKey)).kid ?? 'forged') })
    .setIssuer(endpoints.issuer.issuer)
    .setAudience(endpoints.issuer.audience)
    .setSubject('matrix-forged')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  callers['forged token'] = { token: forged, roles: 'none' };
  callers['not a JWT'] = { token: 'not-a-jwt', roles: 'none' };
  return callers;
};

const send = async (method: string, path: string, token: string | undefined, body?: unknown) => {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': `matrix-${randomUUID()}` };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await stack.env.api(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    parsed = { unparsable: text.slice(0, 200) };
  }
  return { status: response.status, body: parsed as Record<string, unknown> & { code?: string } };
};

describe('the route table as an authorization matrix', () => {
  it('answers every route x caller as the table says: 401 without a valid token, 403 to a role not admitted, neither to one admitted', async () => {
    const callers = await callersOf();
    const problems: string[] = [];
    const cells = routes.flatMap((route) => Object.entries(callers).map(([name, caller]) => ({ route, name, caller })));
    let answered = 0;
    const admittedThrough = new Set<Route>();
    // A few at a time: the answers do not depend on order, and the stack is one process.
    for (let start = 0; start < cells.length; start += 6) {
      await Promise.all(
        cells.slice(start, start + 6).map(async ({ route, name, caller }) => {
          const answer = await send(route.method, concretePath(route), caller.token, route.method === 'GET' ? undefined : {});
          answered += 1;
          const where = `${route.method} ${route.path} as ${name}: ${answer.status} ${answer.body.code ?? ''}`;
          if (answer.status >= 500) problems.push(`${where} (a server error)`);
          if (answer.status >= 400 && typeof answer.body.code !== 'string') problems.push(`${where} (no stable code)`);
          if (route.access.public === true) {
            if (answer.status === 401 || answer.status === 403) problems.push(`${where} (public route refused)`);
            return;
          }
          const admitted = route.access.roles;
          if (caller.roles === 'none') {
            if (answer.status !== 401 || answer.body.code !== 'UNAUTHORIZED') problems.push(`${where} (expected 401 UNAUTHORIZED)`);
          } else if (!caller.roles.some((role) => admitted.includes(role))) {
            if (answer.status !== 403 || answer.body.code !== 'FORBIDDEN') problems.push(`${where} (expected 403 FORBIDDEN)`);
          } else if (answer.status === 401 || answer.status === 403) {
            problems.push(`${where} (an admitted role refused)`);
          } else {
            admittedThrough.add(route);
          }
        }),
      );
    }
    expect(problems).toEqual([]);
    // Every route was walked by every caller, and every protected route by at least one role it admits.
    expect(answered).toBe(routes.length * Object.keys(callers).length);
    const neverAdmitted = routes
      .filter((route) => route.access.public !== true && !admittedThrough.has(route))
      .map((route) => `${route.method} ${route.path}`);
    expect(neverAdmitted).toEqual([]);
  });
});

describe('object-level authorization on real records', () => {
  const sign = (claims: Record<string, unknown>, subject: string) => stack.env.stack.issuer.sign(claims, subject);

  /** The answer to the real record and to a made-up one, by the same caller: the same status and code. */
  const expectSameAsMadeUp = async (label: string, real: () => ReturnType<typeof send>, invented: () => ReturnType<typeof send>) => {
    const [onReal, onMadeUp] = await Promise.all([real(), invented()]);
    expect(onMadeUp.status, `${label}: a made-up id is refused`).toBeGreaterThanOrEqual(400);
    expect(onMadeUp.status, `${label}: no server error`).toBeLessThan(500);
    expect({ status: onReal.status, code: onReal.body.code }, label).toEqual({ status: onMadeUp.status, code: onMadeUp.body.code });
  };

  /** An up-sects employee of Lucknow waiting on DDO-LKO-0001, through the API. */
  const pendingWithDdo = async (index: number) => {
    const { driver } = stack;
    const identity = driver.identity('success', index);
    const { registrationId, task, mobile } = await driver.employeeAwaitingDdo(identity);
    return { registrationId, taskId: task.taskId, mobile, identity };
  };

  const auditLength = async (registrationId: string) =>
    ((await stack.driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body.events as unknown[])
      .length;

  it("a second DDO neither reads nor decides another DDO's case; after the rightful DDO approves, nobody else reads its card", async () => {
    const { driver } = stack;
    const { registrationId, taskId, identity } = await pendingWithDdo(5);
    const otherDdo = await sign({ roles: ['ddo'], ddo_codes: ['DDO-LKO-0002'] }, 'ddo-lko-0002');
    const before = await auditLength(registrationId);
    // Fields by role (core/views.ts): the portal that started it gets no e-KYC person and no task id; its DDO does.
    const forPortal = (await driver.view(registrationId, 'portal')).body;
    expect(forPortal).not.toHaveProperty('person');
    expect(forPortal.approval).toEqual({ approverKind: 'ddo', level: 1 });
    const forDdo = (await driver.view(registrationId, 'ddo')).body;
    expect(forDdo).toMatchObject({ person: { name: expect.any(String) }, approval: { taskId } });

    await expectSameAsMadeUp(
      'read',
      () => send('GET', `/v1/registrations/${registrationId}`, otherDdo),
      () => send('GET', `/v1/registrations/${madeUp.uuid}`, otherDdo),
    );
    await expectSameAsMadeUp(
      'audit',
      () => send('GET', `/v1/registrations/${registrationId}/audit`, otherDdo),
      () => send('GET', `/v1/registrations/${madeUp.uuid}/audit`, otherDdo),
    );
    await expectSameAsMadeUp(
      'case view',
      () => send('GET', `/v1/approvals/${taskId}`, otherDdo),
      () => send('GET', `/v1/approvals/A-${madeUp.uuid}`, otherDdo),
    );
    await expectSameAsMadeUp(
      'decide',
      () => send('POST', `/v1/approvals/${taskId}/decision`, otherDdo, { decision: 'approve' }),
      () => send('POST', `/v1/approvals/A-${madeUp.uuid}/decision`, otherDdo, { decision: 'approve' }),
    );
    // The e-KYC photo: a link only for an approver of the task's queue. Another DDO, Lucknow's portal and another
    // district's verifier get what a made-up task gets; the link itself opens the image without any token.
    const jalaunVerifier = await sign({ roles: ['verifier'], districts: ['Jalaun'] }, 'verifier-jalaun');
    for (const [who, token] of [
      ['another DDO', otherDdo],
      ["Jalaun's verifier", jalaunVerifier],
    ] as const) {
      await expectSameAsMadeUp(
        `photo link as ${who}`,
        () => send('GET', `/v1/approvals/${taskId}/photo`, token),
        () => send('GET', `/v1/approvals/A-${madeUp.uuid}/photo`, token),
      );
    }
    expect((await send('GET', `/v1/approvals/${taskId}/photo`, stack.env.endpoints.tokens.portal)).status).toBe(403);
    const photoLink = await driver.call('GET', `/v1/approvals/${taskId}/photo`, { role: 'ddo' });
    expect(photoLink.status).toBe(200);
    const photo = await fetch(String(photoLink.body.url));
    expect([photo.status, photo.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const bulk = await send('POST', '/v1/approvals/decisions', otherDdo, {
      decisions: [
        { taskId, decision: 'approve' },
        { taskId: `A-${madeUp.uuid}`, decision: 'approve' },
      ],
    });
    expect(bulk.status).toBe(200);
    const [real, invented] = bulk.body.results as { outcome: string; code: string }[];
    expect(real).toMatchObject({ outcome: 'refused', code: invented?.code });
    const queue = await send('GET', '/v1/approvals?limit=100', otherDdo);
    expect((queue.body.items as { taskId: string }[]).some((item) => item.taskId === taskId)).toBe(false);
    // Nor found by searching for the person's name.
    const searched = await send('GET', `/v1/approvals?q=${encodeURIComponent(identity.name)}`, otherDdo);
    expect(searched.body).toMatchObject({ items: [], counts: { total: 0 } });
    expect(
      (await send('GET', `/v1/approvals/${taskId}`, await sign({ roles: ['ddo'], ddo_codes: ['DDO-LKO-0001'] }, 'ddo-lko-0001'))).status,
    ).toBe(200);
    // Nothing moved.
    expect((await driver.view(registrationId, 'state-admin')).body.status).toBe('PENDING_APPROVAL');
    expect(await auditLength(registrationId)).toBe(before);

    expect((await driver.decide(taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
    const carded = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    const cardNumber = (carded.card as { cardNumber: string }).cardNumber;
    expect((await driver.call('GET', `/v1/cards/${cardNumber}`, { role: 'portal' })).status).toBe(200);
    const otherPortal = await sign({ roles: ['portal'] }, 'portal-b');
    const jalaunAdmin = await sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'admin-jalaun');
    for (const [who, token] of [
      ['another DDO', otherDdo],
      ['another portal', otherPortal],
      ["Jalaun's admin", jalaunAdmin],
    ] as const) {
      await expectSameAsMadeUp(
        `card as ${who}`,
        () => send('GET', `/v1/cards/${cardNumber}`, token),
        () => send('GET', `/v1/cards/${madeUp.card}`, token),
      );
    }
    // Revocation is a state admin's alone: the card's own district admin, its DDO and its portal are refused, and
    // the card stays valid; the public check by number needs no token and tells only the card's state.
    const lucknowAdmin = await sign({ roles: ['district-admin'], districts: ['Lucknow'] }, 'admin-lucknow');
    const ownDdo = await sign({ roles: ['ddo'], ddo_codes: ['DDO-LKO-0001'] }, 'ddo-lko-0001');
    for (const token of [lucknowAdmin, ownDdo, stack.env.endpoints.tokens.portal]) {
      expect((await send('POST', `/v1/admin/cards/${cardNumber}/revocation`, token, { reasonCode: 'FRAUD' })).status).toBe(403);
      expect((await send('DELETE', `/v1/admin/cards/${cardNumber}/revocation`, token, {})).status).toBe(403);
    }
    const publicCheck = await send('GET', `/v1/cards/${cardNumber}/status`, undefined);
    expect(publicCheck.body).toMatchObject({ cardNumber, status: 'VALID' });
    expect(publicCheck.body).not.toHaveProperty('registrationId');
    const events = (await driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body.events as {
      why: string;
    }[];
    expect(events.map((event) => event.why)).not.toContain('CARD_REVOKED');
    expect((await driver.view(registrationId, 'state-admin')).body.card).toMatchObject({ status: 'VALID' });
  });

  it("Jalaun's admin reads nothing of Lucknow's: registration, import, campaign (its targets and trend), execution, anomaly, camp, attention", async () => {
    const { driver } = stack;
    const jalaunAdmin = await sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'admin-jalaun');
    const jalaunOperator = await sign({ roles: ['operator'], districts: ['Jalaun'] }, 'operator-jalaun');
    const jalaunVerifier = await sign({ roles: ['verifier'], districts: ['Jalaun'] }, 'verifier-jalaun');

    // Lucknow's records: a registration (and its execution), an import, a campaign, an anomaly.
    const { registrationId } = await pendingWithDdo(6);
    const rosters = rosterClient(stack.env);
    const key = `rosters/pmjay/Lucknow/ration-card-families/matrix-${randomUUID().slice(0, 8)}.csv`;
    await rosters.upload(
      key,
      'Ration Card No,Member ID,Name,Gender,Year of Birth,Block,District\nUPMX0001,01,Ram Prasad,M,1970,Mal,Lucknow\n',
    );
    const { importId } = await rosters.finished('Lucknow', key);
    rosters.close();
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: {
        name: `Matrix drive ${randomUUID().slice(0, 6)}`,
        scheme: 'pmjay',
        districts: ['Lucknow'],
        startDate: '2026-01-01',
        endDate: '2026-12-31',
      },
    });
    expect(campaign.status).toBe(201);
    const campaignId = String(campaign.body.campaignId);
    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const camp = await driver.call('POST', '/v1/admin/camps', {
      role: 'district-admin',
      idempotencyKey: randomUUID(),
      body: {
        campaignId,
        name: 'Matrix camp',
        placeKind: 'pds-shop',
        address: 'Ration shop, Mal',
        district: 'Lucknow',
        block: 'Mal',
        startsOn: today,
        endsOn: today,
        opensAt: '10:00',
        closesAt: '16:00',
        nodalOfficer: { name: 'Nodal Officer', mobile: driver.newMobile() },
        operators: ['operator-of-another-camp'],
        catchment: { villages: ['Nagwa'] },
      },
    });
    expect(camp.status, JSON.stringify(camp.body)).toBe(201);
    const campId = String(camp.body.campId);
    const shared = await driver.familiesOnOneMobile([0, 1, 2, 3], (index) => `Matrix Parivar ${index}`);
    const anomalyId = await eventually('the shared mobile listed', async () => {
      const listed = await driver.call('GET', '/v1/admin/anomalies?kind=shared-mobile', { role: 'district-admin' });
      return (listed.body.items as { anomalyId: string; subject: string }[]).find((item) => item.subject === `******${shared.slice(-4)}`)
        ?.anomalyId;
    });
    await eventually('the execution in the ledger', async () =>
      (await driver.call('GET', `/v1/admin/executions/registration/${registrationId}`, { role: 'district-admin' })).status === 200
        ? true
        : undefined,
    );
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = await auditLength(registrationId);

    const pairs: [string, string, string, unknown?][] = [
      ['GET', `/v1/registrations/${registrationId}`, `/v1/registrations/${madeUp.uuid}`],
      ['GET', `/v1/registrations/${registrationId}/audit`, `/v1/registrations/${madeUp.uuid}/audit`],
      [
        'POST',
        `/v1/admin/registrations/${registrationId}/migrate`,
        `/v1/admin/registrations/${madeUp.uuid}/migrate`,
        { district: 'Jalaun', note: 'Pulled across districts' },
      ],
      [
        'POST',
        `/v1/registrations/${registrationId}/blocker-fixed`,
        `/v1/registrations/${madeUp.uuid}/blocker-fixed`,
        { blocker: 'other', note: 'nothing was blocked' },
      ],
      ['GET', `/v1/admin/imports/${importId}`, `/v1/admin/imports/${madeUp.importId}`],
      ['GET', `/v1/admin/imports/${importId}/rejects`, `/v1/admin/imports/${madeUp.importId}/rejects`],
      ['GET', `/v1/admin/campaigns/${campaignId}`, `/v1/admin/campaigns/${madeUp.campaign}`],
      [
        'GET',
        `/v1/admin/campaigns/${campaignId}/progress?district=Lucknow`,
        `/v1/admin/campaigns/${madeUp.campaign}/progress?district=Lucknow`,
      ],
      [
        'GET',
        `/v1/admin/campaigns/${campaignId}/worklist?district=Lucknow&block=Mal`,
        `/v1/admin/campaigns/${madeUp.campaign}/worklist?district=Lucknow&block=Mal`,
      ],
      [
        'GET',
        `/v1/admin/campaigns/${campaignId}/people?district=Lucknow&key=started`,
        `/v1/admin/campaigns/${madeUp.campaign}/people?district=Lucknow&key=started`,
      ],
      [
        'GET',
        `/v1/admin/campaigns/${campaignId}/reports/daily?date=${yesterday}`,
        `/v1/admin/campaigns/${madeUp.campaign}/reports/daily?date=${yesterday}`,
      ],
      [
        'PUT',
        `/v1/admin/campaigns/${campaignId}/targets`,
        `/v1/admin/campaigns/${madeUp.campaign}/targets`,
        { district: 'Lucknow', saturationPercent: 80, endsOn: '2026-12-31' },
      ],
      ['GET', `/v1/admin/campaigns/${campaignId}/trend?district=Lucknow`, `/v1/admin/campaigns/${madeUp.campaign}/trend?district=Lucknow`],
      [
        'GET',
        `/v1/admin/campaigns/${campaignId}/categories?district=Lucknow`,
        `/v1/admin/campaigns/${madeUp.campaign}/categories?district=Lucknow`,
      ],
      ['GET', `/v1/admin/attention?campaignId=${campaignId}`, `/v1/admin/attention?campaignId=${madeUp.campaign}`],
      ['GET', `/v1/admin/executions/registration/${registrationId}`, `/v1/admin/executions/registration/${madeUp.uuid}`],
      [
        'POST',
        `/v1/admin/executions/registration/${registrationId}/stop`,
        `/v1/admin/executions/registration/${madeUp.uuid}/stop`,
        { reason: 'Stopped from another district' },
      ],
      ['POST', `/v1/admin/executions/registration/${registrationId}/redrive`, `/v1/admin/executions/registration/${madeUp.uuid}/redrive`],
      ['GET', `/v1/admin/camps/${campId}`, `/v1/admin/camps/${madeUp.campaign}`],
      ['GET', `/v1/admin/camps/${campId}/outcome?format=csv`, `/v1/admin/camps/${madeUp.campaign}/outcome?format=csv`],
      ['GET', `/v1/admin/camps/${campId}/targets?state=all`, `/v1/admin/camps/${madeUp.campaign}/targets?state=all`],
      ['GET', `/v1/admin/camps/${campId}/follow-up.csv`, `/v1/admin/camps/${madeUp.campaign}/follow-up.csv`],
      ['POST', `/v1/admin/camps/${campId}/invitations`, `/v1/admin/camps/${madeUp.campaign}/invitations`],
      ['POST', `/v1/camps/${campId}/check-ins`, `/v1/camps/${madeUp.campaign}/check-ins`, { personKey: 'rc:UPMX0001:01' }],
      ['GET', `/v1/camps/${campId}/queue`, `/v1/camps/${madeUp.campaign}/queue`],
      ['GET', `/v1/admin/anomalies/${anomalyId}`, `/v1/admin/anomalies/${madeUp.anomaly}`],
      [
        'POST',
        `/v1/admin/anomalies/${anomalyId}/review`,
        `/v1/admin/anomalies/${madeUp.anomaly}/review`,
        { outcome: 'explained', note: 'Reviewed from another district' },
      ],
    ];
    for (const [method, real, invented, body] of pairs) {
      await expectSameAsMadeUp(
        `${method} ${real}`,
        () => send(method, real, jalaunAdmin, body),
        () => send(method, invented, jalaunAdmin, body),
      );
    }
    for (const [who, token] of [
      ['operator', jalaunOperator],
      ['verifier', jalaunVerifier],
    ] as const) {
      await expectSameAsMadeUp(
        `read as Jalaun's ${who}`,
        () => send('GET', `/v1/registrations/${registrationId}`, token),
        () => send('GET', `/v1/registrations/${madeUp.uuid}`, token),
      );
    }
    // A camp's desk: Jalaun's operator, and Lucknow's own operator not named on the camp, get what a made-up camp gets.
    for (const [who, token] of [
      ["Jalaun's operator", jalaunOperator],
      ["Lucknow's operator not on the camp", stack.env.endpoints.tokens.operator],
    ] as const) {
      await expectSameAsMadeUp(
        `check-in as ${who}`,
        () => send('POST', `/v1/camps/${campId}/check-ins`, token, { personKey: 'rc:UPMX0001:01' }),
        () => send('POST', `/v1/camps/${madeUp.campaign}/check-ins`, token, { personKey: 'rc:UPMX0001:01' }),
      );
      await expectSameAsMadeUp(
        `queue as ${who}`,
        () => send('GET', `/v1/camps/${campId}/queue`, token),
        () => send('GET', `/v1/camps/${madeUp.campaign}/queue`, token),
      );
    }
    await expectSameAsMadeUp(
      "blocker fixed by Jalaun's operator",
      () => send('POST', `/v1/registrations/${registrationId}/blocker-fixed`, jalaunOperator, { blocker: 'other', note: 'x' }),
      () => send('POST', `/v1/registrations/${madeUp.uuid}/blocker-fixed`, jalaunOperator, { blocker: 'other', note: 'x' }),
    );

    // Lists of Jalaun's hold none of it; asking for Lucknow's lists is refused outright.
    const lists = await Promise.all(
      [
        '/v1/admin/imports',
        '/v1/admin/campaigns',
        '/v1/admin/executions?workflow=registration',
        '/v1/admin/anomalies',
        '/v1/admin/stuck',
        '/v1/admin/attention',
        '/v1/admin/camps',
      ].map((path) => send('GET', path, jalaunAdmin)),
    );
    for (const list of lists) expect(list.status).toBe(200);
    expect(JSON.stringify(lists.map((list) => list.body))).not.toMatch(
      new RegExp(`${registrationId}|${importId}|${campaignId}|${anomalyId}|${campId}`),
    );
    expect((await send('GET', '/v1/admin/imports?district=Lucknow', jalaunAdmin)).status).toBe(403);
    expect((await send('GET', '/v1/admin/attention?district=Lucknow', jalaunAdmin)).status).toBe(403);
    expect((await send('GET', '/v1/admin/camps?district=Lucknow', jalaunAdmin)).status).toBe(403);

    // Nothing moved: still pending, still Lucknow's, execution running, anomaly open.
    const view = await driver.view(registrationId, 'state-admin');
    expect(view.body).toMatchObject({ status: 'PENDING_APPROVAL', district: 'Lucknow' });
    expect(await auditLength(registrationId)).toBe(before);
    expect((await driver.call('GET', `/v1/admin/executions/registration/${registrationId}`, { role: 'district-admin' })).body.status).toBe(
      'RUNNING',
    );
    expect((await driver.call('GET', `/v1/admin/anomalies/${anomalyId}`, { role: 'district-admin' })).body.state).toBe('open');
  });

  it('an applicant bound to one registration, and a portal that did not start it, reach nothing of another', async () => {
    const { driver } = stack;
    const a = await pendingWithDdo(7);
    const identityB = driver.identity('success', 0);
    const { registrationId: registrationB } = await driver.startEmployee(await driver.seedEmployee(identityB), { channel: 'self' });
    const applicantOfB = await sign({ roles: ['applicant'], registration_id: registrationB }, `applicant-${registrationB}`);
    const otherPortal = await sign({ roles: ['portal'] }, 'portal-b');
    expect((await send('GET', `/v1/registrations/${registrationB}`, applicantOfB)).status).toBe(200);
    const before = await auditLength(a.registrationId);

    const actions: [string, string, unknown?][] = [
      ['GET', ''],
      ['POST', '/mobile-otp/verify', { otp: '123456' }],
      ['POST', '/mobile-otp/resend'],
      ['POST', '/ekyc', { aadhaarNumber: a.identity.aadhaarNumber, consent: driver.consent(), mode: 'otp' }],
      ['POST', '/ekyc/verify', { aadhaarNumber: a.identity.aadhaarNumber, otp: '123456' }],
      ['POST', '/dependents', { relation: 'spouse', name: 'Asha Devi', yearOfBirth: 1982, gender: 'F' }],
      ['POST', '/resubmit', { note: 'Corrected' }],
    ];
    for (const [who, token] of [
      ['the applicant of B', applicantOfB],
      ['another portal', otherPortal],
    ] as const) {
      for (const [method, suffix, body] of actions) {
        await expectSameAsMadeUp(
          `${method} …${suffix} as ${who}`,
          () => send(method, `/v1/registrations/${a.registrationId}${suffix}`, token, body),
          () => send(method, `/v1/registrations/${madeUp.uuid}${suffix}`, token, body),
        );
      }
    }
    await expectSameAsMadeUp(
      'audit as another portal',
      () => send('GET', `/v1/registrations/${a.registrationId}/audit`, otherPortal),
      () => send('GET', `/v1/registrations/${madeUp.uuid}/audit`, otherPortal),
    );
    expect((await driver.view(a.registrationId, 'state-admin')).body.status).toBe('PENDING_APPROVAL');
    expect(await auditLength(a.registrationId)).toBe(before);
  });

  it("another DDO and another district's admin reach nothing of a DDO's delegation or of Lucknow's approver directory", async () => {
    const { driver } = stack;
    const otherDdo = await sign({ roles: ['ddo'], ddo_codes: ['DDO-LKO-0002'] }, 'ddo-lko-0002');
    const jalaunAdmin = await sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'admin-jalaun');
    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const made = await driver.call('POST', '/v1/delegations', {
      role: 'ddo',
      body: { fromDdoCode: 'DDO-LKO-0001', toDdoCode: 'DDO-LKO-0005', startsOn: today, endsOn: today },
    });
    expect(made.status).toBe(201);
    const delegationId = String(made.body.delegationId);
    // DDO-LKO-0001 placed in Lucknow: Lucknow's admin may manage its delegations, Jalaun's may not.
    const entry = { name: 'A. K. Singh', mobile: driver.newMobile(), language: 'en', district: 'Lucknow' };
    expect((await send('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', jalaunAdmin, entry)).body.code).toBe('FORBIDDEN');
    expect((await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', { role: 'district-admin', body: entry })).status).toBe(200);
    expect((await send('GET', '/v1/admin/approvers?district=Lucknow', jalaunAdmin)).body.code).toBe('FORBIDDEN');

    for (const [who, token] of [
      ['another DDO', otherDdo],
      ["Jalaun's admin", jalaunAdmin],
    ] as const) {
      await expectSameAsMadeUp(
        `end the delegation as ${who}`,
        () => send('DELETE', `/v1/delegations/${delegationId}`, token),
        () => send('DELETE', `/v1/delegations/${madeUp.uuid}`, token),
      );
      expect((await send('GET', '/v1/delegations?ddoCode=DDO-LKO-0001', token)).body.code).toBe('FORBIDDEN');
    }
    const othersList = await send('GET', '/v1/delegations', otherDdo);
    expect(JSON.stringify(othersList.body)).not.toContain(delegationId);
    // Nothing moved: still active, then ended by Lucknow's admin.
    const mine = await driver.call('GET', '/v1/delegations', { role: 'ddo' });
    expect(
      (mine.body.given as { delegationId: string; active: boolean }[]).find((item) => item.delegationId === delegationId)?.active,
    ).toBe(true);
    expect((await driver.call('DELETE', `/v1/delegations/${delegationId}`, { role: 'district-admin' })).body.state).toBe('ended');
  });
  it("a field worker reaches only the people they answer for, and another district's admin cannot reassign Lucknow's people", async () => {
    const { driver } = stack;
    const jalaunAdmin = await sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'admin-jalaun-field');
    const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Matrix field drive', scheme: 'pmjay', districts: ['Lucknow'], startDate: today, endDate: today },
    });
    expect(campaign.status).toBe(201);
    const campaignId = String(campaign.body.campaignId);
    // Two ASHAs of two villages of Mal; a family of the second's village, assigned to her.
    for (const [workerId, village] of [
      ['MX-ASHA-A', 'Aurawan'],
      ['MX-ASHA-B', 'Bhitauli'],
    ] as const) {
      const body = {
        name: `ASHA ${village}`,
        role: 'asha',
        department: 'Health',
        district: 'Lucknow',
        block: 'Mal',
        mobile: driver.newMobile(),
        segment: { kind: 'village', values: [village] },
      };
      expect((await send('PUT', `/v1/admin/field-force/workers/${workerId}`, jalaunAdmin, body)).body.code).toBe('FORBIDDEN');
      expect((await driver.call('PUT', `/v1/admin/field-force/workers/${workerId}`, { role: 'district-admin', body })).status).toBe(200);
    }
    await driver.seedPerson({
      scheme: 'pmjay',
      personId: 'rc:MX01:01',
      rosterType: 'ration-card-families',
      name: 'Matrix Person',
      gender: 'F',
      district: 'Lucknow',
      block: 'Mal',
      village: 'Bhitauli',
      rationCardNumber: 'MX01',
      memberId: '01',
      status: 'active',
    });
    const reassigned = await driver.call('PUT', '/v1/admin/people/rc:MX01:01/responsible', {
      role: 'district-admin',
      body: { campaignId, workerId: 'MX-ASHA-B' },
    });
    expect(reassigned.status).toBe(200);
    const ashaA = await sign({ roles: ['field-worker'], districts: 'Lucknow', worker_id: 'MX-ASHA-A' }, 'mx-asha-a');
    await expectSameAsMadeUp(
      "visit another worker's person",
      () => send('POST', '/v1/field/visits', ashaA, { campaignId, personKey: 'rc:MX01:01', outcome: 'refused' }),
      () => send('POST', '/v1/field/visits', ashaA, { campaignId, personKey: 'rc:MX99:01', outcome: 'refused' }),
    );
    const list = await send('GET', `/v1/field/worklist?campaignId=${campaignId}`, ashaA);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain('MX01');
    // A token naming no worker on the roster: nothing, as for no worker.
    const nobody = await sign({ roles: ['field-worker'], districts: 'Lucknow', worker_id: 'MX-NOBODY' }, 'mx-nobody');
    expect((await send('GET', `/v1/field/worklist?campaignId=${campaignId}`, nobody)).body.code).toBe('WORKER_NOT_FOUND');
    // Registering someone of another segment: refused by name (the worker may know the person is on the roster).
    const outside = await send('POST', '/v1/registrations', ashaA, {
      scheme: 'pmjay',
      mobile: driver.newMobile(),
      roster: { rosterType: 'ration-card-families', rationCardNumber: 'MX01', memberId: '01' },
      channel: 'camp',
    });
    expect(outside).toMatchObject({ status: 403, body: { code: 'OUT_OF_SEGMENT' } });
    await expectSameAsMadeUp(
      "reassign as Jalaun's admin",
      () => send('PUT', '/v1/admin/people/rc:MX01:01/responsible', jalaunAdmin, { campaignId, workerId: 'MX-ASHA-A' }),
      () => send('PUT', '/v1/admin/people/rc:MX99:01/responsible', jalaunAdmin, { campaignId, workerId: 'MX-ASHA-A' }),
    );
    expect((await send('GET', `/v1/admin/field-force/progress?campaignId=${campaignId}&district=Lucknow`, jalaunAdmin)).body.code).toBe(
      'CAMPAIGN_NOT_FOUND',
    );
  });
});
