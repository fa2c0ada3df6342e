// Names, not codes, and every count down to its people, on the embedded stack. A district's employees roster
// exported as an HRMS office sends it (byte order mark, Hindi headers, DD/MM/YYYY dates, Hindi genders, a mobile
// column, two bad rows), the approver directory for one of its two DDOs, and twelve employees in a plan: two
// carded, two waiting on their DDOs, two blocked at e-KYC, two waiting for their mobile code, four not started.
// Every expected figure and name below is read off that plan (and the masking rule docs/campaigns.md states),
// never off the code under test.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitItem, waitKey } from '../../functions/adapters/dynamodb-waits.js';
import type { WaitingOn } from '../../functions/core/waits.js';
import { eventually } from '../support/eventually.js';
import { countedSince } from '../support/progress.js';
import { useRegistrationStack, type SimulatedIdentity } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';

const stack = useRegistrationStack();

type Fate = 'carded' | 'pending' | 'mobile-not-linked' | 'otp-sent' | 'not-started';

interface Planned {
  readonly id: string;
  readonly name: string;
  readonly nameLocal?: string;
  readonly gender: 'पुरुष' | 'महिला';
  readonly yearOfBirth: number;
  readonly block: 'Sarojini Nagar' | 'Mal';
  readonly ddo: 'DDO-LKO-0001' | 'DDO-LKO-0002';
  readonly office: string;
  readonly fate: Fate;
  /** The e-KYC simulator's `success` identity the roster row matches. */
  readonly identity?: number;
}

const bsa = 'BSA Office Lucknow';
const treasury = 'Treasury Office Lucknow';
// The first four match the simulator's first four `success` identities (name, year, gender), so their e-KYC matches.
const plan: readonly Planned[] = [
  {
    id: 'RP-001',
    name: 'Ramesh Kumar Yadav',
    gender: 'पुरुष',
    yearOfBirth: 1978,
    block: 'Sarojini Nagar',
    ddo: 'DDO-LKO-0001',
    office: bsa,
    fate: 'carded',
    identity: 0,
  },
  {
    id: 'RP-002',
    name: 'Sunita Devi',
    gender: 'महिला',
    yearOfBirth: 1982,
    block: 'Sarojini Nagar',
    ddo: 'DDO-LKO-0001',
    office: bsa,
    fate: 'carded',
    identity: 1,
  },
  {
    id: 'RP-003',
    name: 'Mohammad Irfan Ansari',
    gender: 'पुरुष',
    yearOfBirth: 1975,
    block: 'Sarojini Nagar',
    ddo: 'DDO-LKO-0001',
    office: bsa,
    fate: 'pending',
    identity: 2,
  },
  {
    id: 'RP-004',
    name: 'Priyanka Srivastava',
    gender: 'महिला',
    yearOfBirth: 1990,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'pending',
    identity: 3,
  },
  {
    id: 'RP-005',
    name: 'Kamla Devi',
    gender: 'महिला',
    yearOfBirth: 1970,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'mobile-not-linked',
  },
  {
    id: 'RP-006',
    name: 'Rajendra Prasad',
    gender: 'पुरुष',
    yearOfBirth: 1968,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'mobile-not-linked',
  },
  {
    id: 'RP-007',
    name: 'Geeta Verma',
    nameLocal: 'गीता वर्मा',
    gender: 'महिला',
    yearOfBirth: 1985,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'otp-sent',
  },
  {
    id: 'RP-008',
    name: 'Arif Khan',
    gender: 'पुरुष',
    yearOfBirth: 1979,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'otp-sent',
  },
  {
    id: 'RP-009',
    name: 'Pooja Singh',
    gender: 'महिला',
    yearOfBirth: 1991,
    block: 'Sarojini Nagar',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'not-started',
  },
  {
    id: 'RP-010',
    name: 'Anil Tiwari',
    gender: 'पुरुष',
    yearOfBirth: 1983,
    block: 'Sarojini Nagar',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'not-started',
  },
  {
    id: 'RP-011',
    name: 'Savitri Gupta',
    gender: 'महिला',
    yearOfBirth: 1966,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'not-started',
  },
  {
    id: 'RP-012',
    name: 'Vijay Pal',
    gender: 'पुरुष',
    yearOfBirth: 1987,
    block: 'Mal',
    ddo: 'DDO-LKO-0002',
    office: treasury,
    fate: 'not-started',
  },
];
const header = 'कर्मचारी कोड,कर्मचारी का नाम,नाम (हिंदी),लिंग,जन्म तिथि,डीडीओ कोड,विभाग,कार्यालय,विकास खंड,जनपद,मोबाइल नंबर,स्थिति';
const line = (p: Planned, overrides: { gender?: string; mobile?: string } = {}) =>
  [
    p.id,
    p.name,
    p.nameLocal ?? '',
    overrides.gender ?? p.gender,
    `15/07/${p.yearOfBirth}`,
    p.ddo,
    'शिक्षा',
    p.office,
    p.block,
    'लखनऊ',
    overrides.mobile ?? '9415012345',
    'कार्यरत',
  ].join(',');
