// The approvers' inbox on the embedded stack: real registrations driven through the API to PENDING_APPROVAL, then
// the inbox searched (names in English and Devanagari, employee id, ration card number), filtered and counted, and
// one case opened. Expected values come from the roster rows fed in (built as a department's export gives them)
// and the e-KYC simulator's identities, never from the code under test.
import { describe, expect, it } from 'vitest';
import pmjay from '../../functions/core/schemes/pmjay.json' with { type: 'json' };
import type { Person } from '../../functions/core/person.js';
import { employeeMatching } from '../../local/roster-people.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';

const stack = useRegistrationStack();

interface Item {
  taskId: string;
  registrationId: string;
  createdAt: string;
  daysWaiting: number;
  overdue: boolean;
  routine: boolean;
  summary: Record<string, unknown>;
}
interface InboxPage {
  items: Item[];
  cursor?: string;
  counts: { total: number; routine: number; mismatch: number; overdue: number; byAge: Record<string, number>; complete: boolean };
}

const inbox = async (token: string, query = '') => {
  const answer = await stack.driver.call('GET', `/v1/approvals?limit=100${query}`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as unknown as InboxPage;
};

/** An employee row as a Lucknow department's roster export gives it, its DDO a code of the test's own. */
const employeeRow = (
  identity: SimulatedIdentity,
  row: { employeeId: string; ddoCode: string; office: string },
  overrides: Partial<Person> = {},
): Person => ({
  ...employeeMatching(identity, row.employeeId),
  department: 'Basic Education',
  designation: 'Assistant Teacher',
  office: row.office,
  ddoCode: row.ddoCode,
  ...overrides,
});

/** Registered by a portal, mobile and e-KYC verified: waiting on its approver. */
const toPendingApproval = async (employeeId: string, identity: SimulatedIdentity) => {
  const { driver } = stack;
  const { registrationId, mobile } = await driver.startEmployee(employeeId);
  expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
  expect((await driver.ekycByOtp(registrationId, identity)).body.status).toBe('EKYC_VERIFIED');
  await driver.waitForStatus(registrationId, 'PENDING_APPROVAL');
  return registrationId;
};

describe("a DDO's inbox", () => {
  it('lists the DDO’s cases oldest first with days waiting; searches by name in Hindi and English, employee id; filters and counts', async () => {
    const { driver } = stack;
    const ddoCode = 'DDO-LKO-0417';
    const token = await stack.env.stack.issuer.sign({ roles: ['ddo'], ddo_codes: ddoCode }, 'ddo-lko-0417');
    const [ramesh, sunita, irfan] = [0, 1, 2].map((index) => driver.identity('success', index)) as SimulatedIdentity[];
    const rajendra = driver.identity('name-mismatch');
    const rows = [
      { identity: ramesh as SimulatedIdentity, employeeId: 'UPBE0417001', office: 'BSA Office Lucknow' },
      { identity: sunita as SimulatedIdentity, employeeId: 'UPBE0417002', office: 'BSA Office Lucknow' },
      { identity: irfan as SimulatedIdentity, employeeId: 'UPBE0417003', office: 'Block Resource Centre Sarojini Nagar' },
      // The roster has another surname than Aadhaar: a case to compare, not a routine one.
      {
        identity: rajendra,
        employeeId: 'UPBE0417004',
        office: 'Block Resource Centre Sarojini Nagar',
        overrides: { name: 'Rajendra Prasad Tiwari', nameLocal: 'राजेन्द्र प्रसाद तिवारी' },
      },
    ];
    for (const row of rows) await driver.seedPerson(employeeRow(row.identity, { ...row, ddoCode }, row.overrides));
    // One after another: their createdAt order is the order the inbox must keep.
    const registrationIds: string[] = [];
    for (const row of rows) registrationIds.push(await toPendingApproval(row.employeeId, row.identity));

    const all = await eventually('all four in the DDO’s inbox', async () => {
      const page = await inbox(token);
      return page.items.length === 4 ? page : undefined;
    });
    expect(all.items.map((item) => item.registrationId)).toEqual(registrationIds);
    // All four opened today, none past its SLA; one to compare.
    expect([all.counts.total, all.counts.routine, all.counts.mismatch, all.counts.overdue, all.counts.complete]).toEqual([
      4,
      3,
      1,
      0,
      true,
    ]);
    expect(all.counts.byAge).toEqual({ d0_1: 4, d2_3: 0, d4_7: 0, d8_plus: 0 });
    for (const [index, item] of all.items.entries()) {
      const row = rows[index] as (typeof rows)[number];
      expect(item).toMatchObject({ daysWaiting: 0, overdue: false, routine: row.overrides === undefined });
      expect(item.summary).toMatchObject({ employeeId: row.employeeId, department: 'Basic Education', office: row.office, ddoCode });
    }

    const found = async (query: string) => (await inbox(token, query)).items.map((item) => item.registrationId);
    // Names as e-KYC gives them and as the roster does, in either script, any case, any part.
    expect(await found(`&q=${encodeURIComponent('सुनीता')}`)).toEqual([registrationIds[1]]);
    expect(await found(`&q=${encodeURIComponent('irfan ANSARI')}`)).toEqual([registrationIds[2]]);
    expect(await found(`&q=${encodeURIComponent('तिवारी')}`)).toEqual([registrationIds[3]]);
    expect(await found(`&q=${encodeURIComponent('Dubey')}`)).toEqual([registrationIds[3]]);
    expect(await found('&q=upbe0417001')).toEqual([registrationIds[0]]);
    expect(await found('&q=0417')).toEqual(registrationIds);
    expect(await found(`&q=${encodeURIComponent('Nobody Of That Name')}`)).toEqual([]);

    const routine = await inbox(token, '&kind=routine');
    expect(routine.items.map((item) => item.registrationId)).toEqual(registrationIds.slice(0, 3));
    expect(routine.counts).toMatchObject({ total: 3, routine: 3, mismatch: 0 });
    const mismatch = await inbox(token, '&kind=mismatch');
    expect(mismatch.items.map((item) => item.registrationId)).toEqual([registrationIds[3]]);
    expect((await inbox(token, '&scheme=up-sects')).counts.total).toBe(4);
    expect((await inbox(token, '&scheme=pmjay')).counts.total).toBe(0);

    // Pages of two: together the whole queue in order, each page with the counts of all.
    const first = await inbox(token, '&limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.counts.total).toBe(4);
    const second = await stack.driver.call('GET', `/v1/approvals?limit=2&cursor=${first.cursor}`, { token });
    expect([...first.items, ...(second.body.items as Item[])].map((item) => item.registrationId)).toEqual(registrationIds);
    expect(second.body.cursor).toBeUndefined();
    const bad = await stack.driver.call('GET', '/v1/approvals?cursor=bm90LW91cnM', { token });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'INVALID_CURSOR' });

    // The case view of a routine case: the roster row and e-KYC agree, the photo the simulator gives is there.
    const opened = await stack.driver.call('GET', `/v1/approvals/${all.items[0]?.taskId}`, { token });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      roster: { name: ramesh?.name, nameLocal: ramesh?.nameLocal, employeeId: 'UPBE0417001', office: 'BSA Office Lucknow', ddoCode },
      ekyc: { name: ramesh?.name, nameLocal: ramesh?.nameLocal, yearOfBirth: ramesh?.yearOfBirth, gender: ramesh?.gender },
      differences: [],
      nameMatch: { score: 1, explanation: ['SAME_NAME'] },
      photo: { available: true },
    });
    // The Lucknow DDO of the development tokens holds DDO-LKO-0001: this case is not theirs, and is not found.
    const notTheirs = await stack.driver.call('GET', `/v1/approvals/${all.items[0]?.taskId}`, { role: 'ddo' });
    expect({ status: notTheirs.status, code: notTheirs.body.code }).toEqual({ status: 404, code: 'APPROVAL_NOT_FOUND' });
    expect((await inbox(stack.env.stack.endpoints.tokens.ddo as string)).items.map((item) => item.registrationId)).not.toContain(
      registrationIds[0],
    );

    // Ramesh declares his wife a year off Aadhaar's (within up-sects' tolerance): her case is the DDO's to compare.
    const wife = driver.identity('success', 3);
    const wifeMobile = driver.newMobile();
    const declared = await driver.call('POST', `/v1/registrations/${registrationIds[0]}/dependents`, {
      idempotencyKey: `inbox-wife-${registrationIds[0]}`,
      body: {
        relation: 'spouse',
        name: wife.name,
        nameLocal: wife.nameLocal,
        yearOfBirth: wife.yearOfBirth + 1,
        gender: wife.gender,
        mobile: wifeMobile,
      },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(202);
    const wifeId = String(declared.body.registrationId);
    expect((await driver.verifyMobile(wifeId, wifeMobile)).status).toBe(200);
    expect((await driver.ekycByOtp(wifeId, wife)).body.status).toBe('EKYC_VERIFIED');
    const wifeTask = await eventually('her case in the DDO’s inbox', async () =>
      (await inbox(token, '&kind=mismatch')).items.find((item) => item.registrationId === wifeId),
    );
    const wifeCase = await driver.call('GET', `/v1/approvals/${wifeTask.taskId}`, { token });
    expect(wifeCase.body).toMatchObject({
      routine: false,
      // The declaration is her roster side; the office and ids are her husband's, from his roster row.
      roster: {
        name: wife.name,
        nameLocal: wife.nameLocal,
        yearOfBirth: wife.yearOfBirth + 1,
        gender: wife.gender,
        relation: 'spouse',
        employeeId: 'UPBE0417001',
        office: 'BSA Office Lucknow',
        ddoCode,
      },
      ekyc: { name: wife.name, yearOfBirth: wife.yearOfBirth },
      differences: ['yearOfBirth'],
      nameMatch: { score: 1, explanation: ['SAME_NAME'] },
      family: [{ registrationId: registrationIds[0], name: ramesh?.name, status: 'PENDING_APPROVAL' }],
    });
  });
});

