// The field force on the embedded stack, through the roster bucket and the API: an NFSA list in Hindi gives the
// eligible people (with their fair price shop), a field-force roster as a district sends it (a CSV with Hindi
// headers, and an .xlsx) gives the workers; every eligible person gets one responsible worker or a named reason;
// a worker sees and registers only their segment; visit outcomes move the person's gap reason; progress per
// worker equals the registrations read back; the daily SMS reaches each worker once a day however often the
// sweep runs. Expected figures are read off the files this test writes and the registrations the API answers.
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withFunctionEnvironment } from '../../functions/config.js';
import { sendWorkerDaily } from '../../functions/core/use-cases/field-force.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { reminderTimeToday, sweepWaitsOnce } from '../support/sweeps.js';

const stack = useRegistrationStack();

const istOffsetMs = 330 * 60_000;
const dayMs = 86_400_000;
const istDay = (offset = 0) => new Date(Date.now() + istOffsetMs + offset * dayMs).toISOString().slice(0, 10);

// The NFSA list: who is on which card, in which village, drawing from which fair price shop.
const families = [
  { card: 'UP8801', member: '01', name: 'राम प्रसाद', gender: 'पुरुष', village: 'नगवा', block: 'माल', shop: 'FPS-101' },
  { card: 'UP8801', member: '02', name: 'सीता देवी', gender: 'महिला', village: 'नगवा', block: 'माल', shop: 'FPS-101' },
  { card: 'UP8802', member: '01', name: 'कमला', gender: 'महिला', village: 'इटौंजा', block: 'बख्शी का तालाब', shop: '' },
  { card: 'UP8802', member: '02', name: 'रेशमा', gender: 'महिला', village: 'इटौंजा', block: 'बख्शी का तालाब', shop: '' },
  // A village no worker of the field force answers for.
  { card: 'UP8803', member: '01', name: 'मोहन लाल', gender: 'पुरुष', village: 'रहीमाबाद', block: 'माल', shop: '' },
  // Neither a village nor a shop on the roster.
  { card: 'UP8804', member: '01', name: 'गुड्डी', gender: 'महिला', village: '', block: 'माल', shop: '' },
];
const key = (member: (typeof families)[number]) => `rc:${member.card}:${member.member}`;

const dealer = { workerId: 'FW-LKO-0001', mobile: '9000000001' };
const asha = { workerId: 'FW-LKO-0002', mobile: '9000000002' };