// Rows 14 and 15 (the header is row 1): a gender no one writes, a mobile number of five digits; each named by its
// column as the file heads it.
const badRows = [
  { row: 14, column: 'लिंग', line: line({ ...(plan[11] as Planned), id: 'RP-013', name: 'Badal Roy' }, { gender: 'X' }) },
  { row: 15, column: 'मोबाइल नंबर', line: line({ ...(plan[11] as Planned), id: 'RP-014', name: 'Chhotu Lal' }, { mobile: '12345' }) },
];
const rosterFile = `\uFEFF${[header, ...plan.map((p) => line(p)), ...badRows.map((bad) => bad.line)].join('\r\n')}\r\n`;

const people = (fates: readonly Fate[], block?: string) =>
  plan.filter((p) => fates.includes(p.fate) && (block === undefined || p.block === block)).map((p) => `emp:${p.id}`);
const started: Fate[] = ['carded', 'pending', 'mobile-not-linked', 'otp-sent'];
// What each key names, by the plan: the figure of the progress view it is checked against, and who.
const istToday = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
const keys: { key: string; figure: (place: Place) => number; fates: Fate[] }[] = [
  { key: 'started', figure: (place) => place.started, fates: started },
  { key: 'issued', figure: (place) => place.issued, fates: ['carded'] },
  { key: 'CARD_ISSUED', figure: (place) => place.issued, fates: ['carded'] },
  { key: 'PENDING_APPROVAL', figure: (place) => place.pendingApproval, fates: ['pending'] },
  { key: 'awaiting-approval', figure: (place) => place.gap['awaiting-approval'] ?? 0, fates: ['pending'] },
  { key: 'not-started', figure: (place) => place.gap['not-started'] ?? 0, fates: ['not-started'] },
  { key: 'aadhaar-mobile-not-linked', figure: (place) => place.blocked['aadhaar-mobile-not-linked'] ?? 0, fates: ['mobile-not-linked'] },
  { key: 'mobile-unverified', figure: (place) => place.gap['mobile-unverified'] ?? 0, fates: ['otp-sent'] },
  { key: `day:${istToday}:cardsIssued`, figure: (place) => place.change?.issued ?? 0, fates: ['carded'] },
];

interface RejectRow {
  row: number;
  code: string;
  columns: string[];
  reason: string;
  fields: Record<string, string>;
}
interface Place {
  name: string;
  eligible: number;
  started: number;
  issued: number;
  pendingApproval: number;
  gap: Record<string, number>;
  blocked: Record<string, number>;
  change?: { issued: number };
  holder?: Record<string, unknown>;
}
interface District extends Place {
  blocks: Place[];
  ddos?: Place[];
}
interface Person {
  registrationId?: string;
  personKey: string;
  name?: string;
  nameLocal?: string;
  block: string;
  status: string;
  reason?: string;
  since?: string;
}

const seeded = {} as { campaignId: string; importId: string; registrations: Map<string, string> };

