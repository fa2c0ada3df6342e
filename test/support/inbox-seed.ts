// The approvers' inbox seeded the way it fills in the field: a department's employee export (Manav Sampada style:
// Hindi headers, Hindi names beside English ones, DD/MM/YYYY dates, कार्यरत status) and a ration-card list
// dropped into the roster bucket, then each person registered through the public HTTP API (mobile OTP from the
// SMS outbox, Aadhaar OTP from the e-KYC simulator) until their case waits for an approver. People are the
// simulator's crowd identities, whose details follow from their number, so the roster can be written ahead.
import pMap from 'p-map';
import { expect } from 'vitest';
import { crowdIdentity, type SimulatedIdentity } from '../../local/simulators/ekyc.js';
import { usedSecrets } from './privacy.js';
import type { RegistrationDriver } from './registration.js';
import { rosterClient } from './rosters.js';
import type { StackClient } from './stack.js';

export interface SeededCase {
  readonly registrationId: string;
  readonly employeeId?: string;
  readonly rationCardNumber?: string;
  readonly ddoCode?: string;
  readonly identity: SimulatedIdentity;
  /** What the roster says where it differs from e-KYC (the test wrote it so). */
  readonly rosterYearOfBirth: number;
  readonly rosterName: string;
  readonly routine: boolean;
}

export interface EmployeeRow {
  readonly index: number;
  readonly ddoCode: string;
  /** Years added to the e-KYC year of birth on the roster: 0 is a routine case, 6 one the approver must compare. */
  readonly yearShift: number;
}

const employeeIdOf = (index: number) => `MS${String(4_310_200 + index)}`;
const genderHindi = { M: 'पुरुष', F: 'महिला', T: 'ट्रांसजेंडर' } as const;

/** An employees roster as the state HRMS exports it for one office. */
export const manavSampadaExport = (rows: readonly EmployeeRow[]): string =>
  [
    'मानव संपदा आईडी,कर्मचारी का नाम,नाम (हिन्दी),लिंग,जन्म तिथि,डीडीओ कोड,विभाग,कार्यालय का नाम,विकास खंड,जनपद,सेवा स्थिति',
    ...rows.map((row) => {
      const person = crowdIdentity(row.index);
      const day = String((row.index % 27) + 1).padStart(2, '0');
      const month = String((row.index % 12) + 1).padStart(2, '0');
      return [
        employeeIdOf(row.index),
        person.name,
        person.nameLocal,
        genderHindi[person.gender],
        `${day}/${month}/${person.yearOfBirth + row.yearShift}`,
        row.ddoCode,
        'बेसिक शिक्षा',
        '"बेसिक शिक्षा अधिकारी कार्यालय, लखनऊ"',
        'सरोजनी नगर',
        'लखनऊ',
        'कार्यरत',
      ].join(',');
    }),
  ].join('\r\n');

export const seedInbox = async (
  env: StackClient,
  driver: RegistrationDriver,
  employees: readonly EmployeeRow[],
  family: { readonly index: number; readonly rosterName: string },
): Promise<{ employees: SeededCase[]; family: SeededCase }> => {
  const rosters = rosterClient(env);
  const employeesKey = 'rosters/up-sects/Lucknow/employees/bsa-lucknow-manav-sampada.csv';
  await rosters.upload(employeesKey, `\uFEFF${manavSampadaExport(employees)}`);
  const rationCardNumber = '0920310045871';
  const familyKey = 'rosters/pmjay/Lucknow/ration-card-families/nfsa-mohanlalganj.csv';
  const head = crowdIdentity(family.index);
  await rosters.upload(
    familyKey,
    `Ration Card No,Member ID,Name,Gender,Year of Birth,Village,Block,District\n${rationCardNumber},01,${family.rosterName},${head.gender},${head.yearOfBirth},Nigohan,Mohanlalganj,Lucknow\n`,
  );
  for (const [key, rows] of [
    [employeesKey, employees.length],
    [familyKey, 1],
  ] as const) {
    const imported = await rosters.finished('Lucknow', key);
    // A row refused says why, from the rejects report.
    const why = imported.counts?.rejected === 0 ? '' : (await rosters.report(imported)).slice(0, 600);
    expect(imported.counts, why).toMatchObject({ inserted: rows, rejected: 0 });
  }
  rosters.close();

  const register = async (body: Record<string, unknown>, identity: SimulatedIdentity): Promise<string> => {
    const mobile = driver.newMobile();
    const started = await driver.start({ ...body, mobile, channel: 'camp' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const registrationId = String(started.body.registrationId);
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    usedSecrets.aadhaarNumbers.add(identity.aadhaarNumber);
    await driver.ekycByOtp(registrationId, identity);
    await driver.waitForStatus(registrationId, 'PENDING_APPROVAL');
    return registrationId;
  };

  // Concurrently, as a camp registers a queue of people; a few at a time on a 2-core machine.
  const seeded = await pMap(
    employees,
    async (row): Promise<SeededCase> => {
      const identity = crowdIdentity(row.index);
      const employeeId = employeeIdOf(row.index);
      const registrationId = await register({ scheme: 'up-sects', roster: { rosterType: 'employees', employeeId } }, identity);
      return {
        registrationId,
        employeeId,
        ddoCode: row.ddoCode,
        identity,
        rosterYearOfBirth: identity.yearOfBirth + row.yearShift,
        rosterName: identity.name,
        routine: row.yearShift === 0,
      };
    },
    { concurrency: 8 },
  );
  const familyCase: SeededCase = {
    registrationId: await register(
      { scheme: 'pmjay', roster: { rosterType: 'ration-card-families', rationCardNumber, memberId: '01' } },
      head,
    ),
    rationCardNumber,
    identity: head,
    rosterYearOfBirth: head.yearOfBirth,
    rosterName: family.rosterName,
    routine: false,
  };
  return { employees: seeded, family: familyCase };
};
