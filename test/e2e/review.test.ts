// The 9 a.m. review in Debian's Chromium against a seeded embedded stack: the target and the pace equal the API's
// daily figures, the Needs attention panel lists a failed registration, cases past their SLA by who holds them,
// an open anomaly and a refused roster file (each opened through to the people behind it), every count of the
// overview and the gap ledger opens a list of as many people, and no main action is off-screen on a phone or a
// laptop. Its own stack, with the approval SLA shortened to 30 s (APPROVAL_SLA_SECONDS) so the cases left waiting
// for their DDO are past it before the page opens, and no escalation sweep in between (the default schedule).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { seedDashboardCampaign, type SeededCampaign } from '../support/dashboard-seed.js';
import { eventually } from '../support/eventually.js';
import { countedResponse } from '../support/progress.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { actionsOffScreen, figure, launchBrowser, screenshot, signIn, type Browser } from './browser.js';

const slaSeconds = 30;
const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: String(slaSeconds) } });
let seeded: SeededCampaign;
let browser: Browser;
let page: Page;
let refused: { importId: string };
let sharedMobile: string;
const firstDdo = { name: 'Kavita Srivastava', office: 'Koshagar, Lucknow' };
let firstDdoMobile: string;

interface TrendDay {
  day: string;
  cardsIssued: number;
  started: number;
  pending: number;
}
interface TrendAnswer {
  today: string;
  days: TrendDay[];
  eligible: number;
  carded: number;
  target: { saturationPercent: number; endsOn: string; targetCards: number } | null;
  daysLeft: number | null;
  neededPerDay: number | null;
  achievedPerDay: number;
  projectedSaturationOn: string | null;
  blocks: { block: string; targetCards: number }[];
}