const backdate = async (registrationId: string, step: 'approval' | 'mobile-otp') => {
  const { env } = stack;
  const { Item } = await env.documents.send(
    new GetCommand({ TableName: env.endpoints.dynamodb.table, Key: waitKey(registrationId, step) }),
  );
  expect(Item, `the ${step} wait of ${registrationId}`).toBeDefined();
  const wait = Item as { taskToken: string; district: string; block?: string; waitingOn: WaitingOn };
  // Five days ago, with a one-second SLA: past it, as a case nobody acted on for days.
  const item = waitItem(
    registrationId,
    step,
    wait.taskToken,
    { district: wait.district, ...(wait.block === undefined ? {} : { block: wait.block }), slaSeconds: 1, waitingOn: wait.waitingOn },
    new Date(Date.now() - 5 * 86_400_000),
    undefined,
  );
  await env.documents.send(new PutCommand({ TableName: env.endpoints.dynamodb.table, Item: item }));
};

beforeAll(async () => {
  const { driver, env } = stack;
  const rosters = rosterClient(env);
  const key = 'rosters/up-sects/लखनऊ/employees/HRMS कर्मचारी सूची.csv';
  await rosters.upload(key, rosterFile);
  const imported = await rosters.finished('Lucknow', key);
  expect(imported).toMatchObject({ status: 'DONE', counts: { read: 14, inserted: 12, rejected: 2 } });
  seeded.importId = imported.importId;
  rosters.close();

  // The directory knows DDO-LKO-0001's officer; DDO-LKO-0002 has no entry (its office comes from the roster).
  const entry = await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', {
    role: 'district-admin',
    body: {
      name: 'Rakesh Srivastava',
      office: 'Basic Shiksha Adhikari, Lucknow',
      mobile: '9415000417',
      language: 'hi',
      district: 'Lucknow',
    },
  });
  expect(entry.status, JSON.stringify(entry.body)).toBe(200);
  const campaign = await driver.call('POST', '/v1/admin/campaigns', {
    role: 'district-admin',
    body: { name: 'Review people drive', scheme: 'up-sects', districts: ['Lucknow'], startDate: '2026-11-01', endDate: '2027-03-31' },
  });
  expect(campaign.status).toBe(201);
  seeded.campaignId = String(campaign.body.campaignId);

  const drive = async (p: Planned): Promise<[string, string] | undefined> => {
    if (p.fate === 'not-started') return undefined;
    const { registrationId, mobile } = await driver.startEmployee(p.id, { channel: 'camp' });
    if (p.fate === 'otp-sent') {
      await driver.waitForStatus(registrationId, 'MOBILE_OTP_SENT');
      return [p.id, registrationId];
    }
    expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
    const identity: SimulatedIdentity =
      p.identity === undefined ? driver.identity('mobile-not-linked') : driver.identity('success', p.identity);
    await driver.ekycByOtp(registrationId, identity);
    if (p.fate === 'mobile-not-linked') {
      await driver.waitForStatus(registrationId, 'EKYC_BLOCKED');
      return [p.id, registrationId];
    }
    await driver.waitForStatus(registrationId, 'PENDING_APPROVAL');
    if (p.fate === 'carded') {
      const task = await driver.approvalFor(registrationId, 'ddo');
      expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
      await driver.waitForStatus(registrationId, 'CARD_ISSUED');
    }
    return [p.id, registrationId];
  };
  seeded.registrations = new Map((await Promise.all(plan.map(drive))).filter((pair) => pair !== undefined));
  const idOf = (employeeId: string) => seeded.registrations.get(employeeId) as string;
  await backdate(idOf('RP-003'), 'approval');
  await backdate(idOf('RP-004'), 'approval');
  await backdate(idOf('RP-007'), 'mobile-otp');
}, 180_000);

const registrationOf = (employeeId: string) => seeded.registrations.get(employeeId) as string;
const planned = (employeeId: string) => plan.find((p) => p.id === employeeId) as Planned;

