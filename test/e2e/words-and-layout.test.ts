// Words and layout of the dashboard in Debian's Chromium, against a seeded embedded stack: a walk of every view in
// Hindi (a district admin, a state admin, and a DDO for the inbox and a case) finds no English left outside names,
// ids and a short list of units; and the layout holds what the morning review needs — the gap ledger's worklist
// on screen at 1366 px and 375 px, a compact header, each table named once, bars on one axis, a refused import
// never drawn as a full green bar, overdue times true, no "Try again" for errors a retry cannot fix.
// The approval SLA is 2 s (APPROVAL_SLA_SECONDS) so the seeded pending cases are past their limit; the wait sweep
// that would escalate them is held off (once an hour) so they stay with their DDO while the test runs.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictProgress } from '../../functions/core/use-cases/campaigns.js';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { seedDashboardCampaign, seededViews, type SeededCampaign } from '../support/dashboard-seed.js';
import { eventually } from '../support/eventually.js';
import { seedField, type SeededField } from '../support/field-seed.js';
import { countedResponse } from '../support/progress.js';
import { useRegistrationStack } from '../support/registration.js';
import { rosterClient } from '../support/rosters.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';

const stack = useRegistrationStack({ extraEnv: { APPROVAL_SLA_SECONDS: '2' }, scheduleSeconds: { sweepWaits: 3600 } });
let seeded: SeededCampaign;
let field: SeededField;
let browser: Browser;
let refusedImportId: string;
let rejectsImportId: string;
let anomalyId: string;
let taskId: string;
/** Names and ids the page may show in Latin letters: what the test seeded, and the ids the API gave it. */
const namesAndIds = new Set<string>();
/**
 * Latin words a Hindi page may keep, each for a reason: OTP, SMS, CSV, PDF are how Hindi forms and government SMS
 * write them (Devanagari spellings are rarer than the Latin ones); UTF-8 is the name of an encoding to save a file in.
 */
const latinAllowed = new Set(['OTP', 'SMS', 'CSV', 'PDF', 'UTF-8']);
/** Keys of the keyboard (<kbd>: j, k, Shift+A, Enter) are shown as printed on the keys. */

type Role = 'district-admin' | 'state-admin' | 'ddo' | 'operator';

const openView = async (page: Page, hash: string) => {
  await page.evaluate((next) => {
    window.location.hash = next;
  }, hash);
};

const signInAs = async (page: Page, role: Role, language: 'en' | 'hi' = 'en') => {
  await page.goto(stack.env.endpoints.dashboard.url);
  await page.locator(`button[data-role="${role}"]:enabled`).click();
  await page.locator('nav.site-nav').waitFor();
  // The language is remembered by the browser: each page says which it wants.
  await page.locator(`button[data-language="${language}"]`).click();
  await page.locator(`html[lang="${language}"]`).waitFor();
};

