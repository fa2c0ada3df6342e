// Campaigns and their progress on the embedded stack: an employees roster imported through S3 gives the
// eligible population; 21 registrations driven at once through the HTTP API to different ends; the progress
// API's figures reconciled, block by block and DDO by DDO, against the registrations read back one by one.
import { describe, expect, it } from 'vitest';
import type { DistrictProgress, PlaceProgress as Place } from '../../functions/core/use-cases/campaigns.js';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';
import { employeesCsv, rosterClient, type Employee } from '../support/rosters.js';
import { countedSince } from '../support/progress.js';

const stack = useRegistrationStack();

interface Progress {
  asOf: string | null;
  today: string;
  total: Place;
  districts: DistrictProgress[];
}

const campaignBody = {
  name: 'Lucknow employees drive, December',
  scheme: 'up-sects',
  districts: ['Lucknow'],
  startDate: '2026-11-01',
  endDate: '2026-12-31',
};

describe('campaign progress, exact under concurrent registrations', () => {
  it('counts every registration where it is, and the figures equal the registrations read back', async () => {
    const { driver } = stack;
    const success = Array.from({ length: 8 }, (_, index) => driver.identity('success', index));
    const generic = (index: number): Employee => ({
      employeeId: `CP-${String(index).padStart(3, '0')}`,
      name: `Karmchari ${index}`,
      gender: 'M',
      yearOfBirth: 1980,
      block: index % 2 === 0 ? 'Mal' : 'Sarojini Nagar',
      ddoCode: 'DDO-LKO-0002',
    });
    // Eight employees who match the simulator's people (approved by DDO-LKO-0001), 22 others over two blocks.
    const employees: Employee[] = [
      ...success.map((identity, index) => ({
        employeeId: `CP-${String(index + 1).padStart(3, '0')}`,
        name: identity.name,
        gender: identity.gender,
        yearOfBirth: identity.yearOfBirth,
        block: 'Sarojini Nagar',
        ddoCode: 'DDO-LKO-0001',
      })),
      ...Array.from({ length: 22 }, (_, index) => generic(index + 9)),
    ];
    const rosters = rosterClient(stack.env);
    const key = 'rosters/up-sects/Lucknow/employees/campaign-progress.csv';
    await rosters.upload(key, employeesCsv(employees));
    expect((await rosters.finished('Lucknow', key)).counts).toMatchObject({ inserted: 30, rejected: 0 });

    // A campaign: created once, the same again is the same campaign, the name with other terms is refused.
    const created = await driver.call('POST', '/v1/admin/campaigns', { role: 'district-admin', body: campaignBody });
    expect(created.status).toBe(201);
    const campaignId = String(created.body.campaignId);
    const again = await driver.call('POST', '/v1/admin/campaigns', { role: 'district-admin', body: campaignBody });
    expect(again).toMatchObject({ status: 200, body: { campaignId } });
    const clash = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { ...campaignBody, endDate: '2027-01-31' },
    });
    expect(clash).toMatchObject({ status: 409, body: { code: 'CAMPAIGN_EXISTS' } });
    // Counted as of the moment asked: every change made before it (the stream drained that far).
    const progressOf = (query = '') =>
      countedSince(async () => {
        const response = await driver.call('GET', `/v1/admin/campaigns/${campaignId}/progress${query}`, { role: 'district-admin' });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return response.body as unknown as Progress;
      });
    const before = await progressOf();
    expect(before.total).toMatchObject({ eligible: 30, started: 0, issued: 0, gap: { 'not-started': 30 }, saturationPercent: 0 });

    // 21 registrations at once, each driven to its own end.
    const begin = (employee: Employee) => driver.startEmployee(employee.employeeId, { channel: 'camp' });
    const throughEkyc = async (employee: Employee, identity: SimulatedIdentity) => {
      const { registrationId, mobile } = await begin(employee);
      expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
      await driver.ekycByOtp(registrationId, identity);
      return registrationId;
    };
    const decided = async (employee: Employee, identity: SimulatedIdentity, decision: Record<string, unknown> | undefined) => {
      const registrationId = await throughEkyc(employee, identity);
      const task = await driver.approvalFor(registrationId, 'ddo');
      if (decision !== undefined) expect((await driver.decide(task.taskId, 'ddo', decision)).status).toBe(200);
      return driver.waitForStatus(
        registrationId,
        decision === undefined ? 'PENDING_APPROVAL' : decision.decision === 'approve' ? 'CARD_ISSUED' : 'REJECTED',
      );
    };
    const blocked = async (employee: Employee, identity: SimulatedIdentity) =>
      driver.waitForStatus(await throughEkyc(employee, identity), 'EKYC_BLOCKED');
    const otpSent = async (employee: Employee) => driver.waitForStatus((await begin(employee)).registrationId, 'MOBILE_OTP_SENT');
    const mobileVerified = async (employee: Employee) => {
      const { registrationId, mobile } = await begin(employee);
      expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
      return driver.waitForStatus(registrationId, ['MOBILE_VERIFIED', 'EKYC_PENDING']);
    };
    const at = (index: number) => employees[index - 1] as Employee;
    const runs = await Promise.all([
      ...[1, 2, 3, 4, 5].map((n) => decided(at(n), success[n - 1] as SimulatedIdentity, { decision: 'approve' })),
      ...[6, 7].map((n) => decided(at(n), success[n - 1] as SimulatedIdentity, undefined)),
      decided(at(8), success[7] as SimulatedIdentity, { decision: 'reject', reasonCode: 'NOT_AN_EMPLOYEE' }),
      ...[9, 10, 11, 12].map((n) => blocked(at(n), driver.identity('mobile-not-linked'))),
      ...[13, 14].map((n) => blocked(at(n), driver.identity('aadhaar-cancelled'))),
      ...[15, 16, 17, 18].map((n) => otpSent(at(n))),
      ...[19, 20, 21].map((n) => mobileVerified(at(n))),
    ]);
    expect(runs).toHaveLength(21);

    // A person with a registration under way cannot start a second one.
    const second = await driver.start({
      scheme: 'up-sects',
      mobile: driver.newMobile(),
      roster: { rosterType: 'employees', employeeId: at(15).employeeId },
      channel: 'camp',
    });
    expect(second).toMatchObject({ status: 409, body: { code: 'REGISTRATION_IN_PROGRESS' } });

    // The registrations as they are now, read back one by one: the reference the counts must equal.
    const statuses = await Promise.all(runs.map(async (run) => String((await driver.view(String(run.registrationId))).body.status)));
    const byEmployee = runs.map((_, index) => ({ employee: employees[index] as Employee, status: statuses[index] as string }));
    const count = (rows: typeof byEmployee, statusesOf: readonly string[]) => rows.filter((row) => statusesOf.includes(row.status)).length;
    const afterMobile = [
      'MOBILE_VERIFIED',
      'EKYC_PENDING',
      'EKYC_OTP_SENT',
      'EKYC_BLOCKED',
      'EKYC_VERIFIED',
      'PENDING_APPROVAL',
      'REJECTED',
      'APPROVED',
      'CARD_ISSUED',
    ];
    const afterEkyc = ['EKYC_VERIFIED', 'PENDING_APPROVAL', 'REJECTED', 'APPROVED', 'CARD_ISSUED'];
    const expectPlace = (place: Place | undefined, rows: typeof byEmployee, eligible: number) => {
      expect(place).toBeDefined();
      expect(place).toMatchObject({
        eligible,
        started: rows.length,
        mobileVerified: count(rows, afterMobile),
        ekycDone: count(rows, afterEkyc),
        pendingApproval: count(rows, ['PENDING_APPROVAL']),
        issued: count(rows, ['CARD_ISSUED']),
      });
    };

    const progress = await progressOf('?district=Lucknow');
    const lucknow = progress.districts[0];
    expectPlace(lucknow, byEmployee, 30);
    expect(lucknow).toMatchObject({
      started: 21,
      mobileVerified: 17,
      ekycDone: 8,
      pendingApproval: 2,
      pendingByAge: { '0-1 days': 2, '2-3 days': 0, '4-7 days': 0, 'over 7 days': 0 },
      issued: 5,
      blocked: { 'aadhaar-mobile-not-linked': 4, 'aadhaar-update-needed': 2, rejected: 1 },
      gap: {
        'not-started': 9,
        'mobile-unverified': 4,
        'ekyc-in-progress': 3,
        'aadhaar-mobile-not-linked': 4,
        'aadhaar-update-needed': 2,
        'awaiting-approval': 2,
        rejected: 1,
      },
      saturationPercent: 16.7,
      change: { started: 21, issued: 5, pendingApproval: 2 },
    });
    for (const block of ['Mal', 'Sarojini Nagar']) {
      const rows = byEmployee.filter((row) => row.employee.block === block);
      expectPlace(
        lucknow?.blocks.find((place) => place.name === block),
        rows,
        employees.filter((e) => e.block === block).length,
      );
    }
    for (const ddo of ['DDO-LKO-0001', 'DDO-LKO-0002']) {
      const rows = byEmployee.filter((row) => row.employee.ddoCode === ddo);
      expectPlace(
        lucknow?.ddos?.find((place) => place.name === ddo),
        rows,
        employees.filter((e) => e.ddoCode === ddo).length,
      );
    }
    expect(lucknow?.departments?.find((place) => place.name === 'Education')).toMatchObject({ eligible: 30, started: 21, issued: 5 });
    // The campaign's total is its districts'.
    expect((await progressOf()).total).toMatchObject({ eligible: 30, started: 21, issued: 5, saturationPercent: 16.7 });

    // The block's worklist: everyone eligible without a card, by the same reasons as the figures.
    const sarojini = lucknow?.blocks.find((place) => place.name === 'Sarojini Nagar') as Place;
    const worklistOf = (query: string) =>
      driver.call('GET', `/v1/admin/campaigns/${campaignId}/worklist?district=Lucknow&block=Sarojini%20Nagar${query}`, {
        role: 'district-admin',
      });
    const worklist = await worklistOf('');
    expect(worklist.status, JSON.stringify(worklist.body)).toBe(200);
    expect(worklist.body).toMatchObject({ people: sarojini.eligible - sarojini.issued, byReason: sarojini.gap });
    const bytes = Buffer.from(await (await fetch(String(worklist.body.url))).arrayBuffer());
    // A byte order mark first, so that Excel shows the Hindi columns.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.subarray(3).toString('utf8');
    expect(csv.startsWith('person id,name,name (Hindi)')).toBe(true);
    const lines = csv.trim().split('\n').slice(1);
    expect(lines).toHaveLength(sarojini.eligible - sarojini.issued);
    const lineOf = (employee: Employee) => lines.find((line) => line.startsWith(`emp:${employee.employeeId},`));
    expect(lineOf(at(1))).toBeUndefined(); // carded
    expect(lineOf(at(6))).toContain(',awaiting-approval,');
    expect(lineOf(at(23))).toContain(',not-started,');
    const notLinked = await worklistOf('&reason=aadhaar-mobile-not-linked');
    expect(notLinked.body).toMatchObject({
      people: sarojini.gap['aadhaar-mobile-not-linked'],
      byReason: { 'aadhaar-mobile-not-linked': sarojini.gap['aadhaar-mobile-not-linked'] },
    });
    expect(
      (await driver.call('GET', `/v1/admin/campaigns/${campaignId}/worklist?district=Jhansi&block=Mal`, { role: 'state-admin' })).body.code,
    ).toBe('DISTRICT_NOT_IN_CAMPAIGN');

    // The daily report for today: block by block the progress figures; for yesterday, before anyone started.
    const reportOf = (date: string) =>
      driver.call('GET', `/v1/admin/campaigns/${campaignId}/reports/daily?date=${date}`, { role: 'district-admin' });
    const daily = await reportOf(progress.today);
    expect(daily.status, JSON.stringify(daily.body)).toBe(200);
    const rows = daily.body.rows as Record<string, number | string>[];
    for (const block of lucknow?.blocks ?? []) {
      expect(rows.find((row) => row.block === block.name)).toMatchObject({
        district: 'Lucknow',
        eligible: block.eligible,
        issuedTillDate: block.issued,
        issuedOnDate: block.issued,
        startedTillDate: block.started,
        startedOnDate: block.started,
        pendingApproval: block.pendingApproval,
        aadhaarMobileNotLinked: block.gap['aadhaar-mobile-not-linked'] ?? 0,
        notStarted: block.gap['not-started'] ?? 0,
      });
    }
    expect(daily.body.total).toMatchObject({
      eligible: 30,
      issuedTillDate: 5,
      startedTillDate: 21,
      pendingApproval: 2,
      rejected: 1,
      saturationPercent: 16.7,
    });
    const dailyCsv = Buffer.from(await (await fetch(String(daily.body.csvUrl))).arrayBuffer())
      .subarray(3)
      .toString('utf8');
    expect(dailyCsv.split('\n')[0]).toContain('Cards till date / कुल कार्ड');
    expect(dailyCsv).toContain('Lucknow,Sarojini Nagar,');
    const pdf = Buffer.from(await (await fetch(String(daily.body.pdfUrl))).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const yesterday = new Date(Date.parse(`${progress.today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await reportOf(yesterday)).body.total).toMatchObject({
      eligible: 30,
      issuedTillDate: 0,
      startedTillDate: 0,
      pendingApproval: 0,
      notStarted: 30,
    });
    const tomorrow = new Date(Date.parse(`${progress.today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await reportOf(tomorrow)).body.code).toBe('DATE_IN_FUTURE');
  }, 240_000);

  it("lets admins see only their districts' campaigns, and nobody else in", async () => {
    const { driver } = stack;
    const jhansi = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { ...campaignBody, name: 'Jhansi drive', districts: ['Jhansi'] },
    });
    expect(jhansi).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const stateWide = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { ...campaignBody, name: 'Jhansi drive', districts: ['Jhansi'] },
    });
    expect(stateWide.status).toBe(201);
    const jhansiId = String(stateWide.body.campaignId);
    expect((await driver.call('GET', `/v1/admin/campaigns/${jhansiId}`, { role: 'district-admin' })).body.code).toBe('CAMPAIGN_NOT_FOUND');
    expect((await driver.call('GET', `/v1/admin/campaigns/${jhansiId}/progress`, { role: 'state-admin' })).status).toBe(200);
    const listed = await driver.call('GET', '/v1/admin/campaigns', { role: 'district-admin' });
    expect((listed.body.items as { campaignId: string }[]).map((item) => item.campaignId)).not.toContain(jhansiId);
    expect((await driver.call('GET', '/v1/admin/campaigns', { role: 'ddo' })).status).toBe(403);
    const wrongType = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { ...campaignBody, name: 'Ration cards', rosterTypes: ['ration-card-families'] },
    });
    expect(wrongType).toMatchObject({ status: 400, body: { code: 'WRONG_ROSTER_TYPE' } });
    const backwards = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'state-admin',
      body: { ...campaignBody, name: 'Backwards', endDate: '2026-10-01' },
    });
    expect(backwards).toMatchObject({ status: 400, body: { code: 'INVALID_DATES' } });
  });
});