const trendFromApi = async (): Promise<TrendAnswer> => {
  const response = await countedResponse(() =>
    stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/trend?district=Lucknow&days=28`, { role: 'district-admin' }),
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as TrendAnswer;
};

const attentionFromApi = async () => {
  const response = await stack.driver.call('GET', `/v1/admin/attention?campaignId=${seeded.campaignId}&district=Lucknow`, {
    role: 'district-admin',
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as {
    failedExecutions: { count: number; items: { name: string }[] };
    overdue: { count: number; byHolder: { queue: string; count: number }[] };
    anomalies: { open: number; items: { anomalyId: string; subject: string }[] };
    refusedImports: { count: number; items: { importId: string }[] };
  };
};

const openView = async (target: Page, hash: string) => {
  await target.evaluate((next) => {
    window.location.hash = next;
  }, hash);
};

/** Cards a day as the page writes them (one decimal). */
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** Every count link on the page now: where it leads and the figure it shows. */
const countLinks = async (target: Page) =>
  target.locator('a[data-drill]').evaluateAll((links) =>
    links.map((link) => ({
      href: link.getAttribute('href') ?? '',
      text: link.textContent ?? '',
      key: link.getAttribute('data-drill') ?? '',
    })),
  );

/** Opens a count's people list and returns how many it says there are and how many rows it shows. */
const peopleBehind = async (target: Page, hash: string) => {
  await openView(target, hash);
  const query = new URLSearchParams(hash.split('?')[1] ?? '').toString();
  const list = target.locator(`.list[aria-busy="false"][data-total][data-query="${query}"]`);
  await list.waitFor();
  // Lists above a page load more; none of the seeded counts is above one page (100).
  return { total: Number(await list.getAttribute('data-total')), rows: await list.locator('tbody tr[data-row]').count() };
};

beforeAll(async () => {
  seeded = await seedDashboardCampaign(stack.env, stack.driver);
  firstDdoMobile = stack.driver.newMobile();
  // A roster file without the columns an employees roster needs: refused, nobody landed.
  const rosters = rosterClient(stack.env);
  const key = 'rosters/up-sects/Lucknow/employees/no-ddo-column.csv';
  await rosters.upload(key, 'Employee ID,Name\nLK-1,Asha Rani\n');
  const imported = await rosters.finished('Lucknow', key);
  rosters.close();
  expect(imported.status).toBe('REFUSED');
  refused = { importId: imported.importId };
  // The first DDO in the approver directory, by name, office and mobile (the second is not: their code is shown).
  const directory = await stack.driver.call('PUT', '/v1/admin/approvers/ddo:DDO-LKO-0001', {
    role: 'district-admin',
    body: { ...firstDdo, mobile: firstDdoMobile, language: 'hi', district: 'Lucknow' },
  });
  expect(directory.status, JSON.stringify(directory.body)).toBe(200);
  // Four ration-card families on one mobile: one more than PM-JAY's norm, an open anomaly.
  sharedMobile = await stack.driver.familiesOnOneMobile([1, 2, 3, 4], (index) => `Parivar ${index}`);
  browser = await launchBrowser();
  page = await browser.newPage({ width: 1366, height: 900 });
  await signIn(page, stack.env.endpoints.dashboard.url, 'district-admin');
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the morning review', () => {
  it('shows the cards per day and the backlog as the API counts them, and sets a target from the page', async () => {
    const before = await trendFromApi();
    // What was seeded, all today on a fresh stack: 3 cards issued, 11 registrations started, 3 left with a DDO.
    expect(before.days).toHaveLength(28);
    expect(before.days.at(-1)).toMatchObject({ day: before.today, cardsIssued: 3, started: 11, pending: 3 });
    expect(before.days.slice(0, -1).every((day) => day.cardsIssued === 0 && day.started === 0 && day.pending === 0)).toBe(true);
    expect({ eligible: before.eligible, carded: before.carded }).toEqual({ eligible: 17, carded: 3 });

    await openView(page, '#/overview');
    const chart = page.locator('[data-chart="cards-per-day"]');
    await chart.locator('rect[data-day]').first().waitFor({ state: 'attached' });
    const bars = await chart.locator('rect[data-day]').evaluateAll((rects) =>
      rects.map((rect) => ({
        day: rect.getAttribute('data-day'),
        value: Number(rect.getAttribute('data-value')),
        height: Number(rect.getAttribute('height')),
      })),
    );
    expect(bars.map(({ day, value }) => ({ day, value }))).toEqual(before.days.map((day) => ({ day: day.day, value: day.cardsIssued })));
    // One axis for all the bars: each bar's height is its share of the largest.
    const tallest = Math.max(...bars.map((bar) => bar.height));
    for (const bar of bars) expect(bar.height / tallest).toBeCloseTo(bar.value / 3, 2);
    // The figures under the chart, as a person reads them.
    await chart.locator('summary').click();
    expect(figure(await chart.locator(`tr[data-row="${before.today}"] [data-field="value"]`).innerText())).toBe(3);
    const backlog = await page
      .locator('[data-chart="pending-per-day"] circle[data-day]')
      .evaluateAll((points) =>
        points.map((point) => ({ day: point.getAttribute('data-day'), value: Number(point.getAttribute('data-value')) })),
      );
    expect(backlog).toEqual(before.days.map((day) => ({ day: day.day, value: day.pending })));
    // Today's cards open the three people they were issued to.
    const today = await peopleBehind(page, String(await chart.locator(`tr[data-row="${before.today}"] a`).getAttribute('href')));
    expect(today).toEqual({ total: 3, rows: 3 });

    // The target: 40% of the 17 eligible by a day 59 days on is 7 cards (6.8 people do not get a card).
    await openView(page, '#/overview');
    const endsOn = new Date(Date.parse(before.today) + 59 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('input[name="saturationPercent"]').fill('40');
    await page.locator('input[name="endsOn"]').fill(endsOn);
    // Mal (8 eligible) gets its own 75%: 6 cards; Sarojini Nagar (9) keeps the district's 40%: 3.6, so 4.
    await page.locator('.target-blocks summary').click();
    await page.locator('input[name="block-Mal"]').fill('75');
    await page.getByRole('button', { name: en.saveTarget }).click();
    await page.locator('[data-saved="target"]').waitFor();
    const after = await trendFromApi();
    expect(after.target).toEqual({ saturationPercent: 40, endsOn, targetCards: 7 });
    const blockTargets = Object.fromEntries(after.blocks.map((block) => [block.block, block.targetCards]));
    expect(blockTargets).toEqual({ Mal: 6, 'Sarojini Nagar': 4 });
    const fact = (field: string) => page.locator(`.trend [data-field="${field}"]`).innerText();
    await page.locator('.trend [data-field="target"]', { hasText: endsOn }).waitFor();
    expect(await fact('target')).toBe(`40.0% by ${endsOn} (7 cards)`);
    expect(figure(await fact('daysLeft'))).toBe(after.daysLeft);
    expect(figure(await fact('neededPerDay'))).toBe(oneDecimal(after.neededPerDay ?? Number.NaN));
    expect(figure(await fact('achievedPerDay'))).toBe(oneDecimal(after.achievedPerDay));
    expect(await fact('projectedSaturationOn')).toBe(after.projectedSaturationOn ?? en.noPace);
  });

  it('lists what needs attention, with counts on the tabs, each item opening the people behind it', async () => {
    // The three cases left with their DDOs are past the 30-second SLA by now (the seeding took longer).
    const attention = await eventually(
      'the cases past their SLA',
      async () => {
        const answer = await attentionFromApi();
        return answer.overdue.count >= 3 && answer.anomalies.open >= 1 ? answer : undefined;
      },
      { timeoutMs: 2 * slaSeconds * 1000 },
    );
    expect(attention.failedExecutions.items.map((item) => item.name)).toContain(seeded.failed.registrationId);
    expect(attention.refusedImports.items.map((item) => item.importId)).toContain(refused.importId);
    // The seeding plan: two cases wait for DDO-LKO-0001, one for DDO-LKO-0002.
    const ddos = attention.overdue.byHolder.filter((holder) => holder.queue.startsWith('ddo:'));
    expect(ddos.map(({ queue, count }) => ({ queue, count })).sort((a, b) => a.queue.localeCompare(b.queue))).toEqual([
      { queue: 'ddo:DDO-LKO-0001', count: 2 },
      { queue: 'ddo:DDO-LKO-0002', count: 1 },
    ]);

    await page.reload();
    await openView(page, '#/overview');
    const panel = page.locator('.attention');
    await panel.waitFor();
    await page.locator('[data-chart="cards-per-day"] rect[data-day]').first().waitFor({ state: 'attached' });
    const tabCount = (tab: string) => page.locator(`nav.site-nav a[data-tab="${tab}"]`).getAttribute('data-count');
    expect(await tabCount('executions')).toBe(String(attention.failedExecutions.count));
    expect(await tabCount('stuck')).toBe(String(attention.overdue.count));
    expect(await tabCount('anomalies')).toBe(String(attention.anomalies.open));
    expect(await tabCount('imports')).toBe(String(attention.refusedImports.count));
    for (const [group, count] of [
      ['failed', attention.failedExecutions.count],
      ['overdue', attention.overdue.count],
      ['anomalies', attention.anomalies.open],
      ['refused', attention.refusedImports.count],
    ] as const)
      expect(figure(await panel.locator(`[data-attention="${group}"] h4 [data-field="count"]`).innerText()), group).toBe(count);
    await screenshot(page, 'morning-review');

    // The failed registration: its execution, naming the person.
    await panel.locator(`[data-attention="failed"] [data-item="${seeded.failed.registrationId}"] a`).click();
    await page.locator('h2', { hasText: seeded.failed.registrationId }).waitFor();
    await page.goBack();
    // Who holds the overdue cases: their cases, each with the person's name.
    // The directory's entry, as the test put it there, the mobile masked; the DDO not in it by their code.
    const holder = panel.locator('[data-attention="overdue"] [data-item="ddo:DDO-LKO-0001"]');
    expect(await holder.locator('a').innerText()).toBe(firstDdo.name);
    expect(await holder.locator('.small').innerText()).toBe(`${firstDdo.office} · ******${firstDdoMobile.slice(-4)}`);
    expect(await panel.locator('[data-attention="overdue"] [data-item="ddo:DDO-LKO-0002"] a').innerText()).toBe('DDO-LKO-0002');
    await holder.locator('a').click();
    const held = page.locator('tbody tr[data-row]');
    await held.first().waitFor();
    expect(await held.count()).toBe(2);
    for (const name of await held.locator('[data-field="person"]').allInnerTexts()) expect(name).not.toBe('—');
    await page.goBack();
    // The anomaly: the four families behind the shared mobile.
    const anomaly = attention.anomalies.items.find((item) => item.subject === `******${sharedMobile.slice(-4)}`);
    expect(anomaly).toBeDefined();
    await panel.locator(`[data-attention="anomalies"] [data-item="${anomaly?.anomalyId}"] a`).click();
    await page.locator('#anomaly-registrations ~ .table-wrap tbody tr').first().waitFor();
    expect(await page.locator('#anomaly-registrations ~ .table-wrap tbody tr').count()).toBe(4);
    await page.goBack();
    // The refused file: why it was refused.
    await panel.locator(`[data-attention="refused"] [data-item="${refused.importId}"] a`).click();
    await page.locator('[data-field="status"] [data-status="REFUSED"]').waitFor();
    // Its rejects in the page: the file's refusal, on row 1.
    await page.locator('#import-rejects ~ .table-wrap tbody tr[data-row]').first().waitFor();
    expect(await page.locator('#import-rejects ~ .table-wrap tbody tr[data-row]').count()).toBeGreaterThan(0);
  });

  it('opens every count of the overview and the gap ledger as a list of as many people, and a case one click further', async () => {
    await openView(page, '#/overview');
    await page.locator('[data-district="Lucknow"] tr[data-row="Mal"]').waitFor();
    const overview = await countLinks(page);
    await openView(page, '#/gaps');
    await page.locator('tr[data-row="Mal"] [data-field="withoutCard"]').waitFor();
    const gaps = await countLinks(page);
    // The funnel's figures, the blocked reasons, both blocks' and the district's rows, the gap ledger's blocks.
    expect(overview.length).toBeGreaterThan(15);
    expect(gaps.length).toBeGreaterThan(4);
    const progress = await countedResponse(() =>
      stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/progress?district=Lucknow`, { role: 'district-admin' }),
    );
    const lucknow = (progress.body.districts as { started: number; issued: number }[])[0];
    // The funnel's links show the API's figures.
    expect(figure(overview.find((link) => link.key === 'started')?.text ?? '')).toBe(lucknow?.started);
    expect(figure(overview.find((link) => link.key === 'issued')?.text ?? '')).toBe(lucknow?.issued);
    for (const link of [...overview, ...gaps]) {
      const count = figure(link.text);
      expect(await peopleBehind(page, link.href), `${link.key} ${link.href}`).toEqual({ total: count, rows: count });
    }
    // A person's case: the registration's timeline.
    const issued = overview.find((link) => link.key === 'issued');
    await peopleBehind(page, issued?.href ?? '');
    const first = page.locator('tbody tr[data-row] [data-field="name"] a').first();
    const registrationId =
      String(await first.getAttribute('href'))
        .split('/')
        .at(-1) ?? '';
    await first.click();
    await page.locator('h2', { hasText: registrationId }).waitFor();
    await page.locator('.timeline-step').first().waitFor();
  });

  it('keeps every main action on the screen at 375 px and at 1366 px', async () => {
    for (const width of [375, 1366]) {
      const view = await browser.newPage({ width, height: 812 });
      await signIn(view, stack.env.endpoints.dashboard.url, 'district-admin');
      const checks = [
        {
          hash: '#/overview',
          ready: 'form.target-form',
          actions: ['nav.site-nav ul', '.language-switch button', '.attention-group a', 'form.target-form button[type="submit"]'],
        },
        {
          hash: '#/gaps',
          ready: 'tr[data-row="Mal"]',
          actions: ['button[aria-label^="Worklist CSV of"]', '#daily-report ~ form button[type="submit"]'],
        },
        { hash: '#/executions', ready: '.list[aria-busy="false"] tbody tr', actions: ['form.filters button[type="submit"]'] },
      ];
      // The tabs are one row that scrolls sideways on a phone: the row itself is what must fit.
      for (const check of checks) expect(await actionsOffScreen(view, check, width)).toEqual([]);
      if (width === 375) {
        await openView(view, '#/overview');
        await view.locator('.attention').waitFor();
        await screenshot(view, 'morning-review-phone');
      }
      await view.close();
    }
  });
});