describe('the field force', () => {
  it('assigns every eligible person or names why not, keeps each worker to their segment, and counts their progress', async () => {
    const { driver, env } = stack;
    const rosters = rosterClient(env);
    const campaign = await driver.call('POST', '/v1/admin/campaigns', {
      role: 'district-admin',
      body: { name: 'Lucknow PM-JAY field drive', scheme: 'pmjay', districts: ['Lucknow'], startDate: istDay(-20), endDate: istDay(40) },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    const campaignId = String(campaign.body.campaignId);

    const people = [
      '\uFEFFराशन कार्ड संख्या,सदस्य क्रमांक,नाम,लिंग,आयु,ग्राम,विकास खंड,जनपद,उचित दर दुकान कोड',
      ...families.map((m) => [m.card, m.member, m.name, m.gender, 40, m.village, m.block, 'लखनऊ', m.shop].join(',')),
    ].join('\r\n');
    const peopleKey = 'rosters/pmjay/लखनऊ/ration-card-families/राशन सूची.csv';
    await rosters.upload(peopleKey, people);
    expect(await rosters.finished('Lucknow', peopleKey)).toMatchObject({ status: 'DONE', counts: { inserted: 6, rejected: 0 } });

    // The field force: the PDS dealer and two rows a person would have to fix in the CSV; the ASHA and a class
    // teacher in the workbook.
    const workersCsv = [
      '\uFEFFकार्यकर्ता आईडी,कार्यकर्ता का नाम,भूमिका,विभाग,जनपद,विकास खंड,मोबाइल नंबर,उचित दर दुकान कोड,ग्राम',
      `${dealer.workerId},सुनीता देवी,कोटेदार,खाद्य एवं रसद,लखनऊ,माल,${dealer.mobile},FPS-101,`,
      'FW-LKO-0003,रमेश,जादूगर,खाद्य एवं रसद,लखनऊ,माल,9000000003,FPS-102,',
      'FW-LKO-0004,सुरेश,कोटेदार,खाद्य एवं रसद,लखनऊ,माल,12345,FPS-103,',
    ].join('\r\n');
    const csvKey = 'rosters/field-force/लखनऊ/कार्यकर्ता सूची.csv';
    await rosters.upload(csvKey, workersCsv);
    const csvImport = await rosters.finished('Lucknow', csvKey);
    expect(csvImport).toMatchObject({ status: 'DONE', counts: { read: 3, inserted: 1, rejected: 2 } });
    const report = await rosters.report(csvImport);
    expect(report.split('\n')[0]?.trim()).toBe(
      'row,column,reason,कार्यकर्ता आईडी,कार्यकर्ता का नाम,भूमिका,विभाग,जनपद,विकास खंड,मोबाइल नंबर,उचित दर दुकान कोड,ग्राम',
    );
    expect(report).toMatch(/^3,भूमिका,"""जादूगर"" is not a field-force role/m);
    expect(report).toMatch(/^4,मोबाइल नंबर,Not a 10-digit Indian mobile number\./m);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('कार्यकर्ता');
    sheet.addRow(['कार्यकर्ता आईडी', 'कार्यकर्ता का नाम', 'भूमिका', 'विभाग', 'जिला', 'विकासखण्ड', 'मोबाइल नंबर', 'ग्राम', 'विद्यालय']);
    sheet.addRow([asha.workerId, 'गीता', 'आशा', 'चिकित्सा एवं स्वास्थ्य', 'लखनऊ', 'बख्शी का तालाब', asha.mobile, 'इटौंजा', '']);
    sheet.addRow(['FW-LKO-0005', 'अनिल', 'कक्षा अध्यापक', 'बेसिक शिक्षा', 'लखनऊ', 'माल', '9000000005', '', 'प्राथमिक विद्यालय नगवा']);
    const xlsxKey = 'rosters/field-force/Lucknow/hrms-workers.xlsx';
    await rosters.upload(xlsxKey, new Uint8Array(await book.xlsx.writeBuffer()));
    expect(await rosters.finished('Lucknow', xlsxKey)).toMatchObject({ status: 'DONE', counts: { read: 2, inserted: 2, rejected: 0 } });

    const workers = await driver.call('GET', '/v1/admin/field-force/workers?district=Lucknow', { role: 'district-admin' });
    expect(
      (workers.body.items as { workerId: string; mobileMasked: string; segment: unknown }[]).map((w) => [w.workerId, w.mobileMasked]),
    ).toEqual([
      ['FW-LKO-0002', '******0002'],
      ['FW-LKO-0005', '******0005'],
      ['FW-LKO-0001', '******0001'],
    ]);
    expect(JSON.stringify(workers.body)).not.toContain(dealer.mobile);

    // Rules: the shop first, then the village. Both families of a worker's segment are theirs; two people nobody's.
    const rules = await driver.call('PUT', '/v1/admin/field-force/rules', {
      role: 'district-admin',
      body: { district: 'Lucknow', order: ['ration-shop', 'village'] },
    });
    expect(rules.status).toBe(200);
    const assign = () =>
      driver.call('POST', `/v1/admin/field-force/assignments?campaignId=${campaignId}&district=Lucknow`, { role: 'district-admin' });
    const assigned = await assign();
    expect(assigned).toMatchObject({
      status: 200,
      body: { assigned: 4, unassigned: { total: 2, byReason: { 'no-worker-for-segment': 1, 'no-segment-on-roster': 1 } } },
    });
    expect((await assign()).body).toEqual(assigned.body);

    const tokenOf = (workerId: string) =>
      env.stack.issuer.sign({ roles: ['field-worker'], districts: 'Lucknow', worker_id: workerId }, `field-${workerId}`);
    const [dealerToken, ashaToken] = await Promise.all([tokenOf(dealer.workerId), tokenOf(asha.workerId)]);
    const worklist = async (token: string) => {
      const response = await driver.call('GET', `/v1/field/worklist?campaignId=${campaignId}`, { token });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as {
        counts: { pending: number };
        items: { personKey: string; name: string; reason: string; nextAction: { hi: string } }[];
      };
    };
    const dealerList = await worklist(dealerToken);
    expect(dealerList.items.map((item) => [item.personKey, item.name, item.reason])).toEqual(
      families.filter((m) => m.shop === 'FPS-101').map((m) => [key(m), m.name, 'not-started']),
    );
    const ashaList = await worklist(ashaToken);
    expect(ashaList.items.map((item) => item.personKey).sort()).toEqual(
      families
        .filter((m) => m.village === 'इटौंजा')
        .map(key)
        .sort(),
    );

    // Another segment's person: not in the dealer's list, no visit recorded, no registration started.
    const [kamala = '', reshma = ''] = families.filter((m) => m.card === 'UP8802').map(key);
    const otherVisit = await driver.call('POST', '/v1/field/visits', {
      token: dealerToken,
      body: { campaignId, personKey: kamala, outcome: 'contacted' },
    });
    expect(otherVisit).toMatchObject({ status: 404, body: { code: 'PERSON_NOT_FOUND' } });
    const registration = (card: string, member: string) => ({
      scheme: 'pmjay',
      mobile: driver.newMobile(),
      roster: { rosterType: 'ration-card-families', rationCardNumber: card, memberId: member },
      channel: 'camp',
    });
    const outOfSegment = await driver.call('POST', '/v1/registrations', {
      token: dealerToken,
      body: registration('UP8802', '01'),
      idempotencyKey: randomUUID(),
    });
    expect(outOfSegment).toMatchObject({ status: 403, body: { code: 'OUT_OF_SEGMENT' } });

    // Visit outcomes: one moved away (a gap reason of its own from now on), one contacted (still not started).
    const moved = await driver.call('POST', '/v1/field/visits', {
      token: ashaToken,
      body: { campaignId, personKey: reshma, outcome: 'migrated' },
    });
    expect(moved).toMatchObject({ status: 201, body: { personKey: reshma, reason: 'migrated' } });
    const talked = await driver.call('POST', '/v1/field/visits', {
      token: ashaToken,
      body: { campaignId, personKey: kamala, outcome: 'contacted' },
    });
    expect(talked).toMatchObject({ status: 201, body: { reason: 'not-started' } });
    const afterVisits = await worklist(ashaToken);
    expect(Object.fromEntries(afterVisits.items.map((item) => [item.personKey, item.reason]))).toEqual({
      [kamala]: 'not-started',
      [reshma]: 'migrated',
    });

    // The block worklists (the gap ledger): the visit's outcome and the person nobody answers for are reasons there too.
    const ledger = async (block: string) => {
      const response = await driver.call(
        'GET',
        `/v1/admin/campaigns/${campaignId}/worklist?district=Lucknow&block=${encodeURIComponent(block)}`,
        {
          role: 'district-admin',
        },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.byReason;
    };
    expect(await ledger('Bakshi Ka Talab')).toEqual({ 'not-started': 1, migrated: 1 });
    expect(await ledger('Mal')).toEqual({ 'not-started': 2, 'no-responsible-worker': 2 });

    // The dealer registers a person of their segment, as an operator would.
    const dealerBody = registration('UP8801', '01');
    const started = await driver.call('POST', '/v1/registrations', {
      token: dealerToken,
      body: dealerBody,
      idempotencyKey: randomUUID(),
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const registrationId = String(started.body.registrationId);
    // And takes it through the mobile code; another worker does not see it.
    expect((await driver.call('GET', `/v1/registrations/${registrationId}`, { token: ashaToken })).body.code).toBe(
      'REGISTRATION_NOT_FOUND',
    );
    await eventually('the code sent', async () => {
      const seen = await driver.call('GET', `/v1/registrations/${registrationId}`, { token: dealerToken });
      return seen.body.status === 'MOBILE_OTP_SENT' ? true : undefined;
    });
    const otp = await driver.mobileOtp(dealerBody.mobile);
    const verified = await driver.call('POST', `/v1/registrations/${registrationId}/mobile-otp/verify`, {
      token: dealerToken,
      body: { otp },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);

    // An admin makes the ASHA responsible for the man of the village nobody answers for; a later run keeps it.
    const unassignedKey = key(families[4] as (typeof families)[number]);
    const reassigned = await driver.call('PUT', `/v1/admin/people/${encodeURIComponent(unassignedKey)}/responsible`, {
      role: 'district-admin',
      body: { campaignId, workerId: asha.workerId },
    });
    expect(reassigned).toMatchObject({ status: 200, body: { workerId: asha.workerId, assignedBy: 'admin' } });
    expect((await assign()).body).toMatchObject({ assigned: 5, unassigned: { total: 1, byReason: { 'no-segment-on-roster': 1 } } });

    // Progress per worker equals the registrations read back: the dealer's registered person is pending until
    // their registration is carded, counted once the change stream has it.
    const readBack = await driver.view(registrationId, 'state-admin');
    expect(readBack.status).toBe(200);
    const carded = readBack.body.status === 'CARD_ISSUED' ? 1 : 0;
    const progress = async (groupBy: string) => {
      const response = await driver.call(
        'GET',
        `/v1/admin/field-force/progress?campaignId=${campaignId}&district=Lucknow&groupBy=${groupBy}`,
        {
          role: 'district-admin',
        },
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items as { key: string; assigned: number; pending: number; cardedThisWeek: number; visitsThisWeek: number }[];
    };
    const byWorker = await eventually('the registration counted in the dealer’s progress', async () => {
      const rows = await progress('worker');
      const dealerWorklist = await worklist(dealerToken);
      const item = dealerWorklist.items.find((entry) => entry.personKey === key(families[0] as (typeof families)[number]));
      return item !== undefined && item.reason !== 'not-started' ? rows : undefined;
    });
    expect(byWorker).toEqual([
      {
        key: asha.workerId,
        name: 'गीता',
        role: 'asha',
        department: 'चिकित्सा एवं स्वास्थ्य',
        assigned: 3,
        pending: 3,
        cardedThisWeek: 0,
        visitsThisWeek: 2,
      },
      {
        key: dealer.workerId,
        name: 'सुनीता देवी',
        role: 'pds-dealer',
        department: 'खाद्य एवं रसद',
        assigned: 2,
        pending: 2 - carded,
        cardedThisWeek: carded,
        visitsThisWeek: 0,
      },
      {
        key: 'FW-LKO-0005',
        name: 'अनिल',
        role: 'class-teacher',
        department: 'बेसिक शिक्षा',
        assigned: 0,
        pending: 0,
        cardedThisWeek: 0,
        visitsThisWeek: 0,
      },
    ]);
    expect((await progress('role')).map((row) => [row.key, row.pending])).toEqual([
      ['asha', 3],
      ['pds-dealer', 2 - carded],
      ['class-teacher', 0],
    ]);

    // The daily SMS: the sweep as the schedule runs it (its own clock), then at a time of this Indian day when
    // it goes out, twice: each worker with people pending gets one, with their pending count.
    expect((await sweepWaitsOnce(env)).fieldWorkers.failed).toBe(0);
    const within = reminderTimeToday();
    // The same send, with the function's own adapters (its environment) and a clock within the hours.
    const daily = () =>
      withFunctionEnvironment(env.stack.environments.sweepWaits, async () => {
        const tables = await import('../../functions/adapters/table-factories.js');
        const { createSmsSender } = await import('../../functions/adapters/sms-factories.js');
        const fieldForce = tables.createFieldForce();
        const claims = tables.createApprovers();
        return sendWorkerDaily({
          fieldForce,
          claims,
          sms: createSmsSender(),
          campaigns: tables.createCampaigns(),
          people: tables.createPeople(),
          progress: tables.createProgress(),
          clock: { now: () => within },
        });
      });
    await daily();
    await daily();
    const dealerPhone = (await driver.outbox(dealer.mobile)).filter((message) => message.template === 'field-worker-daily');
    expect(dealerPhone.map((message) => message.text)).toEqual([
      `आपकी ज़िम्मेदारी के ${2 - carded} लोगों का स्वास्थ्य कार्ड अभी नहीं बना है। आज किससे मिलना है, अपनी कार्यसूची में देखें।`,
    ]);
    expect((await driver.outbox(asha.mobile)).filter((message) => message.template === 'field-worker-daily')).toHaveLength(1);
    // Nobody pending: no SMS.
    expect((await driver.outbox('9000000005')).filter((message) => message.template === 'field-worker-daily')).toHaveLength(0);

    // A later NFSA list of the district brings a new family of the ASHA's village: the import assigns it to her.
    const laterKey = 'rosters/pmjay/लखनऊ/ration-card-families/राशन सूची दिसंबर.csv';
    await rosters.upload(
      laterKey,
      ['\uFEFFराशन कार्ड संख्या,सदस्य क्रमांक,नाम,लिंग,आयु,ग्राम,विकास खंड,जनपद', 'UP8805,01,शबनम,महिला,35,इटौंजा,बख्शी का तालाब,लखनऊ'].join('\r\n'),
    );
    expect(await rosters.finished('Lucknow', laterKey)).toMatchObject({ status: 'DONE', counts: { inserted: 1 } });
    await eventually('the new family in the ASHA’s worklist', async () =>
      (await worklist(ashaToken)).items.some((item) => item.personKey === 'rc:UP8805:01') ? true : undefined,
    );
    rosters.close();
  });
});
