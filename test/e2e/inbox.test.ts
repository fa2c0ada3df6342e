// The approvers' inbox in Debian's Chromium against an embedded stack seeded through the public API: a DDO finds
// 50 pending employees, compares one, rejects 2 with reasons, returns 3 with notes and approves the 45 routine
// ones in bulk, and the API then shows every registration where it should be (the 45 with their cards); a second
// DDO deciding the same case meanwhile; a verifier settling a name mismatch; a delegate deciding; the same at
// 375 px and in Hindi. The test counts the keys and clicks it spends per case and prints them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pMap from 'p-map';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { seedInbox, type EmployeeRow, type SeededCase } from '../support/inbox-seed.js';
import { eventually } from '../support/eventually.js';
import { useRegistrationStack } from '../support/registration.js';
import { launchBrowser, screenshotDir, type Browser } from './browser.js';

const stack = useRegistrationStack();
let browser: Browser;
let page: Page;
let seeded: { employees: SeededCase[]; family: SeededCase };

const mainDdo = 'DDO-LKO-0001';
// 45 routine (the roster agrees with e-KYC), 5 whose roster year of birth is 6 years off; then two cases of a
// DDO that two people hold charge of, and one of a DDO going on leave.
const employeeRows: EmployeeRow[] = [
  ...Array.from({ length: 50 }, (_, index) => ({ index, ddoCode: mainDdo, yearShift: index % 10 === 3 ? 6 : 0 })),
  { index: 50, ddoCode: 'DDO-LKO-0003', yearShift: 0 },
  { index: 51, ddoCode: 'DDO-LKO-0003', yearShift: 0 },
  { index: 52, ddoCode: 'DDO-LKO-0004', yearShift: 0 },
];
const mine = () => seeded.employees.filter((item) => item.ddoCode === mainDdo);

/** Keys and clicks the test spends, as a person would: every press, click and choice in a list; typed notes apart. */
const spent = { keys: 0, clicks: 0, typed: 0 };
const measured: string[] = [];
const press = async (target: Page, key: string) => {
  spent.keys += 1;
  await target.keyboard.press(key);
};
const click = async (target: Locator) => {
  spent.clicks += 1;
  await target.click();
};
const choose = async (target: Locator, value: string) => {
  spent.clicks += 1;
  await target.selectOption(value);
};
const write = async (target: Locator, text: string) => {
  spent.typed += text.length;
  await target.fill(text);
};
const measure = async (what: string, cases: number, act: () => Promise<void>) => {
  const before = { ...spent };
  await act();
  const keys = spent.keys - before.keys;
  const clicks = spent.clicks - before.clicks;
  const typed = spent.typed - before.typed;
  const line = `${what}: ${keys} keys + ${clicks} clicks${typed > 0 ? ` + ${typed} characters of note` : ''} for ${cases} case(s) = ${((keys + clicks) / cases).toFixed(2)} actions per case`;
  measured.push(line);
  console.log(`inbox actions — ${line}`);
};

const token = (claims: Record<string, string>, subject: string) => stack.env.stack.issuer.sign(claims, subject);

const signInWith = async (target: Page, how: { role: string } | { token: string }) => {
  await target.goto(stack.env.endpoints.dashboard.url);
  if ('role' in how) await target.locator(`button[data-role="${how.role}"]:enabled`).click();
  else {
    await target.locator('textarea[name="token"]').fill(how.token);
    await target.getByRole('button', { name: en.useToken }).click();
  }
  await target.locator('nav.site-nav').waitFor();
};

/** The inbox loaded and settled: the list's rows, or its empty notice. */
const inboxRows = async (target: Page) => {
  await target.locator('.inbox-list[aria-busy="false"], [data-empty="inbox"]').first().waitFor();
  return target.locator('.inbox-list > li');
};

/** A value the page reaches once it has loaded and settled (a list reloads after each decision). */
const settled = <T>(probe: () => Promise<T>) => expect.poll(probe, { timeout: 30_000, interval: 100 });

const rowOf = (target: Page, registrationId: string) => target.locator(`.inbox-list > li[data-registration="${registrationId}"]`);

const noSidewaysScroll = (target: Page) =>
  target.evaluate(() => ({ scrollWidth: (document.scrollingElement as Element).scrollWidth, innerWidth: window.innerWidth }));

const apiTasks = async (auth: { role: 'ddo' | 'verifier' } | { token: string }, state = 'PENDING') => {
  const response = await stack.driver.call('GET', `/v1/approvals?state=${state}&limit=100`, auth);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as { taskId: string; registrationId: string; decision?: { by: string; decision: string } }[];
};

