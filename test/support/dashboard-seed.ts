// A campaign with something in every view of the dashboard, made the way it happens in the field: an employees
// roster dropped into the roster bucket, a campaign created through the admin API, and registrations driven
// through the HTTP API to different ends — cards issued, pending with two DDOs, blocked at e-KYC, waiting for
// the mobile OTP, and one execution FAILED in IssueCard (the card SMS refused by DLT scrubbing).
import { expect } from 'vitest';
import type { RegistrationDriver, SimulatedIdentity } from './registration.js';
import { employeesCsv, rosterClient, type Employee, type ImportView } from './rosters.js';
import type { StackClient } from './stack.js';

export interface SeededCampaign {
  readonly campaignId: string;
  readonly rosterImport: ImportView;
  /** The registration whose execution failed in IssueCard, with its mobile (to read the card SMS later). */
  readonly failed: { readonly registrationId: string; readonly mobile: string };
  /** Registrations waiting for the mobile OTP. */
  readonly otpSent: readonly string[];
}

type Block = 'Mal' | 'Sarojini Nagar';

const rosterKey = 'rosters/up-sects/Lucknow/employees/dashboard-seed.csv';

export const seedDashboardCampaign = async (env: StackClient, driver: RegistrationDriver): Promise<SeededCampaign> => {
  const success = (index: number) => driver.identity('success', index);
  const person = (id: number, identity: SimulatedIdentity | undefined, block: Block, ddoCode = 'DDO-LKO-0001'): Employee => ({
    employeeId: `DB-${String(id).padStart(3, '0')}`,
    name: identity?.name ?? `Karmchari ${id}`,
    gender: identity?.gender ?? 'M',
    yearOfBirth: identity?.yearOfBirth ?? 1980,
    block,
    ddoCode,
  });
  const issued = [person(1, success(0), 'Sarojini Nagar'), person(2, success(1), 'Sarojini Nagar'), person(3, success(2), 'Mal')];
  const pending = [person(4, success(3), 'Sarojini Nagar'), person(5, success(4), 'Mal'), person(6, success(5), 'Mal', 'DDO-LKO-0002')];
  const failing = person(7, success(6), 'Sarojini Nagar');
  const blocked = [
    { employee: person(8, driver.identity('mobile-not-linked'), 'Mal'), identity: driver.identity('mobile-not-linked') },
    { employee: person(9, driver.identity('aadhaar-cancelled'), 'Sarojini Nagar'), identity: driver.identity('aadhaar-cancelled') },
  ];
  const otpSent = [person(10, undefined, 'Mal'), person(11, undefined, 'Sarojini Nagar')];
  const notStarted = [12, 13, 14, 15, 16, 17].map((id) =>
    person(id, undefined, id % 2 === 0 ? 'Mal' : 'Sarojini Nagar', id % 3 === 0 ? 'DDO-LKO-0002' : 'DDO-LKO-0001'),
  );
  const employees = [...issued, ...pending, failing, ...blocked.map((entry) => entry.employee), ...otpSent, ...notStarted];

  const rosters = rosterClient(env);
  await rosters.upload(rosterKey, employeesCsv(employees));
  const rosterImport = await rosters.finished('Lucknow', rosterKey);
  rosters.close();
  expect(rosterImport.counts).toMatchObject({ inserted: employees.length, rejected: 0 });

  const created = await driver.call('POST', '/v1/admin/campaigns', {
    role: 'district-admin',
    body: { name: 'Lucknow employees drive', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2027-03-31' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const campaignId = String(created.body.campaignId);

  const begin = (employee: Employee) => driver.startEmployee(employee.employeeId, { channel: 'camp' });
  const throughEkyc = async (employee: Employee, identity: SimulatedIdentity) => {
    const started = await begin(employee);
    expect((await driver.verifyMobile(started.registrationId, started.mobile)).status).toBe(200);
    await driver.ekycByOtp(started.registrationId, identity);
    return started;
  };
  const toApproval = async (employee: Employee, identity: SimulatedIdentity) => {
    const started = await throughEkyc(employee, identity);
    await driver.waitForStatus(started.registrationId, 'PENDING_APPROVAL');
    return started;
  };

  const [, , , otpSentIds] = await Promise.all([
    Promise.all(
      issued.map(async (employee, index) => {
        const { registrationId } = await toApproval(employee, success(index));
        const task = await driver.approvalFor(registrationId, 'ddo');
        expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
        await driver.waitForStatus(registrationId, 'CARD_ISSUED');
        return registrationId;
      }),
    ),
    Promise.all(pending.map(async (employee, index) => (await toApproval(employee, success(3 + index))).registrationId)),
    Promise.all(
      blocked.map(async ({ employee, identity }) => {
        const { registrationId } = await throughEkyc(employee, identity);
        await driver.waitForStatus(registrationId, 'EKYC_BLOCKED');
        return registrationId;
      }),
    ),
    Promise.all(
      otpSent.map(async (employee) => {
        const { registrationId } = await begin(employee);
        await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
        return registrationId;
      }),
    ),
  ]);

  // Last, and alone: the next SMS sent is this one's card SMS, which DLT scrubbing refuses (no Retry covers it).
  const failed = await toApproval(failing, success(6));
  const task = await driver.approvalFor(failed.registrationId, 'ddo');
  await driver.failAtIssueCard(failed.registrationId, task.taskId);

  return { campaignId, rosterImport, failed, otpSent: otpSentIds };
};

/** The campaign views of the seeded campaign, each with what shows it has loaded (the browser tests walk them). */
export const seededViews = (seeded: SeededCampaign): { readonly hash: string; readonly ready: string }[] => [
  { hash: '#/overview', ready: '[data-district="Lucknow"] table' },
  { hash: '#/approvals', ready: 'tr[data-row="DDO-LKO-0001"]' },
  { hash: '#/gaps', ready: 'tr[data-row="Mal"]' },
  { hash: '#/executions', ready: 'tbody tr[data-row]' },
  { hash: `#/executions/registration/${seeded.failed.registrationId}`, ready: '.timeline-step' },
  { hash: '#/imports', ready: 'tbody tr[data-row]' },
];
