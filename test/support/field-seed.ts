// Camps and field workers on top of the dashboard's seeded campaign (dashboard-seed.ts), made the way a district
// office makes them, through the admin API: two camps today, one per DDO's office (its catchment that DDO's
// employees), invitations sent, people checked in and one turned away through the camp route, a registration
// started at the camp; two field workers answering for one DDO code each, assigned by the district's rules.
import { expect } from 'vitest';
import type { RegistrationDriver } from './registration.js';

export interface SeededCamp {
  readonly campId: string;
  readonly name: string;
  readonly address: string;
  readonly block: string;
}

export interface SeededField {
  readonly today: string;
  readonly camps: readonly SeededCamp[];
  readonly workers: readonly { readonly workerId: string; readonly name: string; readonly department: string }[];
  /** The names, places and ids the seed put in (the Hindi walk lets them stand in Latin letters). */
  readonly namesAndIds: readonly string[];
}

/** Today in India, the day camps are dated by. */
export const indianDay = (offsetDays = 0): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

const created = (response: { status: number; body: Record<string, unknown> }, what: string) => {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
};

export const seedField = async (driver: RegistrationDriver, campaignId: string): Promise<SeededField> => {
  const today = indianDay();
  const campBodies = [
    {
      name: 'Koshagar office camp',
      address: 'Koshagar, Collectorate, Lucknow',
      block: 'Mal',
      ddoCode: 'DDO-LKO-0001',
      nodalOfficer: 'Kavita Srivastava',
    },
    {
      name: 'Education office camp',
      address: 'BSA Office, Kaiserbagh, Lucknow',
      block: 'Sarojini Nagar',
      ddoCode: 'DDO-LKO-0002',
      nodalOfficer: 'Ramesh Chandra',
    },
  ];
  const camps: SeededCamp[] = [];
  for (const [index, camp] of campBodies.entries()) {
    const body = created(
      await driver.call('POST', '/v1/admin/camps', {
        role: 'district-admin',
        idempotencyKey: `field-seed-camp-${index}-${campaignId}`,
        body: {
          campaignId,
          name: camp.name,
          placeKind: 'office',
          address: camp.address,
          district: 'Lucknow',
          block: camp.block,
          startsOn: today,
          endsOn: today,
          opensAt: '00:00',
          closesAt: '23:59',
          nodalOfficer: { name: camp.nodalOfficer, mobile: driver.newMobile() },
          operators: ['dev-operator'],
          catchment: { ddoCodes: [camp.ddoCode] },
        },
      }),
      `camp ${camp.name}`,
    );
    camps.push({ campId: String(body.campId), name: camp.name, address: camp.address, block: camp.block });
  }
  const [first] = camps as [SeededCamp, SeededCamp];

  // Invitations (the seeded roster has no mobiles: the answer says so), then the camp day: the first two people of
  // the first camp's list come, one of them starts a registration there; a third is turned away.
  for (const camp of camps)
    created(await driver.call('POST', `/v1/admin/camps/${camp.campId}/invitations`, { role: 'district-admin' }), 'invitations');
  const targets = created(
    await driver.call('GET', `/v1/admin/camps/${first.campId}/targets?state=all&limit=100`, { role: 'district-admin' }),
    'targets',
  );
  const people = targets.items as { personKey: string; name?: string; reason: string }[];
  expect(people.length, JSON.stringify(targets)).toBeGreaterThan(3);
  const notStarted = people.filter((person) => person.reason === 'not-started');
  expect(notStarted.length, JSON.stringify(people)).toBeGreaterThan(2);
  const [comes, startsHere, turnedAway] = notStarted as [(typeof people)[number], (typeof people)[number], (typeof people)[number]];
  for (const person of [comes, startsHere])
    created(
      await driver.call('POST', `/v1/camps/${first.campId}/check-ins`, { role: 'operator', body: { personKey: person.personKey } }),
      'check-in',
    );
  created(
    await driver.call('POST', `/v1/camps/${first.campId}/check-ins`, {
      role: 'operator',
      body: { personKey: turnedAway.personKey, turnedAway: { reasonCode: 'NO_AADHAAR', note: 'Aadhaar card left at home' } },
    }),
    'turned away',
  );
  // The roster key of an employee is `emp:<employee id>`.
  const employeeId = startsHere.personKey.replace(/^emp:/, '');
  created(await driver.start({ ...driver.employeeRegistration(employeeId, 'camp'), campId: first.campId }), 'registration at the camp');

  // The field force: an office nodal officer per DDO code, assigned by the district's rules.
  const workers = [
    {
      workerId: 'FW-LKO-001',
      name: 'Sunita Verma',
      role: 'office-nodal-officer',
      department: 'Treasury',
      segment: { kind: 'ddo', values: ['DDO-LKO-0001'] },
    },
    {
      workerId: 'FW-LKO-002',
      name: 'Anil Kumar',
      role: 'class-teacher',
      department: 'Education',
      segment: { kind: 'ddo', values: ['DDO-LKO-0002'] },
    },
  ];
  created(
    await driver.call('PUT', '/v1/admin/field-force/rules', {
      role: 'district-admin',
      body: { district: 'Lucknow', order: ['ddo', 'office', 'ration-shop', 'village', 'school', 'job-card-range'] },
    }),
    'rules',
  );
  for (const worker of workers) {
    const { workerId, ...rest } = worker;
    created(
      await driver.call('PUT', `/v1/admin/field-force/workers/${workerId}`, {
        role: 'district-admin',
        body: { ...rest, district: 'Lucknow', mobile: driver.newMobile() },
      }),
      `worker ${workerId}`,
    );
  }
  created(
    await driver.call('POST', `/v1/admin/field-force/assignments?campaignId=${campaignId}&district=Lucknow`, {
      role: 'district-admin',
    }),
    'assignments',
  );

  return {
    today,
    camps,
    workers: workers.map(({ workerId, name, department }) => ({ workerId, name, department })),
    namesAndIds: [
      ...camps.flatMap((camp) => [camp.campId, camp.name, camp.address, ...camp.address.split(', ')]),
      ...campBodies.map((camp) => camp.nodalOfficer),
      ...workers.flatMap((worker) => [worker.workerId, worker.name, worker.department, ...worker.segment.values]),
      ...people.flatMap((person) => (person.name === undefined ? [] : [person.name])),
      'Aadhaar card left at home',
    ],
  };
};
