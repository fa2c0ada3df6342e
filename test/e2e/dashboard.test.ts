// The admin dashboard in Debian's Chromium against a seeded embedded stack (started in-process): the figures the
// page shows are the API's, a failed execution is redriven from the page and seen to succeed, Hindi comes from
// the Hindi dictionary, and a phone's width never scrolls the page sideways. Screenshots: test-results/e2e/.
import type { Page } from 'playwright-core';
import type { DistrictProgress, PlaceProgress as Place } from '../../functions/core/use-cases/campaigns.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { seedDashboardCampaign, seededViews, type SeededCampaign } from '../support/dashboard-seed.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { figure, launchBrowser, screenshot, signIn, type Browser } from './browser.js';
import { countedResponse } from '../support/progress.js';

const stack = useRegistrationStack();
let seeded: SeededCampaign;
let browser: Browser;
let page: Page;

type District = DistrictProgress;

const progressFromApi = async (): Promise<District> => {
  const response = await countedResponse(() =>
    stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/progress?district=Lucknow`, { role: 'district-admin' }),
  );
  expect(response.status).toBe(200);
  return (response.body.districts as District[])[0] as District;
};

const openView = async (target: Page, hash: string) => {
  await target.evaluate((next) => {
    window.location.hash = next;
  }, hash);
};

const cellText = (target: Page, scope: string, row: string, field: string) =>
  target.locator(`${scope} tr[data-row="${row}"] [data-field="${field}"]`).innerText();

beforeAll(async () => {
  seeded = await seedDashboardCampaign(stack.env, stack.driver);
  browser = await launchBrowser();
  page = await browser.newPage();
}, 150_000);

afterAll(async () => {
  await browser?.close();
});

describe('admin dashboard', () => {
  it("signs in with a development role and shows each block's figures as the API gives them", async () => {
    await page.goto(stack.env.endpoints.dashboard.url);
    expect(await page.locator('h2#sign-in').innerText()).toBe(en.signInTitle);
    // A token the API does not accept is refused, saying so.
    await page.locator('textarea[name="token"]').fill('not-a-token');
    await page.getByRole('button', { name: en.useToken }).click();
    expect(await page.getByRole('alert').innerText()).toContain('The server did not accept this token');

    await signIn(page, stack.env.endpoints.dashboard.url, 'district-admin');
    await page.locator('[data-district="Lucknow"] tr[data-row="Mal"]').waitFor();
    const lucknow = await progressFromApi();
    // What was seeded: 17 on the roster, 3 cards issued (their SMS went), 1 made whose SMS DLT refused (not issued),
    // 3 waiting for a DDO.
    expect(lucknow).toMatchObject({ eligible: 17, started: 11, issued: 3, pendingApproval: 3 });
    expect(lucknow.blocks.map((block) => block.name).sort()).toEqual(['Mal', 'Sarojini Nagar']);

    const scope = '[data-district="Lucknow"]';
    for (const block of lucknow.blocks) {
      for (const field of ['eligible', 'started', 'mobileVerified', 'ekycDone', 'pendingApproval', 'issued'] as const) {
        expect(figure(await cellText(page, scope, block.name, field)), `${block.name} ${field}`).toBe(block[field]);
      }
      expect(figure(await cellText(page, scope, block.name, 'saturationPercent'))).toBe(block.saturationPercent);
      expect(figure(await cellText(page, scope, block.name, 'changeIssued'))).toBe(block.change?.issued);
      const bar = page.locator(`${scope} [data-bar="${block.name}"]`);
      expect(await bar.locator('[data-field="issued-of-eligible"]').innerText()).toBe(`${block.issued} of ${block.eligible}`);
      expect(figure(await bar.locator('[data-field="saturation"]').innerText())).toBe(block.saturationPercent);
    }
    // The funnel is the district's, with today's change.
    for (const step of ['eligible', 'started', 'mobileVerified', 'ekycDone', 'pendingApproval', 'issued'] as const) {
      expect(figure(await page.locator(`.funnel [data-field="${step}"]`).innerText()), step).toBe(lucknow[step]);
    }
    expect(await page.locator('.funnel [data-field="change-issued"]').innerText()).toBe(`${en.changeToday} +${lucknow.change?.issued}`);
    // Who is stopped and why: one Aadhaar without a mobile, one cancelled (an update needed), one card whose SMS failed.
    // The whole gap ledger in the message: a case missing here shows under which reason it was counted instead.
    expect(lucknow.blocked, JSON.stringify(lucknow.gap)).toEqual({
      'aadhaar-mobile-not-linked': 1,
      'aadhaar-update-needed': 1,
      'card-not-delivered': 1,
    });
    for (const reason of ['aadhaar-mobile-not-linked', 'aadhaar-update-needed']) {
      expect(figure(await page.locator(`#blocked ~ ul [data-bar="${reason}"] [data-field="count"]`).innerText())).toBe(1);
    }
    expect(await page.locator('#blocked ~ ul [data-bar="aadhaar-mobile-not-linked"] .bar-label').innerText()).toBe(
      en.reason_aadhaar_mobile_not_linked,
    );
    await screenshot(page, 'overview-desktop');
  });

  it('shows pending approvals per DDO by days waiting, the slowest first', async () => {
    await page.getByRole('link', { name: en.navApprovals }).click();
    await page.locator('tr[data-row="DDO-LKO-0001"]').waitFor();
    const lucknow = await progressFromApi();
    const ddos = (lucknow.ddos ?? []).filter((ddo) => ddo.pendingApproval > 0);
    expect(ddos.map((ddo) => ddo.name).sort()).toEqual(['DDO-LKO-0001', 'DDO-LKO-0002']);
    for (const ddo of ddos) {
      for (const bucket of ['0-1 days', '2-3 days', '4-7 days', 'over 7 days'] as const) {
        expect(figure(await cellText(page, 'table', ddo.name, bucket)), `${ddo.name} ${bucket}`).toBe(ddo.pendingByAge[bucket]);
      }
      expect(figure(await cellText(page, 'table', ddo.name, 'total'))).toBe(ddo.pendingApproval);
    }
    // Both wait 0-1 days; DDO-LKO-0001 has more of them, so it comes first. The district row sums them.
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-row')))).toEqual([
      'DDO-LKO-0001',
      'DDO-LKO-0002',
    ]);
    expect(figure(await cellText(page, 'tfoot', 'total', 'total'))).toBe(lucknow.pendingApproval);
    await screenshot(page, 'approvals-desktop');
  });

  it("shows the gap ledger by reason, gives a block's worklist CSV and the daily report", async () => {
    await page.getByRole('link', { name: en.navGaps }).click();
    await page.locator('tr[data-row="Mal"] [data-field="withoutCard"]').waitFor();
    const lucknow = await progressFromApi();
    for (const block of lucknow.blocks) {
      expect(figure(await cellText(page, 'table', block.name, 'withoutCard'))).toBe(block.eligible - block.issued);
      for (const [reason, count] of Object.entries(block.gap))
        expect(figure(await cellText(page, 'table', block.name, reason)), `${block.name} ${reason}`).toBe(count);
    }

    await page.getByRole('button', { name: 'Worklist CSV of Mal' }).click();
    const worklist = page.locator('[data-worklist="Mal"]');
    await worklist.waitFor();
    const mal = lucknow.blocks.find((block) => block.name === 'Mal') as Place;
    expect(await worklist.innerText()).toContain(`Worklist of Mal: ${mal.eligible - mal.issued} people.`);
    const csv = await (await fetch(String(await worklist.getByRole('link', { name: en.download }).getAttribute('href')))).text();
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1 + mal.eligible - mal.issued);

    await page.getByRole('button', { name: en.makeReport }).click();
    const report = page.locator('[data-report]');
    await report.waitFor();
    expect(await report.innerText()).toContain(`${lucknow.issued} cards of ${lucknow.eligible} eligible`);
    const pdf = Buffer.from(
      await (await fetch(String(await report.getByRole('link', { name: en.reportPdf }).getAttribute('href')))).arrayBuffer(),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await screenshot(page, 'gaps-desktop');
  });

  it('opens the failed execution, redrives it from the page and sees it move to SUCCEEDED', async () => {
    const { registrationId, mobile } = seeded.failed;
    await page.getByRole('link', { name: en.navExecutions }).click();
    await page.locator('select[name="status"]').selectOption('FAILED');
    await page.getByRole('button', { name: en.show }).click();
    // The list as filtered, once loaded.
    await page.locator('.list[aria-busy="false"][data-filters*="status=FAILED"] tbody tr').first().waitFor();
    const row = page.locator(`tr[data-row="${registrationId}"]`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('FAILED');
    expect(await row.locator('[data-field="error"] [data-error]').getAttribute('data-error')).toBe('SmsRejectedError');
    expect(await row.locator('[data-field="error"]').innerText()).toBe(en.errorName_SmsRejectedError);

    await row.getByRole('link', { name: registrationId }).click();
    await page.locator('[data-state="IssueCard"][data-outcome="failed"]').waitFor();
    expect(await page.locator('[data-state="IssueCard"]').innerText()).toContain(en.errorName_SmsRejectedError);
    await screenshot(page, 'execution-failed');

    await page.getByRole('button', { name: en.redrive }).click();
    const watch = page.locator('[data-watch="moved"]');
    await watch.waitFor({ timeout: 30_000 });
    expect(await watch.innerText()).toBe(`The execution is now: ${en.status_SUCCEEDED}.`);
    expect(await page.locator('[data-field="status"] [data-status]').getAttribute('data-status')).toBe('SUCCEEDED');
    expect(await page.locator('[data-field="redriveCount"]').innerText()).toBe('1');
    expect(
      await page
        .locator('.timeline-step')
        .evaluateAll((steps) => steps.slice(-2).map((step) => `${step.getAttribute('data-state')}:${step.getAttribute('data-outcome')}`)),
    ).toEqual(['IssueCard:failed', 'IssueCard:done']);
    expect(await page.locator('[data-entry="redrive"]').count()).toBe(1);
    // Really moved: the API says so, and the person got the card SMS at last.
    const detail = await stack.driver.call('GET', `/v1/admin/executions/registration/${registrationId}`, { role: 'district-admin' });
    expect(detail.body).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect((await stack.driver.outbox(mobile)).filter((message) => message.template === 'card-issued')).toHaveLength(1);
    await screenshot(page, 'execution-redriven');
  });

  it('stops a running execution from the page, asking why, and sees it stopped', async () => {
    const waiting = seeded.otpSent[0] as string;
    await openView(page, `#/executions/registration/${waiting}`);
    await page.locator('[data-field="status"] [data-status="RUNNING"]').waitFor();
    await page.getByRole('button', { name: en.stop, exact: true }).click();
    const confirm = page.getByRole('button', { name: en.confirmStop });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel(en.stopReason).fill('Duplicate camp entry');
    await confirm.click();
    await page.locator('[data-watch="moved"]').waitFor();
    expect(await page.locator('[data-watch="moved"]').innerText()).toBe(`The execution is now: ${en.status_ABORTED}.`);
    expect(await page.getByRole('button', { name: en.redrive }).isVisible()).toBe(true);
    const detail = await stack.driver.call('GET', `/v1/admin/executions/registration/${waiting}`, { role: 'district-admin' });
    expect(detail.body).toMatchObject({ status: 'ABORTED' });
  });

  it('shows roster imports with progress and counts, and links the rejects report', async () => {
    const rosters = rosterClient(stack.env);
    const key = 'rosters/up-sects/Jhansi/employees/jhansi-office.csv';
    await rosters.upload(
      key,
      'Employee ID,Name,Gender,DDO Code,District\nJH-1,Asha Rani,F,DDO-JHS-0001,Jhansi\nJH-2,Mohan Lal,Q,DDO-JHS-0001,Jhansi\nJH-3,Ravi Kant,M,DDO-JHS-0001,Jhansi\n',
    );
    const imported = await rosters.finished('Jhansi', key);
    rosters.close();
    expect(imported.counts).toMatchObject({ inserted: 2, rejected: 1 });

    // A state admin sees every district's imports.
    const admin = await browser.newPage();
    await signIn(admin, stack.env.endpoints.dashboard.url, 'state-admin');
    await openView(admin, '#/imports');
    const row = admin.locator(`tr[data-row="${imported.importId}"]`);
    await row.waitFor();
    expect(await admin.locator(`tr[data-row="${seeded.rosterImport.importId}"]`).count()).toBe(1);
    expect(await row.locator('[data-field="percent"]').innerText()).toBe('100%');
    expect(await row.locator('progress').getAttribute('value')).toBe('100');
    expect(figure(await row.locator('[data-field="inserted"]').innerText())).toBe(2);
    expect(figure(await row.locator('[data-field="rejected"]').innerText())).toBe(1);

    await row.getByRole('link', { name: 'jhansi-office.csv' }).click();
    await admin.locator('[data-count="rejected"]').waitFor();
    expect(await admin.locator('[data-count="inserted"] dd').innerText()).toBe('2');
    expect(await admin.locator('[data-count="rejected"] dd').innerText()).toBe('1');
    const link = String(await admin.locator('[data-link="rejects-report"]').getAttribute('href'));
    const rejects = (await (await fetch(link)).text()).replace(/^\uFEFF/, '');
    expect(rejects.split('\n')[0]).toContain('row,column,reason');
    expect(rejects).toContain('Mohan Lal');
    await screenshot(admin, 'import-detail');
    await admin.close();
  });

  it('switches to Hindi: the labels come from the Hindi dictionary, the figures stay the same', async () => {
    await openView(page, '#/overview');
    await page.locator('[data-district="Lucknow"] tr[data-row="Mal"]').waitFor();
    const before = await cellText(page, '[data-district="Lucknow"]', 'Mal', 'issued');
    await page.locator('button[data-language="hi"]').click();
    await page.locator('h2', { hasText: hi.overviewTitle }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('hi');
    expect(await page.locator('nav.site-nav a').allInnerTexts()).toEqual([
      hi.navOverview,
      hi.navApprovals,
      hi.navGaps,
      hi.navCamps,
      hi.navFieldForce,
      hi.navExecutions,
      hi.navImports,
      hi.navStuck,
      hi.navAnomalies,
      hi.navInbox,
    ]);
    expect(await page.locator('[data-district="Lucknow"] thead th').allInnerTexts()).toEqual(
      expect.arrayContaining([
        hi.block,
        hi.eligible,
        hi.started,
        hi.mobileVerified,
        hi.ekycDone,
        hi.pendingApproval,
        hi.issued,
        hi.saturation,
      ]),
    );
    expect(await page.locator('button[data-language="hi"]').getAttribute('aria-pressed')).toBe('true');
    expect(await cellText(page, '[data-district="Lucknow"]', 'Mal', 'issued')).toBe(before);
    // Nothing of the English dictionary is left on the page (besides names, ids and figures).
    const text = await page.locator('body').innerText();
    for (const label of [en.overviewTitle, en.funnelTitle, en.eligible, en.navApprovals, en.signOut]) expect(text).not.toContain(label);

    // Remembered on this browser.
    await page.reload();
    await page.locator('h2', { hasText: hi.overviewTitle }).waitFor();
    await openView(page, '#/approvals');
    await page.locator('h2', { hasText: hi.approvalsTitle }).waitFor();
    await page.locator('tr[data-row="DDO-LKO-0001"]').waitFor();
    expect(await page.locator('thead th').allInnerTexts()).toEqual([hi.ddo, hi.age0to1, hi.age2to3, hi.age4to7, hi.ageOver7, hi.total]);
    await screenshot(page, 'approvals-hindi');
    await page.locator('button[data-language="en"]').click();
    await page.locator('h2', { hasText: en.approvalsTitle }).waitFor();
  });

  it('fits a phone: no sideways scroll at 375 px on any view, wide tables scroll inside their box', async () => {
    const phone = await browser.newPage({ width: 375, height: 812 });
    await signIn(phone, stack.env.endpoints.dashboard.url, 'district-admin');
    for (const view of seededViews(seeded)) {
      await openView(phone, view.hash);
      await phone.locator(view.ready).first().waitFor();
      const widths = await phone.evaluate(() => ({
        document: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(widths, view.hash).toEqual({ document: 375, body: 375, viewport: 375 });
    }
    await openView(phone, '#/overview');
    const box = phone.locator('[data-district="Lucknow"] .table-wrap');
    await box.waitFor();
    const scrolls = await box.evaluate((element) => ({
      overflow: getComputedStyle(element).overflowX,
      wider: element.scrollWidth > element.clientWidth,
    }));
    expect(scrolls).toEqual({ overflow: 'auto', wider: true });
    await screenshot(phone, 'overview-phone');
    await phone.close();
  });

  it('has the accessible basics: one h1, labelled controls, a skip link that moves focus to the content', async () => {
    await openView(page, '#/executions');
    // Focus starts at the top of a freshly loaded page.
    await page.reload();
    await page.locator('.list[aria-busy="false"] tbody tr').first().waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    const unlabelled = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('input, select, textarea, button')).filter((element) => {
          const control = element as HTMLInputElement;
          return (control.labels?.length ?? 0) === 0 && !control.getAttribute('aria-label') && (control.textContent ?? '').trim() === '';
        }).length,
    );
    expect(unlabelled).toBe(0);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en.skipToContent);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Keyboard only: into the filters, choose a status, submit.
    await page.locator('select[name="status"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    await eventually(
      'the filter to reach the URL',
      async () => ((await page.evaluate(() => window.location.hash)).includes('status=RUNNING') ? true : undefined),
      { timeoutMs: 5000 },
    );
  });
});
