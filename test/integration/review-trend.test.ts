// The 9 a.m. review on the embedded stack: a district's target, its trend per day and the daily report's outlook,
// checked against figures worked out by hand from a seeding plan of ten days; then what needs attention, with a
// failed execution, a case past its SLA, a shared mobile and a refused import made the way they happen.
//
// Days in the past cannot be lived through, so the ten days are written as registration items with the times of
// those days (as progress-stream.test.ts writes them): the table's change stream carries them to the aggregator,
// which counts each change on its own day (IST), exactly as it counts the registrations the workflow moves.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { indianDay } from '../../functions/core/progress.js';
import { eventually } from '../support/eventually.js';
import { countedResponse } from '../support/progress.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';

// A 2-second approval SLA: a case waiting for its DDO is past it at once (the sweep that would escalate it runs
// at start and then every 15 minutes, so it stays with the DDO through the test).
const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' } });

const dayBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** An employees roster of Agra as a department sends it: 12 people in Bah, 8 in Kheragarh. */
const agraRoster = [
  'Employee ID,Name,Gender,Year of Birth,DDO Code,Department,Block,District,Status',
  ...Array.from({ length: 20 }, (_, index) => {
    const n = index + 1;
    return `RT-${String(n).padStart(3, '0')},Karmchari ${n},M,1980,DDO-AGR-0001,Education,${n <= 12 ? 'Bah' : 'Kheragarh'},Agra,active`;
  }),
].join('\n');

// The plan, by days before today (0 = today). People 1-4, 7 and 9 are in Bah (roster rows 1-6), 5, 6 and 8 in
// Kheragarh (rows 13-15).
type Move = [daysAgo: number, person: number, status: 'STARTED' | 'PENDING_APPROVAL' | 'CARD_ISSUED'];
const plan: Move[] = [
  ...[1, 2, 3, 4, 5, 6].map((person): Move => [9, person, 'STARTED']),
  [8, 1, 'PENDING_APPROVAL'],
  [8, 2, 'PENDING_APPROVAL'],
  [7, 1, 'CARD_ISSUED'],
  [7, 7, 'STARTED'],
  [6, 2, 'CARD_ISSUED'],
  [6, 3, 'PENDING_APPROVAL'],
  [6, 5, 'PENDING_APPROVAL'],
  [4, 3, 'CARD_ISSUED'],
  [4, 5, 'CARD_ISSUED'],
  [4, 8, 'STARTED'],
  [3, 4, 'PENDING_APPROVAL'],
  [3, 6, 'PENDING_APPROVAL'],
  [2, 4, 'CARD_ISSUED'],
  [1, 6, 'CARD_ISSUED'],
  [1, 7, 'PENDING_APPROVAL'],
  [0, 8, 'PENDING_APPROVAL'],
  [0, 9, 'STARTED'],
];
const rosterRow: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 7: 5, 9: 6, 5: 13, 6: 14, 8: 15 };

// Each day by hand, 9 days ago first: cards issued, people who started, people waiting for approval at the day's end.
const byHand: [cards: number, started: number, pending: number][] = [
  [0, 6, 0], // 1-6 start
  [0, 0, 2], // 1 and 2 wait
  [1, 1, 1], // 1 carded; 7 starts; 2 waits
  [1, 0, 2], // 2 carded; 3 and 5 wait
  [0, 0, 2], // nothing
  [2, 1, 0], // 3 and 5 carded; 8 starts
  [0, 0, 2], // 4 and 6 wait
  [1, 0, 1], // 4 carded; 6 waits
  [1, 0, 1], // 6 carded; 7 waits
  [0, 1, 2], // today: 8 waits, 9 starts; 7 and 8 wait
];