describe('names, not codes', () => {
  it('a stuck case names its person and the holder of its queue: the directory, else the roster’s office', async () => {
    const { driver } = stack;
    const stuck = await driver.call('GET', '/v1/admin/stuck?district=Lucknow', { role: 'district-admin' });
    expect(stuck.status).toBe(200);
    const items = stuck.body.items as {
      name: string;
      person?: Person;
      holder?: Record<string, unknown>;
      waitingOn: { kind: string; label: { en: string; hi: string } };
    }[];
    const of = (employeeId: string) => items.find((item) => item.name === registrationOf(employeeId));

    expect(of('RP-003')).toMatchObject({
      person: { personKey: 'emp:RP-003', name: 'Mohammad Irfan Ansari' },
      holder: {
        queue: 'ddo:DDO-LKO-0001',
        name: 'Rakesh Srivastava',
        office: 'Basic Shiksha Adhikari, Lucknow',
        mobileMasked: '******0417',
      },
    });
    expect(of('RP-003')?.waitingOn.label.en).toContain('Rakesh Srivastava');
    // No directory entry: the office the employee roster gives DDO-LKO-0002's employees, and no name.
    expect(of('RP-004')?.holder).toEqual({ queue: 'ddo:DDO-LKO-0002', office: treasury });
    // Waiting on the applicant: named, not "the applicant".
    expect(of('RP-007')).toMatchObject({ person: { name: 'Geeta Verma', nameLocal: 'गीता वर्मा' }, waitingOn: { kind: 'applicant' } });
    expect(of('RP-007')?.waitingOn.label.en).toBe('Geeta Verma, the applicant');
    expect(JSON.stringify(items)).not.toContain('The applicant');
    // The directory's mobile is never answered whole.
    expect(JSON.stringify(stuck.body)).not.toContain('9415000417');

    // A state admin sees initials (R*** K***), the holder as the directory has it.
    const asState = await driver.call('GET', '/v1/admin/stuck?district=Lucknow', { role: 'state-admin' });
    const stateItems = asState.body.items as typeof items;
    const stateOf = (employeeId: string) => stateItems.find((item) => item.name === registrationOf(employeeId));
    expect(stateOf('RP-003')?.person).toEqual({ personKey: 'emp:RP-003', name: 'M*** I*** A***' });
    expect(stateOf('RP-007')?.person).toEqual({ personKey: 'emp:RP-007', name: 'G*** V***', nameLocal: 'गी*** व***' });
    expect(stateOf('RP-003')?.holder).toMatchObject({ name: 'Rakesh Srivastava' });
  });

  it('executions list their registration, person, block and the step each is at', async () => {
    const { driver } = stack;
    const items = await eventually('every registration of the plan in the ledger', async () => {
      const listed = await driver.call('GET', '/v1/admin/executions?workflow=registration&district=Lucknow&limit=100', {
        role: 'district-admin',
      });
      const found = listed.body.items as { name: string; registrationId?: string; person?: Person; block?: string; step?: string }[];
      return [...seeded.registrations.values()].every((id) => found.some((item) => item.name === id)) ? found : undefined;
    });
    const of = (employeeId: string) => items.find((item) => item.name === registrationOf(employeeId));
    // Steps by the workflow's order: a card issued ended at `card`, a case before its DDO is at `approval`, one
    // blocked at e-KYC at `ekyc`, one waiting for its mobile code at `mobile-otp`.
    const expected: [string, string][] = [
      ['RP-001', 'card'],
      ['RP-003', 'approval'],
      ['RP-005', 'ekyc'],
      ['RP-007', 'mobile-otp'],
    ];
    for (const [employeeId, step] of expected) {
      expect(of(employeeId)).toMatchObject({
        registrationId: registrationOf(employeeId),
        person: { personKey: `emp:${employeeId}`, name: planned(employeeId).name },
        block: planned(employeeId).block,
        step,
      });
    }
  });

  it('the approvals heat-map rows name their DDOs', async () => {
    const progress = await progressOf();
    const ddos = progress.districts[0]?.ddos ?? [];
    expect(ddos.find((ddo) => ddo.name === 'DDO-LKO-0001')?.holder).toEqual({
      queue: 'ddo:DDO-LKO-0001',
      name: 'Rakesh Srivastava',
      office: 'Basic Shiksha Adhikari, Lucknow',
      mobileMasked: '******0417',
    });
    // No directory entry: the office the roster gave DDO-LKO-0002's employees.
    expect(ddos.find((ddo) => ddo.name === 'DDO-LKO-0002')?.holder).toEqual({ queue: 'ddo:DDO-LKO-0002', office: treasury });
  });

  it('anomalies name the people behind a shared mobile, the family keys kept', async () => {
    const { driver } = stack;
    const shared = await driver.familiesOnOneMobile([0, 1, 2, 3], (index) => `Parivar Mukhiya ${index}`);
    const anomalyId = await eventually('the shared mobile listed', async () => {
      const listed = await driver.call('GET', '/v1/admin/anomalies?kind=shared-mobile&district=Lucknow', { role: 'district-admin' });
      return (listed.body.items as { anomalyId: string; subject: string }[]).find((item) => item.subject === `******${shared.slice(-4)}`)
        ?.anomalyId;
    });
    const listed = await driver.call('GET', '/v1/admin/anomalies?kind=shared-mobile&district=Lucknow', { role: 'district-admin' });
    const item = (listed.body.items as { anomalyId: string; lastPerson?: Person }[]).find((found) => found.anomalyId === anomalyId);
    expect(item?.lastPerson?.name).toMatch(/^Parivar Mukhiya [0-3]$/);
    const detail = await driver.call('GET', `/v1/admin/anomalies/${anomalyId}`, { role: 'district-admin' });
    const members = detail.body.registrations as { member: string; person?: Person; block?: string }[];
    expect(members.map((member) => member.person?.name).sort()).toEqual([0, 1, 2, 3].map((index) => `Parivar Mukhiya ${index}`));
    for (const member of members) {
      expect(member.member).toMatch(/^rc:/);
      expect(member.person?.personKey).toBe(`${member.member}:01`);
      expect(member.block).toBe('Mohanlalganj');
    }
  });
});