describe("a verifier's mismatch case", () => {
  it('shows the ration-card row and the e-KYC side by side, what differs, the name match explained, the family and the timeline', async () => {
    const { driver } = stack;
    const rajendra = driver.identity('name-mismatch');
    const sunita = driver.identity('success', 1);
    // A ration card as the NFSA list gives it: the head under another surname and birth year than Aadhaar's.
    const rationCardNumber = `2150${Date.now().toString().slice(-8)}`;
    const headRow: Person = {
      scheme: 'pmjay',
      personId: `rc:${rationCardNumber}:01`,
      rosterType: 'ration-card-families',
      name: 'Rajendra Prasad Tiwari',
      nameLocal: 'राजेन्द्र प्रसाद तिवारी',
      yearOfBirth: 1962,
      gender: 'M',
      district: 'Lucknow',
      block: 'Mohanlalganj',
      village: 'Nigohan',
      rationCardNumber,
      memberId: '01',
      relation: 'head',
      headOfFamily: true,
      status: 'active',
    };
    await driver.seedPerson(headRow);
    await driver.seedPerson({
      ...headRow,
      personId: `rc:${rationCardNumber}:02`,
      name: sunita.name,
      ...(sunita.nameLocal === undefined ? {} : { nameLocal: sunita.nameLocal }),
      yearOfBirth: sunita.yearOfBirth,
      gender: sunita.gender,
      memberId: '02',
      relation: 'spouse',
      headOfFamily: false,
    });
    const mobile = driver.newMobile();
    const started = await driver.start({
      scheme: 'pmjay',
      mobile,
      roster: { rosterType: 'ration-card-families', rationCardNumber, memberId: '01' },
      channel: 'camp',
    });
    expect(started.status).toBe(202);
    const headId = String(started.body.registrationId);
    expect((await driver.verifyMobile(headId, mobile)).status).toBe(200);
    expect((await driver.ekycByOtp(headId, rajendra)).body.status).toBe('EKYC_VERIFIED');
    const task = await driver.approvalFor(headId, 'verifier');
    // The spouse matches Aadhaar: PM-JAY issues her card without a person.
    const spouseMobile = driver.newMobile();
    const added = await driver.call('POST', `/v1/registrations/${headId}/dependents`, {
      idempotencyKey: `inbox-spouse-${headId}`,
      body: { memberId: '02', mobile: spouseMobile },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(202);
    const spouseId = String(added.body.registrationId);
    expect((await driver.verifyMobile(spouseId, spouseMobile)).status).toBe(200);
    expect((await driver.ekycByOtp(spouseId, sunita)).body.status).toBe('EKYC_VERIFIED');
    await driver.waitForStatus(spouseId, 'CARD_ISSUED');

    const opened = await driver.call('GET', `/v1/approvals/${task.taskId}`, { role: 'verifier' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const view = opened.body as Record<string, unknown> & {
      differences: string[];
      nameMatch: { score: number; explanation: string[] };
      timeline: { event: string; status: string }[];
    };
    expect(view.roster).toEqual({
      name: 'Rajendra Prasad Tiwari',
      nameLocal: 'राजेन्द्र प्रसाद तिवारी',
      yearOfBirth: 1962,
      gender: 'M',
      relation: 'head',
      rationCardNumber,
    });
    expect(view.ekyc).toEqual({
      name: rajendra.name,
      nameLocal: rajendra.nameLocal,
      yearOfBirth: rajendra.yearOfBirth,
      gender: rajendra.gender,
    });
    expect([...view.differences].sort()).toEqual(['name', 'nameLocal', 'yearOfBirth']);
    // Dubey and Tiwari are two surnames; the scheme's own threshold is not reached.
    expect(view.nameMatch.explanation).toContain('DIFFERENT_SURNAME');
    expect(view.nameMatch.score).toBeLessThan(pmjay.nameMatch.nameScore);
    expect(view).toMatchObject({ routine: false, photo: { available: true }, summary: { rationCardNumber } });
    expect(view.family).toEqual([{ registrationId: spouseId, name: sunita.name, relation: 'spouse', status: 'CARD_ISSUED' }]);
    // The timeline is the registration's audit trail, as the audit route gives it.
    const audit = await driver.call('GET', `/v1/registrations/${headId}/audit`, { role: 'state-admin' });
    const events = audit.body.events as { why: string; to: string }[];
    expect(view.timeline.map((event) => [event.event, event.status])).toEqual(events.map((event) => [event.why, event.to]));
    expect(view.timeline.at(-1)).toMatchObject({ event: 'MATCH_NEEDS_REVIEW', status: 'PENDING_APPROVAL' });

    // Found by ration card number and by the roster's Hindi name.
    const verifierToken = stack.env.stack.endpoints.tokens.verifier as string;
    expect((await inbox(verifierToken, `&q=${rationCardNumber}`)).items.map((item) => item.taskId)).toEqual([task.taskId]);
    expect(
      (await inbox(verifierToken, `&q=${encodeURIComponent('राजेन्द्र प्रसाद तिवारी')}&scheme=pmjay`)).items.map((item) => item.taskId),
    ).toEqual([task.taskId]);

    // Another district's verifier gets what a made-up task id gets.
    const jalaun = await stack.env.stack.issuer.sign({ roles: ['verifier'], districts: 'Jalaun' }, 'verifier-jalaun');
    const [real, madeUp] = await Promise.all([
      driver.call('GET', `/v1/approvals/${task.taskId}`, { token: jalaun }),
      driver.call('GET', '/v1/approvals/A-00000000-0000-4000-8000-000000000000', { token: jalaun }),
    ]);
    expect({ status: real.status, code: real.body.code }).toEqual({ status: 404, code: 'APPROVAL_NOT_FOUND' });
    expect({ status: madeUp.status, code: madeUp.body.code }).toEqual({ status: 404, code: 'APPROVAL_NOT_FOUND' });

    // Settled from the case view: the timeline then shows who approved.
    expect(
      (await driver.decide(task.taskId, 'verifier', { decision: 'approve', note: 'Same person: surname changed, ration card checked' }))
        .status,
    ).toBe(200);
    const after = await driver.call('GET', `/v1/approvals/${task.taskId}`, { role: 'verifier' });
    expect((after.body.timeline as { event: string; by: string }[]).some((event) => event.event === 'APPROVED_BY_VERIFIER')).toBe(true);
  });
});