describe('targets, the trend and the daily outlook', () => {
  it('stores a target, refuses bad ones with their codes, and gives each day as the plan says', async () => {
    const { driver, env } = stack;
    const agraAdmin = await env.stack.issuer.sign({ roles: ['district-admin'], districts: ['Agra'] }, 'review-agra-admin');
    const asAgra = (method: string, path: string, body?: unknown) =>
      driver.call(method, path, { token: agraAdmin, ...(body === undefined ? {} : { body }) });

    const rosters = rosterClient(env);
    const rosterKey = 'rosters/up-sects/Agra/employees/review-trend.csv';
    await rosters.upload(rosterKey, agraRoster);
    expect((await rosters.finished('Agra', rosterKey)).counts).toMatchObject({ inserted: 20, rejected: 0 });
    rosters.close();

    const today = indianDay(Date.now());
    const future = (days: number) => dayBefore(today, -days);
    const created = await asAgra('POST', '/v1/admin/campaigns', {
      name: 'Agra employees drive',
      scheme: 'up-sects',
      districts: ['Agra'],
      startDate: dayBefore(today, 30),
      endDate: future(60),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaignId = String(created.body.campaignId);
    const targets = `/v1/admin/campaigns/${campaignId}/targets`;

    // Refused, each with its code.
    const good = { district: 'Agra', saturationPercent: 50, endsOn: future(19) };
    const refusals: [unknown, number, string][] = [
      [{ ...good, saturationPercent: 0 }, 400, 'TARGET_PERCENT_OUT_OF_RANGE'],
      [{ ...good, saturationPercent: 100.5 }, 400, 'TARGET_PERCENT_OUT_OF_RANGE'],
      [{ ...good, blocks: { Kheragarh: 101 } }, 400, 'TARGET_PERCENT_OUT_OF_RANGE'],
      [{ ...good, endsOn: future(61) }, 400, 'TARGET_DATE_OUTSIDE_CAMPAIGN'],
      [{ ...good, endsOn: dayBefore(today, 31) }, 400, 'TARGET_DATE_OUTSIDE_CAMPAIGN'],
      // A block of Agra the gazetteer lists, but no roster of the campaign names.
      [{ ...good, blocks: { Pinahat: 70 } }, 400, 'UNKNOWN_BLOCK'],
      [{ ...good, district: 'Lucknow' }, 404, 'DISTRICT_NOT_IN_CAMPAIGN'],
    ];
    for (const [body, status, code] of refusals) {
      const answer = await asAgra('PUT', targets, body);
      expect({ status: answer.status, code: answer.body.code }, JSON.stringify(body)).toEqual({ status, code });
    }
    expect((await driver.call('PUT', targets, { role: 'district-admin', body: good })).body.code).toBe('CAMPAIGN_NOT_FOUND');

    // Kheragarh's own target named in Hindi, kept under the roster's name; the same again changes nothing.
    const set = await asAgra('PUT', targets, { ...good, blocks: { खेरागढ़: 75 } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ district: 'Agra', saturationPercent: 50, endsOn: future(19), blocks: { Kheragarh: 75 } });
    const again = await asAgra('PUT', targets, { ...good, blocks: { Kheragarh: 75 } });
    expect(again.body).toEqual(set.body);
    expect((await asAgra('GET', `/v1/admin/campaigns/${campaignId}`)).body.targets).toEqual([set.body]);

    // The ten days, each move written with a time of its day (noon in India; today's now).
    const { documents } = env;
    const TableName = env.endpoints.dynamodb.table;
    const startedOn = new Map<number, string>();
    for (const [daysAgo, person, status] of plan) {
      const day = dayBefore(today, daysAgo);
      const at = daysAgo === 0 ? new Date().toISOString() : `${day}T06:30:00.000Z`;
      if (status === 'STARTED') startedOn.set(person, at);
      const employeeId = `RT-${String(rosterRow[person]).padStart(3, '0')}`;
      await documents.send(
        new PutCommand({
          TableName,
          Item: {
            pk: `REG#review-trend-${person}`,
            sk: 'REG',
            kind: 'registration',
            registrationId: `review-trend-${person}`,
            scheme: 'up-sects',
            personId: `emp:${employeeId}`,
            rosterType: 'employees',
            status,
            progressKey: status === 'PENDING_APPROVAL' ? `PENDING_APPROVAL@${day}` : status,
            district: 'Agra',
            block: (rosterRow[person] as number) <= 12 ? 'Bah' : 'Kheragarh',
            ddoCode: 'DDO-AGR-0001',
            createdAt: startedOn.get(person),
            updatedAt: at,
          },
        }),
      );
    }

    const trend = await countedResponse(() => asAgra('GET', `/v1/admin/campaigns/${campaignId}/trend?district=Agra&days=10`));
    expect(trend.status, JSON.stringify(trend.body)).toBe(200);
    expect(trend.body.today).toBe(today);
    expect(trend.body.days).toEqual(
      byHand.map(([cardsIssued, started, pending], index) => ({ day: dayBefore(today, 9 - index), cardsIssued, started, pending })),
    );
    // 6 carded of 20; a target of 50% is 10 cards in the 20 days from today; 6 cards in the last 7 full days is
    // 0.857 a day, so the 4 still to make take 4 x 7 / 6 = 4.7, the fifth day from today. Kheragarh is 75% of 8
    // (6, 2 made), Bah 50% of 12 (6, 4 made).
    expect(trend.body).toMatchObject({
      eligible: 20,
      carded: 6,
      target: { saturationPercent: 50, endsOn: future(19), targetCards: 10 },
      daysLeft: 20,
      neededPerDay: 1,
      achievedPerDay: 0.9,
      projectedSaturationOn: future(4),
      blocks: [
        { district: 'Agra', block: 'Kheragarh', eligible: 8, carded: 2, targetCards: 6, behindBy: 4 },
        { district: 'Agra', block: 'Bah', eligible: 12, carded: 4, targetCards: 6, behindBy: 2 },
      ],
    });
    // A state admin without ?district= gets the campaign's districts added up: here, Agra's figures again.
    const whole = await driver.call('GET', `/v1/admin/campaigns/${campaignId}/trend?days=10`, { role: 'state-admin' });
    const { district: _district, asOf: _asOf, ...agraFigures } = trend.body;
    const { asOf: _wholeAsOf, ...wholeFigures } = whole.body;
    expect(wholeFigures).toEqual(agraFigures);
    // Four weeks: the 18 days before the plan had nothing.
    const weeks = await asAgra('GET', `/v1/admin/campaigns/${campaignId}/trend?district=Agra`);
    expect(weeks.body.days).toHaveLength(28);
    expect((weeks.body.days as unknown[]).slice(0, 18)).toEqual(
      Array.from({ length: 18 }, (_, index) => ({ day: dayBefore(today, 27 - index), cardsIssued: 0, started: 0, pending: 0 })),
    );
    expect((weeks.body.days as unknown[]).slice(18)).toEqual(trend.body.days);
    expect((await asAgra('GET', `/v1/admin/campaigns/${campaignId}/trend?days=93`)).body.code).toBe('INVALID_REQUEST');

    // The daily report 3 days ago: 4 carded by its end; its 7 days had 4 cards (0.6 a day shown); 22 days after it
    // to the target's end, 6 to go: 1 a day needed; at 4 cards a week, 6 x 7 / 4 = 10.5, the 11th day after it.
    const report = await asAgra('GET', `/v1/admin/campaigns/${campaignId}/reports/daily?date=${dayBefore(today, 3)}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.total).toMatchObject({ issuedTillDate: 4 });
    expect(report.body.outlook).toMatchObject({
      target: { saturationPercent: 50, endsOn: future(19), targetCards: 10 },
      carded: 4,
      daysLeft: 22,
      neededPerDay: 1,
      achievedPerDay: 0.6,
      projectedSaturationOn: dayBefore(today, -8),
    });
    const reportDays = report.body.outlook as { days: { day: string }[] };
    expect(reportDays.days).toHaveLength(28);
    expect(reportDays.days.slice(-7)).toEqual(
      byHand
        .slice(0, 7)
        .map(([cardsIssued, started, pending], index) => ({ day: dayBefore(today, 9 - index), cardsIssued, started, pending })),
    );
    const csv = (await (await fetch(String(report.body.csvUrl))).text()).replace(/^\uFEFF/, '');
    expect(csv).toContain('Days left / शेष दिन,22');
    expect(csv).toContain(`Projected saturation date / संतृप्ति की अनुमानित तिथि,${dayBefore(today, -8)}`);
    expect(csv).toContain(`${dayBefore(today, 4)},2,1,0`);
    const pdf = Buffer.from(await (await fetch(String(report.body.pdfUrl))).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('what needs attention', () => {
  it('lists a failed execution, a case past its SLA with its holder named, an open anomaly and a refused import', async () => {
    const { driver, env } = stack;
    // Who holds DDO-LKO-0001's queue, in the approver directory.
    const approverMobile = driver.newMobile();
    const listed = await driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', {
      role: 'district-admin',
      body: { name: 'Kusum Lata', office: 'BSA Office Lucknow', mobile: approverMobile, language: 'hi', district: 'Lucknow' },
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);

    // A card SMS refused by DLT scrubbing fails IssueCard and the execution (alone: the fault takes the next SMS).
    const failing = await driver.employeeAwaitingDdo(driver.identity('success', 1));
    const failedRow = await driver.failAtIssueCard(failing.registrationId, failing.task.taskId);
    // A case nobody decides: past its 2-second SLA at once.
    const waiting = await driver.employeeAwaitingDdo(driver.identity('success', 0));
    // One mobile across four unrelated families.
    const shared = await driver.familiesOnOneMobile([2, 3, 4, 5], (index) => `Review Parivar ${index}`);
    // A roster file with no header a person would recognise: its first line is already a person.
    const rosters = rosterClient(env);
    const badKey = 'rosters/up-sects/Lucknow/employees/review-no-header.csv';
    await rosters.upload(badKey, 'RV-001,Ram Prasad,M,1975,DDO-LKO-0001,Education,Mal,Lucknow,active\n');
    const refusedImport = await rosters.finished('Lucknow', badKey);
    expect(refusedImport.status).toBe('REFUSED');

    type Attention = {
      failedExecutions: { count: number; items: Record<string, unknown>[] };
      overdue: { count: number; byHolder: Record<string, unknown>[] };
      anomalies: { open: number; items: { subject: string; kind: string }[] };
      refusedImports: { count: number; items: Record<string, unknown>[] };
      blocksBehind: unknown[];
    };
    const attentionOf = async (
      query = '',
      options: { role?: 'district-admin' | 'state-admin'; token?: string } = { role: 'district-admin' },
    ) => {
      const answer = await driver.call('GET', `/v1/admin/attention${query}`, options);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body as unknown as Attention;
    };
    const seen = await eventually('the failure, the overdue case, the anomaly and the refused import listed', async () => {
      const now = await attentionOf();
      return now.failedExecutions.count === 1 && now.overdue.count === 1 && now.anomalies.open === 1 && now.refusedImports.count === 1
        ? now
        : undefined;
    });
    expect(seen.failedExecutions.items).toEqual([
      {
        workflow: 'registration',
        name: failing.registrationId,
        registrationId: failing.registrationId,
        block: 'Sarojini Nagar',
        failedAt: expect.any(String),
        error: failedRow.error,
      },
    ]);
    expect(seen.overdue.byHolder).toEqual([
      {
        queue: 'ddo:DDO-LKO-0001',
        name: 'Kusum Lata',
        office: 'BSA Office Lucknow',
        mobileMasked: `******${approverMobile.slice(-4)}`,
        count: 1,
        oldestDays: 0,
      },
    ]);
    expect(seen.anomalies.items).toMatchObject([{ kind: 'shared-mobile', subject: `******${shared.slice(-4)}` }]);
    expect(seen.refusedImports.items).toEqual([
      {
        importId: refusedImport.importId,
        fileName: 'review-no-header.csv',
        refusedAt: expect.any(String),
        code: refusedImport.refusal?.code,
      },
    ]);
    expect(refusedImport.refusal?.code).toEqual(expect.any(String));
    // Nothing of it in the answer names the applicant's mobile or the approver's.
    expect(JSON.stringify(seen)).not.toContain(approverMobile);
    expect(JSON.stringify(seen)).not.toContain(waiting.mobile);

    // Another district's admin sees none of it, and is refused Lucknow's; a state admin sees it across districts.
    const jalaun = await env.stack.issuer.sign({ roles: ['district-admin'], districts: ['Jalaun'] }, 'review-jalaun-admin');
    const theirs = await attentionOf('', { token: jalaun });
    expect([theirs.failedExecutions.count, theirs.overdue.count, theirs.anomalies.open, theirs.refusedImports.count]).toEqual([0, 0, 0, 0]);
    expect((await driver.call('GET', '/v1/admin/attention?district=Lucknow', { token: jalaun })).status).toBe(403);
    const state = await attentionOf('', { role: 'state-admin' });
    expect(state.failedExecutions.items.map((item) => item.name)).toContain(failing.registrationId);

    // Blocks behind come with a campaign: Agra's, from the first test, furthest behind first.
    const agra = (await driver.call('GET', '/v1/admin/campaigns', { role: 'state-admin' })).body.items as {
      campaignId: string;
      name: string;
    }[];
    const agraCampaign = agra.find((campaign) => campaign.name === 'Agra employees drive')?.campaignId;
    const withBlocks = await attentionOf(`?campaignId=${agraCampaign}&district=Agra`, { role: 'state-admin' });
    expect(withBlocks.blocksBehind).toMatchObject([
      { block: 'Kheragarh', behindBy: 4 },
      { block: 'Bah', behindBy: 2 },
    ]);
    expect(withBlocks.failedExecutions.count).toBe(0);

    // The same file sent again with its header lands, and the refusal no longer needs anyone.
    await rosters.upload(
      badKey,
      'Employee ID,Name,Gender,Year of Birth,DDO Code,Department,Block,District,Status\nRV-001,Ram Prasad,M,1975,DDO-LKO-0001,Education,Mal,Lucknow,active\n',
    );
    expect((await rosters.finished('Lucknow', badKey, 2)).status).toBe('DONE');
    rosters.close();
    expect((await attentionOf()).refusedImports.count).toBe(0);
  });
});