const saveShot = async (target: Page, name: string) => {
  mkdirSync(screenshotDir, { recursive: true });
  await target.screenshot({ path: join(screenshotDir, `${name}.png`) });
};

beforeAll(async () => {
  seeded = await seedInbox(stack.env, stack.driver, employeeRows, { index: 60, rosterName: 'Ramesh Chandra Pandey' });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 180_000);

afterAll(async () => {
  if (measured.length > 0) console.log(`inbox actions, all:\n${measured.join('\n')}`);
  await browser?.close();
});

describe("approvers' inbox", () => {
  it('a DDO signs in to the inbox only and finds 50 pending employees oldest first, by search too', async () => {
    await signInWith(page, { role: 'ddo' });
    expect(await page.locator('nav.site-nav a').allInnerTexts()).toEqual([en.navInbox, en.navDelegations]);
    const rows = await inboxRows(page);
    await settled(() => rows.count()).toBe(50);
    // The order is the API's, oldest first; every seeded case is there.
    const listed = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-registration')));
    expect(listed).toEqual((await apiTasks({ role: 'ddo' })).map((task) => task.registrationId));
    expect(new Set(listed)).toEqual(new Set(mine().map((item) => item.registrationId)));
    expect(await page.locator('[data-count="total"] dd').innerText()).toBe('50');
    expect(await page.locator('[data-count="routine"] dd').innerText()).toBe('45');
    expect(await page.locator('[data-count="mismatch"] dd').innerText()).toBe('5');
    expect(await page.locator('[data-count="d0_1"] dd').innerText()).toBe('50');
    for (const item of mine())
      expect(await rowOf(page, item.registrationId).getAttribute('data-kind')).toBe(item.routine ? 'routine' : 'mismatch');
    expect(await rows.first().locator('[data-field="days"]').innerText()).toBe(en.daysWaiting.replace('{count}', '0'));
    await saveShot(page, 'inbox-desktop');

    // Search: an employee id, then a name in Devanagari, as the roster gives them.
    const sought = mine()[17] as SeededCase;
    for (const q of [sought.employeeId as string, sought.identity.nameLocal as string]) {
      await page.locator('input[name="q"]').fill(q);
      await page.keyboard.press('Enter');
      await settled(async () =>
        (await inboxRows(page)).evaluateAll((items) => items.map((item) => item.getAttribute('data-registration'))),
      ).toEqual([sought.registrationId]);
    }
    await page.locator('input[name="q"]').fill('');
    await page.keyboard.press('Enter');
    await settled(async () => (await inboxRows(page)).count()).toBe(50);
  });

  it('at 375 px in Hindi: the list and a case fit the phone; one case is rejected and one returned there', async () => {
    const phone = await browser.newPage({ width: 375, height: 812 });
    await signInWith(phone, { role: 'ddo' });
    await phone.locator('button[data-language="hi"]').click();
    await phone.locator('h2', { hasText: hi.inboxTitle }).waitFor();
    await settled(async () => (await inboxRows(phone)).count()).toBe(50);
    expect(await phone.locator('[data-count="mismatch"] dt').innerText()).toBe(hi.kind_mismatch);
    const width = await noSidewaysScroll(phone);
    expect(width.scrollWidth).toBeLessThanOrEqual(width.innerWidth);
    await saveShot(phone, 'inbox-phone-hindi');

    const [toReject, toReturn] = mine().filter((item) => !item.routine) as [SeededCase, SeededCase];
    await rowOf(phone, toReject.registrationId).locator('a.inbox-name').click();
    const yearRow = phone
      .locator('table.compare tr[data-field="dateOfBirth"], table.compare tr[data-field="yearOfBirth"]')
      .filter({ has: phone.locator('.differs-mark') });
    await yearRow.first().waitFor();
    expect(await yearRow.first().locator('.differs-mark').innerText()).toContain(hi.differs);
    const caseWidth = await noSidewaysScroll(phone);
    expect(caseWidth.scrollWidth).toBeLessThanOrEqual(caseWidth.innerWidth);
    await saveShot(phone, 'inbox-case-phone-hindi');
    await phone.locator('[data-action="reject"]').click();
    expect(await phone.locator('select[name="reasonCode"] option[value="NOT_AN_EMPLOYEE"]').innerText()).toBe(
      hi.rejectReason_NOT_AN_EMPLOYEE,
    );
    await phone.locator('select[name="reasonCode"]').selectOption('NOT_AN_EMPLOYEE');
    await phone.locator('[data-action="confirm-reject"]').click();
    await phone.locator('[data-notice="rejected"]').waitFor();
    expect(await phone.locator('[data-notice="rejected"]').innerText()).toContain(toReject.identity.name);
    await settled(async () => (await inboxRows(phone)).count()).toBe(49);

    await rowOf(phone, toReturn.registrationId).locator('a.inbox-name').click();
    await phone.locator('[data-action="return"]').click();
    await phone.locator('textarea[name="note"]').fill('जन्म तिथि सेवा पुस्तिका से मिलाकर सही करें');
    await phone.locator('[data-action="confirm-return"]').click();
    await phone.locator('[data-notice="returned"]').waitFor();
    expect(await phone.locator('[data-notice="returned"]').innerText()).toBe(
      hi.returnedOne.replace('{name}', `${toReturn.identity.name} · ${toReturn.identity.nameLocal}`),
    );
    await settled(async () => (await inboxRows(phone)).count()).toBe(48);
    const after = await noSidewaysScroll(phone);
    expect(after.scrollWidth).toBeLessThanOrEqual(after.innerWidth);
    // Nothing English is left on the inbox (besides names, ids and figures).
    const text = await phone.locator('main').innerText();
    for (const label of [en.inboxTitle, en.kind_routine, en.selectAllRoutine.split(' {')[0] as string, en.shortcutsTitle])
      expect(text).not.toContain(label);
    await phone.locator('button[data-language="en"]').click();
    await phone.close();
  });

  it('compares a case, rejects and returns the rest of the mismatches, and approves the 45 routine ones in bulk, by keyboard', async () => {
    await page.reload();
    await settled(async () => (await inboxRows(page)).count()).toBe(48);
    const [, , third, fourth, fifth] = mine().filter((item) => !item.routine) as SeededCase[];

    // The cases to compare first: the filter shows them alone, oldest first; each is then opened from the top row.
    await page.locator('select[name="kind"]').selectOption('mismatch');
    await page.locator('.inbox-filters button[type="submit"]').click();
    await settled(async () => (await inboxRows(page)).count()).toBe(3);
    expect(await page.locator('[data-count="total"] dd').innerText()).toBe('3');
    const opened = await (await inboxRows(page)).first().getAttribute('data-registration');
    await measure('reject one opened case (open, reject, choose the reason, confirm)', 1, async () => {
      await press(page, 'o');
      await page.locator('table.compare').waitFor();
      const item = [third, fourth, fifth].find((candidate) => candidate?.registrationId === opened) as SeededCase;
      // Compared: the roster's year of birth is six years after e-KYC's, and marked so in words, not colour alone.
      const differing = page.locator('table.compare tr[data-differs="true"]');
      expect(await differing.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field')))).toEqual(['yearOfBirth']);
      expect(await differing.locator('[data-side="roster"]').innerText()).toBe(String(item.rosterYearOfBirth));
      expect(await differing.locator('[data-side="ekyc"]').innerText()).toBe(String(item.identity.yearOfBirth));
      expect(await differing.locator('.differs-mark').innerText()).toBe(`≠ ${en.differs}`);
      expect(await page.locator('table.compare tr[data-field="name"] [data-side="roster"]').innerText()).toBe(item.rosterName);
      expect(await page.locator('.name-match strong').innerText()).toBe(en.nameMatchScore.replace('{score}', '100'));
      expect(await page.locator('.name-match li').allInnerTexts()).toContain(en.explain_SAME_NAME);
      await saveShot(page, 'inbox-case-desktop');
      await press(page, 'r');
      await choose(page.locator('select[name="reasonCode"]'), 'DUPLICATE_REGISTRATION');
      await click(page.locator('[data-action="confirm-reject"]'));
      await page.locator('[data-notice="rejected"]').waitFor();
    });

    const returning = [third, fourth, fifth].filter((item) => item?.registrationId !== opened) as SeededCase[];
    for (const [index, item] of returning.entries()) {
      await settled(async () => (await inboxRows(page)).count()).toBe(2 - index);
      expect(await (await inboxRows(page)).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-registration')))).toContain(
        item.registrationId,
      );
      await measure('return one opened case for correction (open, return, write the note, confirm)', 1, async () => {
        await press(page, 'o');
        await page.locator('table.compare').waitFor();
        await press(page, 't');
        await write(page.locator('textarea[name="note"]'), 'Year of birth differs from the service book: correct it');
        await click(page.locator('[data-action="confirm-return"]'));
        await page.locator('[data-notice="returned"]').waitFor();
      });
    }
    await page.locator('[data-empty="inbox"]').waitFor();

    // Then everything else, the 45 routine cases.
    await page.locator('select[name="kind"]').selectOption('');
    await page.locator('.inbox-filters button[type="submit"]').click();
    await settled(async () => (await inboxRows(page)).count()).toBe(45);
    expect(await page.locator('.inbox-list > li[data-kind="mismatch"]').count()).toBe(0);
    await measure('approve routine cases in bulk (x on each, Shift+A, Enter to confirm)', 45, async () => {
      for (let count = 0; count < 45; count += 1) await press(page, 'x');
      expect(await page.locator('.inbox-list > li.is-selected').count()).toBe(45);
      await press(page, 'Shift+A');
      await page.locator('[data-confirm="bulk"]').waitFor();
      expect(await page.locator('#confirm-bulk').innerText()).toBe(en.confirmApproveMany.replace('{count}', '45'));
      await press(page, 'Enter');
      // One bulk call of 45 decisions, each resuming its registration: a bound, not a measure.
      await page.locator('.inbox-notices [data-notice]').first().waitFor({ timeout: 120_000 });
    });
    expect(await page.locator('.inbox-notices').innerText()).toBe(en.approvedMany.replace('{count}', '45'));
    await page.locator('[data-empty="inbox"]').waitFor();

    // What the API says now: every one of the 50 where its decision put it, the 45 with their cards.
    const routine = mine().filter((item) => item.routine);
    const cards = await pMap(routine, (item) => stack.driver.waitForStatus(item.registrationId, 'CARD_ISSUED'), { concurrency: 8 });
    for (const card of cards) expect(card.card).toMatchObject({ cardNumber: expect.stringMatching(/^UPS/) });
    const rejected = mine().filter((item) => !item.routine && item.registrationId === opened);
    const [phoneRejected, phoneReturned] = mine().filter((item) => !item.routine) as [SeededCase, SeededCase];
    for (const item of [phoneRejected, ...rejected]) await stack.driver.waitForStatus(item.registrationId, 'REJECTED');
    for (const item of [phoneReturned, ...returning]) await stack.driver.waitForStatus(item.registrationId, 'RETURNED_FOR_CORRECTION');
    const decided = await apiTasks({ role: 'ddo' }, 'DECIDED');
    expect(decided.filter((task) => mine().some((item) => item.registrationId === task.registrationId))).toHaveLength(47);
  }, 300_000);

  it('a case another DDO decided meanwhile says so and leaves the list, one by one and in bulk', async () => {
    const [first, second] = seeded.employees.filter((item) => item.ddoCode === 'DDO-LKO-0003') as [SeededCase, SeededCase];
    const tokenA = await token({ roles: 'ddo', ddo_codes: 'DDO-LKO-0003' }, 'ddo-lko-0003-asha');
    const tokenB = await token({ roles: 'ddo', ddo_codes: 'DDO-LKO-0003' }, 'ddo-lko-0003-vikram');
    const other = await browser.newPage();
    await signInWith(other, { token: tokenA });
    await settled(async () => (await inboxRows(other)).count()).toBe(2);
    const taskOf = async (item: SeededCase) =>
      ((await apiTasks({ token: tokenB })).find((task) => task.registrationId === item.registrationId) as { taskId: string }).taskId;

    await rowOf(other, first.registrationId).locator('a.inbox-name').click();
    await other.locator('table.compare').waitFor();
    expect(
      (await stack.driver.call('POST', `/v1/approvals/${await taskOf(first)}/decision`, { token: tokenB, body: { decision: 'approve' } }))
        .status,
    ).toBe(200);
    await other.keyboard.press('a');
    await other.locator('[data-notice="decided-elsewhere"]').waitFor();
    expect(await other.locator('[data-notice="decided-elsewhere"]').innerText()).toContain(first.identity.name);
    await other.locator('[data-link="back"]').click();
    await settled(async () =>
      (await inboxRows(other)).evaluateAll((items) => items.map((item) => item.getAttribute('data-registration'))),
    ).toEqual([second.registrationId]);

    await measure('approve all routine cases shown (select all, approve selected, confirm)', 1, async () => {
      await click(other.locator('[data-action="select-routine"]'));
      await click(other.locator('[data-action="approve-selected"]'));
      expect(
        (
          await stack.driver.call('POST', `/v1/approvals/${await taskOf(second)}/decision`, {
            token: tokenB,
            body: { decision: 'approve' },
          })
        ).status,
      ).toBe(200);
      await click(other.locator('[data-action="confirm-approve"]'));
      await other.locator('[data-notice="decided-elsewhere"]', { hasText: second.identity.name }).waitFor();
    });
    await other.locator('[data-empty="inbox"]').waitFor();
    // Both decided once, by the other DDO, and go on to their cards.
    for (const item of [first, second]) await stack.driver.waitForStatus(item.registrationId, 'CARD_ISSUED');
    const decided = await apiTasks({ token: tokenB }, 'DECIDED');
    expect(
      decided
        .filter((task) => [first, second].some((item) => item.registrationId === task.registrationId))
        .map((task) => task.decision?.by),
    ).toEqual([expect.stringContaining('vikram'), expect.stringContaining('vikram')]);
    await other.close();
  });

  it('a verifier settles a name mismatch from the case view', async () => {
    const verifier = await browser.newPage();
    await signInWith(verifier, { role: 'verifier' });
    expect(await verifier.locator('nav.site-nav a').allInnerTexts()).toEqual([en.navInbox]);
    const row = rowOf(verifier, seeded.family.registrationId);
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).toBe('mismatch');
    await row.locator('a.inbox-name').click();
    const name = verifier.locator('table.compare tr[data-field="name"]');
    await name.waitFor();
    expect(await name.getAttribute('data-differs')).toBe('true');
    expect(await name.locator('[data-side="roster"]').innerText()).toBe(seeded.family.rosterName);
    expect(await name.locator('[data-side="ekyc"]').innerText()).toBe(seeded.family.identity.name);
    expect(await verifier.locator('.name-match li').count()).toBeGreaterThan(0);
    await verifier.locator('[data-action="approve"]').click();
    await verifier.locator('[data-notice="approved"]').waitFor();
    await stack.driver.waitForStatus(seeded.family.registrationId, 'CARD_ISSUED');
    await verifier.close();
  });

  it('a DDO going on leave hands over charge from the page, and the delegate decides in their own name', async () => {
    const onLeave = seeded.employees.find((item) => item.ddoCode === 'DDO-LKO-0004') as SeededCase;
    const leaving = await browser.newPage();
    await signInWith(leaving, { token: await token({ roles: 'ddo', ddo_codes: 'DDO-LKO-0004' }, 'ddo-lko-0004-meera') });
    await leaving.getByRole('link', { name: en.navDelegations }).click();
    await leaving.locator('input[name="toDdoCode"]').fill('DDO-LKO-0003');
    const today = await leaving.locator('input[name="startsOn"]').inputValue();
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await leaving.locator('input[name="endsOn"]').fill(until);
    await leaving.locator('[data-form="delegation"] button[type="submit"]').click();
    await leaving.locator('[data-notice="delegation"]').waitFor();
    expect(await leaving.locator('[data-notice="delegation"]').innerText()).toBe(
      en.delegationMade.replace('{to}', 'DDO-LKO-0003').replace('{starts}', today).replace('{ends}', until),
    );
    await leaving.locator('li[data-delegation][data-active="true"]').waitFor();

    const delegateToken = await token({ roles: 'ddo', ddo_codes: 'DDO-LKO-0003' }, 'ddo-lko-0003-asha');
    const delegate = await browser.newPage();
    await signInWith(delegate, { token: delegateToken });
    const row = rowOf(delegate, onLeave.registrationId);
    await row.waitFor();
    expect(await row.locator('[data-field="on-behalf-of"]').innerText()).toBe(en.onBehalfOf.replace('{queue}', 'DDO-LKO-0004'));
    await row.locator('a.inbox-name').click();
    await delegate.locator('table.compare').waitFor();
    await delegate.keyboard.press('a');
    await delegate.locator('[data-notice="approved"]').waitFor();
    await stack.driver.waitForStatus(onLeave.registrationId, 'CARD_ISSUED');
    const decided = await eventually('the delegate decision in the decided list', async () =>
      (await apiTasks({ token: delegateToken }, 'DECIDED')).find((task) => task.registrationId === onLeave.registrationId),
    );
    expect(decided.decision?.by).toContain('asha');

    // Ended early from the page: no longer in force.
    await leaving.locator('li[data-delegation][data-active="true"] button').click();
    await leaving.locator('li[data-delegation][data-active="false"]').waitFor();
    await delegate.close();
    await leaving.close();
  });
});