const progressFromApi = async (): Promise<DistrictProgress> => {
  const response = await countedResponse(() =>
    stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/progress?district=Lucknow`, { role: 'district-admin' }),
  );
  expect(response.status).toBe(200);
  return (response.body.districts as DistrictProgress[])[0] as DistrictProgress;
};

/**
 * Visible text of the page (and aria-label, title, placeholder, alt of visible elements), without what is marked as
 * another language (`lang` other than hi: the language switch's "English", a file's cells quoted as the file has
 * them), without the names and ids the test
 * knows; the Latin words left in it.
 */
const englishLeft = async (page: Page, allowed: readonly string[]): Promise<string[]> => {
  const texts = await page.evaluate(() => {
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const inHindi = (element: Element) => (element.closest('[lang]')?.getAttribute('lang') ?? 'hi') === 'hi';
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent === null || !visible(parent) || !inHindi(parent) || parent.closest('script, style, kbd') !== null) continue;
      const text = (node.textContent ?? '').trim();
      if (text !== '') found.push(text);
    }
    for (const element of Array.from(document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
      if (!inHindi(element)) continue;
      // A scrolling region is labelled for screen readers even where its box is the table's.
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = element.getAttribute(name);
        if (value !== null && value.trim() !== '') found.push(value);
      }
    }
    return found;
  });
  const longestFirst = [...allowed]
    .sort((a, b) => b.length - a.length)
    .map((name) => new RegExp(`(?<![A-Za-z0-9])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'));
  return texts.flatMap((text) => {
    let rest = text;
    for (const name of longestFirst) rest = rest.replace(name, ' ');
    // A name masked as the role requires keeps each part's first letter (R*** K*** Y***).
    rest = rest.replace(/(?<![A-Za-z0-9])[A-Za-z]\*{3}/g, ' ');
    return (rest.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter((word) => !latinAllowed.has(word)).map((word) => `${word} in "${text}"`);
  });
};

const waitForSettled = async (page: Page, ready: string) => {
  await page.locator(ready).first().waitFor();
  // Nothing still loading (a view's parts load side by side: the campaign view's trend and its categories).
  await page.waitForFunction(() => document.querySelector('.loading') === null, undefined, { timeout: 15_000 });
};

beforeAll(async () => {
  const { driver, env } = stack;
  seeded = await seedDashboardCampaign(env, driver);
  // Camps and field workers: the camps calendar, a camp's page and the workers' progress are walked too.
  field = await seedField(driver, seeded.campaignId);
  for (const value of field.namesAndIds) namesAndIds.add(value);
  // Four ration-card families on one mobile: an open anomaly.
  const shared = await driver.familiesOnOneMobile([1, 2, 3, 4], (index) => `Parivar ${index}`);
  // A file the import refuses whole: empty.
  const rosters = rosterClient(env);
  const refusedKey = 'rosters/up-sects/Lucknow/employees/empty-office.csv';
  await rosters.upload(refusedKey, '');
  const refused = await rosters.finished('Lucknow', refusedKey);
  // A file with one row refused (a gender the roster does not know) beside a good one: its rejects in the page.
  const rejectsKey = 'rosters/up-sects/Lucknow/employees/second-office.csv';
  await rosters.upload(
    rejectsKey,
    'Employee ID,Name,Gender,Year of Birth,DDO Code,Department,Block,District,Status\nDB-101,Asha Rani,F,1985,DDO-LKO-0001,Education,Mal,Lucknow,active\nDB-102,Mohan Lal,Q,1979,DDO-LKO-0001,Education,Mal,Lucknow,active\n',
  );
  const withRejects = await rosters.finished('Lucknow', rejectsKey);
  expect(withRejects.counts).toMatchObject({ inserted: 1, rejected: 1 });
  rejectsImportId = withRejects.importId;
  for (const value of ['Asha Rani', 'Mohan Lal', 'DB-101', 'DB-102', 'Q']) namesAndIds.add(value);
  rosters.close();
  expect(refused.status).toBe('REFUSED');
  refusedImportId = refused.importId;

  const anomalies = await eventually('the shared mobile listed as an anomaly', async () => {
    const response = await driver.call('GET', '/v1/admin/anomalies', { role: 'district-admin' });
    const items = response.body.items as { anomalyId: string; subject: string }[];
    return items.some((item) => item.subject.endsWith(shared.slice(-4))) ? items : undefined;
  });
  anomalyId = (anomalies.find((item) => item.subject.endsWith(shared.slice(-4))) as { anomalyId: string }).anomalyId;

  const pending = await driver.call('GET', '/v1/approvals', { role: 'ddo' });
  const items = pending.body.items as { taskId: string; registrationId: string }[];
  expect(items.length).toBeGreaterThan(0);
  taskId = (items[0] as { taskId: string }).taskId;

  // Names and ids: what was seeded (places, people, the campaign's name, the roster's department), and the ids
  // the API lists (registrations, executions, imports and their file keys, tasks, DDO codes, employee ids).
  const lucknow = await progressFromApi();
  for (const name of ['Lucknow', 'Jhansi', 'Lucknow employees drive', 'Education', ...lucknow.blocks.map((block) => block.name)])
    namesAndIds.add(name);
  for (const ddo of lucknow.ddos ?? []) namesAndIds.add(ddo.name);
  for (const role of ['district-admin', 'state-admin'] as const) {
    for (const workflow of ['registration', 'rosterImport']) {
      const executions = await driver.call('GET', `/v1/admin/executions?workflow=${workflow}&limit=100`, { role });
      expect(executions.status, JSON.stringify(executions.body)).toBe(200);
      for (const item of executions.body.items as { name: string }[]) {
        // The execution's id, and the person and block behind it (a name is masked for a state admin).
        collectStrings(item, (value) => {
          if (nameOrId(value)) namesAndIds.add(value);
        });
      }
    }
    const stuck = await driver.call('GET', '/v1/admin/stuck?workflow=registration', { role });
    for (const item of stuck.body.items as { person?: { name?: string } }[])
      if (item.person?.name !== undefined) namesAndIds.add(item.person.name);
    const imports = await driver.call('GET', '/v1/admin/imports?limit=100', { role });
    for (const item of imports.body.items as { importId: string; key: string }[]) {
      namesAndIds.add(item.importId);
      namesAndIds.add(item.key);
      namesAndIds.add(item.key.split('/').at(-1) as string);
    }
  }
  for (const item of items as unknown as { taskId: string; registrationId: string; person?: { name?: string; employeeId?: string } }[]) {
    namesAndIds.add(item.taskId);
    namesAndIds.add(item.registrationId);
  }
  const detail = await driver.call('GET', `/v1/approvals/${taskId}`, { role: 'ddo' });
  // Who acted on the case (an approver's or a portal's id), as its timeline names them; "system" has words.
  for (const entry of (detail.body.timeline as { by?: string }[] | undefined) ?? [])
    if (entry.by !== undefined && entry.by !== 'system') namesAndIds.add(entry.by);
  collectStrings(detail.body, (value) => {
    // Person names, ids, offices and codes of the case as the roster and e-KYC gave them.
    if (nameOrId(value)) namesAndIds.add(value);
  });
  const anomaly = await driver.call('GET', `/v1/admin/anomalies/${anomalyId}`, { role: 'district-admin' });
  collectStrings(anomaly.body, (value) => {
    // Ration-card numbers and ids of the registrations behind the anomaly.
    for (const part of value.split(':')) if (nameOrId(part) && /\d/.test(part)) namesAndIds.add(part);
  });
  namesAndIds.add('no-such-registration');
  for (let id = 1; id <= 17; id += 1) {
    namesAndIds.add(`DB-${String(id).padStart(3, '0')}`);
    namesAndIds.add(`Karmchari ${id}`);
  }
  for (let index = 0; index < 8; index += 1) namesAndIds.add(driver.identity('success', index).name);
  namesAndIds.add(driver.identity('mobile-not-linked').name);
  namesAndIds.add(driver.identity('aadhaar-cancelled').name);
  for (const index of [1, 2, 3, 4]) namesAndIds.add(`Parivar ${index}`);
  browser = await launchBrowser();
}, 240_000);

/**
 * A value of an API answer that may stand in the page as it is: a name or an id. Never a code (PENDING_APPROVAL,
 * not-started, approve, SmsRejectedError, IssueCard): a code shown raw is what the walk is there to find.
 */
const nameOrId = (value: string): boolean =>
  /[A-Za-z]/.test(value) &&
  value.length >= 3 &&
  value.length < 60 &&
  !/^[A-Z][A-Z_]+$/.test(value) &&
  !/^[a-z]+([-_][a-z]+)*$/.test(value) &&
  !/^[A-Z][a-z]+([A-Z][a-z]*)+$/.test(value) &&
  !/^\d{4}-\d{2}-\d{2}T/.test(value) &&
  !/^https?:/.test(value);

/** Every string value in an API answer, except the Hindi dictionary's own fields (labels in two languages). */
const collectStrings = (value: unknown, found: (text: string) => void): void => {
  if (typeof value === 'string') found(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, found);
  else if (value !== null && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) if (key !== 'en' && key !== 'hi' && key !== 'message') collectStrings(inner, found);
};

afterAll(async () => {
  await browser?.close();
});

const adminViews = () => [
  ...seededViews(seeded),
  { hash: `#/imports/${refusedImportId}`, ready: '[data-field="status"]' },
  { hash: `#/imports/${rejectsImportId}`, ready: '[aria-labelledby="import-rejects"] tbody tr' },
  // The people behind counts: cards issued in the district, and one gap reason in one block.
  { hash: `#/people?campaignId=${seeded.campaignId}&district=Lucknow&key=issued`, ready: 'tbody tr' },
  { hash: `#/people?campaignId=${seeded.campaignId}&district=Lucknow&block=Mal&key=not-started`, ready: 'tbody tr' },
  { hash: '#/stuck', ready: 'tbody tr' },
  { hash: '#/anomalies', ready: 'tbody tr' },
  { hash: `#/anomalies/${anomalyId}`, ready: '.table-wrap tbody tr' },
  { hash: '#/inbox', ready: 'h2' },
  // The morning review: the attention panel and the target and pace, once the trend has come.
  { hash: '#/overview', ready: '[data-chart="cards-per-day"]' },
  // An execution that does not exist: the error itself must be in Hindi.
  { hash: '#/executions/registration/no-such-registration', ready: '[role="alert"]' },
  // Camps and the field force: the month's calendar, a camp's page (outcome, its list, the follow-up list), the
  // workers' progress by worker, role and department, and one worker.
  { hash: `#/camps?month=${field.today.slice(0, 7)}`, ready: '[data-camp]' },
  ...field.camps.map((camp) => ({ hash: `#/camps/${camp.campId}`, ready: '[data-targets="all"] tbody tr[data-row]' })),
  ...(['worker', 'role', 'department'] as const).map((groupBy) => ({
    hash: `#/field-force?groupBy=${groupBy}`,
    ready: `.list[data-group="${groupBy}"] tbody tr[data-row]`,
  })),
  ...field.workers.map((worker) => ({ hash: `#/field-force/${worker.workerId}`, ready: `[data-worker="${worker.workerId}"]` })),
];

describe('the dashboard in Hindi', () => {
  for (const role of ['district-admin', 'state-admin'] as const) {
    it(`leaves no English outside names and ids on any view (${role})`, async () => {
      const page = await browser.newPage({ width: 1366, height: 800 });
      await signInAs(page, role, 'hi');
      const left: string[] = [];
      for (const view of adminViews()) {
        await openView(page, view.hash);
        await waitForSettled(page, view.ready);
        left.push(...(await englishLeft(page, [...namesAndIds])).map((word) => `${view.hash}: ${word}`));
      }
      // The gap ledger's worklist and daily report, opened.
      await openView(page, '#/gaps');
      await waitForSettled(page, 'tr[data-row="Mal"]');
      await page.getByRole('button', { name: hi.worklistOf.replace('{block}', 'Mal') }).click();
      await page.locator('[data-worklist="Mal"]').waitFor();
      await page.getByRole('button', { name: hi.makeReport }).click();
      await page.locator('[data-report]').waitFor();
      left.push(...(await englishLeft(page, [...namesAndIds])).map((word) => `#/gaps (opened): ${word}`));
      await screenshot(page, `hindi-walk-${role}`);
      await page.close();
      expect(left).toEqual([]);
    });
  }

  it('leaves no English on the inbox and a case (a DDO)', async () => {
    const page = await browser.newPage({ width: 1366, height: 800 });
    await signInAs(page, 'ddo', 'hi');
    const left: string[] = [];
    for (const view of [
      { hash: '#/inbox', ready: `[data-task="${taskId}"]` },
      { hash: `#/inbox/${taskId}`, ready: 'table.compare' },
      { hash: '#/delegations', ready: 'form' },
    ]) {
      await openView(page, view.hash);
      await waitForSettled(page, view.ready);
      left.push(...(await englishLeft(page, [...namesAndIds])).map((word) => `${view.hash}: ${word}`));
    }
    await screenshot(page, 'hindi-walk-case');
    await page.close();
    expect(left).toEqual([]);
  });

  it("leaves no English on a camp's desk (its operator)", async () => {
    const page = await browser.newPage({ width: 375, height: 812 });
    await signInAs(page, 'operator', 'hi');
    const left: string[] = [];
    for (const camp of field.camps) {
      await openView(page, `#/camps/${camp.campId}`);
      await waitForSettled(page, '[data-targets="all"] tbody tr[data-row]');
      left.push(...(await englishLeft(page, [...namesAndIds])).map((word) => `#/camps/${camp.campId} (desk): ${word}`));
    }
    await page.close();
    expect(left).toEqual([]);
  });
});

describe('layout and visuals', () => {
  for (const viewport of [
    { width: 1366, height: 800 },
    { width: 375, height: 812 },
  ]) {
    it(`keeps the gap ledger's worklist on screen and the header compact at ${viewport.width} px`, async () => {
      const page = await browser.newPage(viewport);
      await signInAs(page, 'district-admin');
      await openView(page, '#/gaps');
      await waitForSettled(page, 'tr[data-row="Mal"]');
      const lucknow = await progressFromApi();
      for (const block of lucknow.blocks) {
        const button = page.getByRole('button', { name: en.worklistOf.replace('{block}', block.name) });
        await button.scrollIntoViewIfNeeded();
        const box = await button.boundingBox();
        expect(box, block.name).not.toBeNull();
        if (box === null) continue;
        // Wholly inside the window, without scrolling the table sideways.
        expect(box.x, block.name).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, block.name).toBeLessThanOrEqual(viewport.width);
      }
      // The table fits its box, or says that it scrolls.
      const table = await page.locator('[aria-labelledby="gap-blocks"] .table-wrap').evaluate((element) => ({
        wider: element.scrollWidth > element.clientWidth + 1,
        marked: element.getAttribute('data-scrolls'),
      }));
      expect(table.marked).toBe(table.wider ? 'true' : 'false');
      if (table.wider) expect(await page.locator('[aria-labelledby="gap-blocks"] [data-scroll-hint]').isVisible()).toBe(true);
      // Key columns first: block, without a card, the worklist.
      expect(
        await page
          .locator('[aria-labelledby="gap-blocks"] tbody tr[data-row="Mal"] > *')
          .evaluateAll((cells) => cells.slice(0, 3).map((cell) => cell.getAttribute('data-field'))),
      ).toEqual(['name', 'withoutCard', 'worklist']);
      // Header and tabs: at most an eighth of a desktop window's height (they took 320 of 800 px), a fifth of a phone's.
      await page.evaluate(() => window.scrollTo(0, 0));
      const top = await page.evaluate(() => (document.querySelector('nav.site-nav') as HTMLElement).getBoundingClientRect().bottom);
      expect(top).toBeLessThanOrEqual(viewport.width > 1000 ? viewport.height / 8 : viewport.height / 5);
      // The page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(viewport.width);
      await screenshot(page, `gaps-${viewport.width}`);
      await page.close();
    });
  }

  it("names each table once, and scales the blocked reasons' bars to one axis", async () => {
    const page = await browser.newPage({ width: 1366, height: 800 });
    await signInAs(page, 'district-admin');
    for (const view of adminViews().slice(0, 9)) {
      await openView(page, view.hash);
      await waitForSettled(page, view.ready);
      const titles = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main h2, main h3, main caption'))
          .filter((element) => {
            const box = element.getBoundingClientRect();
            return box.width > 1 && box.height > 1;
          })
          .map((element) => (element.textContent ?? '').trim()),
      );
      expect(
        titles.filter((title, index) => titles.indexOf(title) !== index),
        view.hash,
      ).toEqual([]);
    }
    // Three reasons with one person each (as seeded): each bar is one of the people without a card, not a full bar.
    await openView(page, '#/overview');
    await waitForSettled(page, '[data-district="Lucknow"] table');
    const lucknow = await progressFromApi();
    const withoutCard = Object.values(lucknow.gap).reduce((sum, count) => sum + count, 0);
    expect(withoutCard).toBe(lucknow.eligible - lucknow.issued);
    expect(Object.values(lucknow.blocked)).toEqual([1, 1, 1]);
    for (const reason of Object.keys(lucknow.blocked)) {
      const share = await page.locator(`#blocked ~ ul [data-bar="${reason}"] .bar`).evaluate((bar) => {
        const fill = bar.querySelector('.bar-fill') as HTMLElement;
        return fill.getBoundingClientRect().width / bar.getBoundingClientRect().width;
      });
      expect(share, reason).toBeCloseTo(1 / withoutCard, 2);
    }
    await page.close();
  });

  it('draws a refused import as refused, not as a green 100% bar', async () => {
    const page = await browser.newPage({ width: 1366, height: 800 });
    await signInAs(page, 'district-admin');
    await openView(page, '#/imports');
    const row = page.locator(`tr[data-row="${refusedImportId}"]`);
    await row.waitFor();
    expect(await row.locator('progress').count()).toBe(0);
    expect(await row.locator('[data-field="percent"]').count()).toBe(0);
    const badges = row.locator('[data-status="REFUSED"]');
    expect(await badges.count()).toBeGreaterThan(0);
    for (const badge of await badges.all()) expect(await badge.getAttribute('class')).toContain('badge-bad');
    // The imported one beside it is the one drawn full.
    expect(await page.locator(`tr[data-row="${seeded.rosterImport.importId}"] progress`).getAttribute('value')).toBe('100');
    // Its reason in words, not the import's English message or code.
    await openView(page, `#/imports/${refusedImportId}`);
    await page.locator('.notice-error').waitFor();
    expect(await page.locator('.notice-error').innerText()).toBe(en.refusedBecause.replace('{message}', en.refusal_EMPTY_FILE));
    await page.close();
  });

  it('tells how long a case is past its limit, truly', async () => {
    const page = await browser.newPage({ width: 1366, height: 800 });
    await signInAs(page, 'district-admin');
    const before = Date.now();
    const stuck = await stack.driver.call('GET', '/v1/admin/stuck', { role: 'district-admin' });
    const items = stuck.body.items as { name: string; step: string; slaDueAt: string; overdueHours: number }[];
    const item = items.find((candidate) => candidate.step === 'approval');
    expect(item, JSON.stringify(items)).toBeDefined();
    if (item === undefined) return;
    await openView(page, '#/stuck');
    const cell = page.locator(`tr[data-row="${item.name}#approval"] [data-field="overdue"]`);
    await cell.waitFor();
    const after = Date.now();
    // The minutes past the limit as the test's own clock counts them from the API's slaDueAt, between the two reads.
    const minutes = (at: number) => Math.floor((at - Date.parse(item.slaDueAt)) / 60_000);
    const expected = new Set(
      Array.from({ length: minutes(after) - minutes(before) + 1 }, (_, index) => minutes(before) + index).map((count) =>
        count < 1 ? en.overdueUnderMinute : en.overdueMinutes.replace('{minutes}', String(count)),
      ),
    );
    expect(expected).toContain(await cell.innerText());
    expect(await cell.innerText()).not.toMatch(/^0 h$/);
    await page.close();
  });

  it('offers no "Try again" for an error a retry cannot fix, and says it without developer text', async () => {
    const page = await browser.newPage({ width: 1366, height: 800 });
    await signInAs(page, 'district-admin');
    await openView(page, '#/executions/registration/no-such-registration');
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('EXECUTION_NOT_FOUND');
    expect(await alert.innerText()).toBe(en.couldNotLoad.replace('{message}', en.apiError_EXECUTION_NOT_FOUND));
    expect(await page.getByRole('button', { name: en.tryAgain }).count()).toBe(0);
    // A district admin of Lucknow asking for another district's imports: 403, told plainly, no retry.
    await openView(page, '#/imports?district=Jhansi');
    await page.locator('[role="alert"][data-code]').waitFor();
    expect(await page.locator('[role="alert"]').innerText()).not.toMatch(/[A-Z_]{6,}|\/v1\/|API/);
    expect(await page.getByRole('button', { name: en.tryAgain }).count()).toBe(0);
    await page.close();
  });
});