const progressOf = () =>
  countedSince(async () => {
    const response = await stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/progress?district=Lucknow`, {
      role: 'district-admin',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as unknown as { asOf: string | null; districts: District[] };
  });

/** Every page of a drill-down, `limit` at a time. */
const allPages = async (query: string, role: 'district-admin' | 'state-admin' = 'district-admin', limit = 2) => {
  const items: Person[] = [];
  const totals = new Set<number>();
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const response = await stack.driver.call(
      'GET',
      `/v1/admin/campaigns/${seeded.campaignId}/people?district=Lucknow&${query}&limit=${limit}${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      { role },
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    items.push(...(response.body.items as Person[]));
    totals.add(response.body.total as number);
    cursor = response.body.cursor as string | undefined;
    if (cursor === undefined) break;
  }
  expect(totals.size).toBe(1);
  return { items, total: [...totals][0] as number };
};

describe('every count down to its people', () => {
  it('each key, for the district and each block, lists the people the plan puts there, as many as the figure shown', async () => {
    const district = (await progressOf()).districts[0] as District;
    for (const { key, figure, fates } of keys) {
      for (const block of [undefined, 'Sarojini Nagar', 'Mal'] as const) {
        const place = block === undefined ? district : (district.blocks.find((found) => found.name === block) as Place);
        const expected = people(fates, block);
        const { items, total } = await allPages(
          `key=${encodeURIComponent(key)}${block === undefined ? '' : `&block=${encodeURIComponent(block)}`}`,
        );
        const where = `${key} in ${block ?? 'Lucknow'}`;
        expect(figure(place), `the progress figure of ${where}`).toBe(expected.length);
        expect(total, `the total of ${where}`).toBe(expected.length);
        expect(items.map((item) => item.personKey).sort(), `the people of ${where}`).toEqual([...expected].sort());
      }
    }
  });

  it('names people whole for the district admin, by initials for the state admin; each item says where and why', async () => {
    const whole = await allPages('key=not-started', 'district-admin', 10);
    expect(whole.items.map((item) => item.name).sort()).toEqual(['Anil Tiwari', 'Pooja Singh', 'Savitri Gupta', 'Vijay Pal']);
    expect(
      whole.items.every((item) => item.status === 'NOT_STARTED' && item.reason === 'not-started' && item.registrationId === undefined),
    ).toBe(true);
    const masked = await allPages('key=not-started', 'state-admin', 10);
    expect(masked.items.map((item) => item.name).sort()).toEqual(['A*** T***', 'P*** S***', 'S*** G***', 'V*** P***']);

    const pending = await allPages('key=PENDING_APPROVAL', 'district-admin', 10);
    expect(pending.items.find((item) => item.personKey === 'emp:RP-004')).toMatchObject({
      registrationId: registrationOf('RP-004'),
      name: 'Priyanka Srivastava',
      block: 'Mal',
      status: 'PENDING_APPROVAL',
      reason: 'awaiting-approval',
    });
    const carded = await allPages('key=CARD_ISSUED', 'district-admin', 10);
    for (const item of carded.items) {
      expect(item.reason).toBeUndefined();
      expect(item.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('refuses a key no view shows, a cursor it did not give, and another district’s admin', async () => {
    const { driver, env } = stack;
    const base = `/v1/admin/campaigns/${seeded.campaignId}/people?district=Lucknow`;
    expect((await driver.call('GET', `${base}&key=everyone`, { role: 'district-admin' })).body.code).toBe('UNKNOWN_KEY');
    expect((await driver.call('GET', `${base}&key=started&cursor=bm90LWEtY3Vyc29y`, { role: 'district-admin' })).body.code).toBe(
      'BAD_CURSOR',
    );
    const kanpur = await env.stack.issuer.sign({ roles: ['district-admin'], districts: 'Kanpur Nagar' }, 'admin-kanpur');
    const foreign = await driver.call('GET', `${base}&key=started`, { token: kanpur });
    expect(foreign).toMatchObject({ status: 404, body: { code: 'CAMPAIGN_NOT_FOUND' } });
  });
});

describe('the rejects report in the page', () => {
  it('answers the rows of the rejects CSV, with their fields, without the mobile column', async () => {
    const { driver, env } = stack;
    const rosters = rosterClient(env);
    const csv = await rosters.report(await rosters.view(seeded.importId));
    rosters.close();
    const [csvHeader = [], ...csvRows] = parse(csv, { relax_column_count: true }) as string[][];
    const mobileColumn = csvHeader.indexOf('मोबाइल नंबर');
    expect(mobileColumn).toBeGreaterThan(2);

    const pages: RejectRow[] = [];
    let cursor: string | undefined;
    do {
      const response = await driver.call(
        'GET',
        `/v1/admin/imports/${seeded.importId}/rejects?limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`,
        { role: 'district-admin' },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.total).toBe(badRows.length);
      pages.push(...(response.body.items as RejectRow[]));
      cursor = response.body.cursor as string | undefined;
    } while (cursor !== undefined);

    // The rows the file was built with, in file order, each as the CSV has it.
    expect(pages.map((row) => row.row)).toEqual(badRows.map((bad) => bad.row));
    expect(pages.map((row) => row.columns)).toEqual(badRows.map((bad) => [bad.column]));
    expect(pages.every((row) => row.code === 'INVALID_VALUES')).toBe(true);
    for (const [index, row] of pages.entries()) {
      const csvRow = csvRows[index] as string[];
      expect(String(row.row)).toBe(csvRow[0]);
      expect(row.reason).toBe(csvRow[2]);
      const expected = Object.fromEntries(
        csvHeader.slice(3).flatMap((name, column) => (column + 3 === mobileColumn ? [] : [[name, csvRow[column + 3] ?? '']])),
      );
      expect(row.fields).toEqual(expected);
      expect(Object.keys(row.fields)).not.toContain('मोबाइल नंबर');
    }
    // The file's own cells, as written: the bad gender is there to be seen.
    expect(pages[0]?.fields['लिंग']).toBe('X');
    expect(JSON.stringify(pages)).not.toContain('12345');
  });
});
