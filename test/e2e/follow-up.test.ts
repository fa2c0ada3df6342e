// The dashboard's follow-up views in Debian's Chromium: a case waiting past its approval SLA is listed as stuck
// with who holds it now, and a mobile shared by more families than the norm is listed, opened and reviewed from
// the page. Its own stack, with the approval SLA shortened to 2 s (APPROVAL_SLA_SECONDS) so a case gets stuck, and
// the wait sweep that escalates it run every second.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { figure, launchBrowser, screenshot, signIn, type Browser } from './browser.js';

const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' }, scheduleSeconds: { sweepWaits: 1 } });
let browser: Browser;
let page: Page;
let pendingId: string;
let shared: string;

beforeAll(async () => {
  const { driver } = stack;
  // A state employee waiting for the DDO, who does not decide: past the SLA the case is stuck.
  const identity = driver.identity('success', 0);
  const started = await driver.startEmployee(await driver.seedEmployee(identity));
  const mobile = started.mobile;
  pendingId = started.registrationId;
  await driver.verifyMobile(pendingId, mobile);
  expect((await driver.ekycByOtp(pendingId, identity)).status).toBe(200);
  // Four ration-card families on one mobile: one more than PM-JAY's norm.
  shared = await driver.familiesOnOneMobile([1, 2, 3, 4], (index) => `Parivar ${index}`);
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, stack.env.endpoints.dashboard.url, 'district-admin');
}, 150_000);

afterAll(async () => {
  await browser?.close();
});

describe('dashboard follow-up views', () => {
  it('lists the case stuck past its SLA, with who holds it now, and opens its execution', async () => {
    // The API's answer, once the case is overdue and escalated (whoever holds it when the page loads).
    await eventually('the case stuck', async () => {
      const stuck = await stack.driver.call('GET', '/v1/admin/stuck', { role: 'district-admin' });
      const items = stuck.body.items as { name: string; waitingOn: { approverKind?: string } }[];
      return items.some((item) => item.name === pendingId && item.waitingOn.approverKind !== 'ddo') ? true : undefined;
    });
    await page.getByRole('link', { name: en.navStuck }).click();
    const row = page.locator(`tr[data-row="${pendingId}#approval"]`);
    await row.waitFor();
    expect(await row.locator('[data-field="step"]').innerText()).toBe(en.step_approval);
    expect(await row.locator('[data-field="waitingOn"]').innerText()).toMatch(/^(District admin, Lucknow|State admin)$/);
    // Seconds past a 2 s limit: told as such, not as "0 h".
    expect(await row.locator('[data-field="overdue"]').innerText()).toMatch(new RegExp(`^(${en.overdueUnderMinute}|\\d+ min)$`));
    await screenshot(page, 'stuck');
    await row.locator('[data-field="name"] a').click();
    await page.locator('h2', { hasText: pendingId }).waitFor();
  });

  it('lists the shared mobile, shows the families behind it, and records a review from the page', async () => {
    await page.getByRole('link', { name: en.navAnomalies }).click();
    const subject = `******${shared.slice(-4)}`;
    const row = page.locator('tr', { has: page.locator('[data-field="subject"]', { hasText: subject }) });
    await row.waitFor();
    expect(await row.locator('[data-field="kind"]').innerText()).toBe(en.anomalyKind_shared_mobile);
    expect(figure(await row.locator('[data-field="members"]').innerText())).toBe(4);
    expect(figure(await row.locator('[data-field="norm"]').innerText())).toBe(3);
    // The number itself is nowhere on the page.
    expect(await page.content()).not.toContain(shared);
    await row.locator('[data-field="subject"] a').click();
    await page.locator('h2', { hasText: subject }).waitFor();
    expect(await page.locator('#anomaly-registrations ~ .table-wrap tbody tr').count()).toBe(4);

    await page.locator('select[name="outcome"]').selectOption('explained');
    await page.locator('textarea[name="note"]').fill('Ration shop keeper registered elderly neighbours; visited');
    await page.getByRole('button', { name: en.recordReview }).click();
    await page.locator('[data-field="state"]', { hasText: en.anomalyState_reviewed }).waitFor();
    expect(await page.locator('[data-field="review"]').innerText()).toContain('Ration shop keeper');
    await screenshot(page, 'anomaly-reviewed');
    const reviewed = await stack.driver.call('GET', '/v1/admin/anomalies?state=reviewed', { role: 'district-admin' });
    expect(
      (reviewed.body.items as { subject: string; review?: { outcome: string } }[]).find((item) => item.subject === subject)?.review
        ?.outcome,
    ).toBe('explained');
  });
});
