// Camps and the field force in Debian's Chromium against a seeded embedded stack: the camps calendar shows each
// camp with the counts GET /v1/admin/camps gives it, a camp's page its outcome (figures and bars on one axis, the
// turned-away and blocked reasons) as GET /v1/admin/camps/{id} gives it, a check-in made on the page shows in the
// outcome the API reads back, the workers' progress lists workers, roles and departments in the API's order with
// its figures; in English, in Hindi, and at 375 px with no main action off-screen. Every expected figure is read
// from the API's own answers, never from the views' code.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../web/src/i18n/en.js';
import { hi } from '../../web/src/i18n/hi.js';
import { seedDashboardCampaign, type SeededCampaign } from '../support/dashboard-seed.js';
import { eventually } from '../support/eventually.js';
import { seedField, type SeededField } from '../support/field-seed.js';
import { useRegistrationStack } from '../support/registration.js';
import { actionsOffScreen, figure, horizontalBoxes, launchBrowser, screenshot, signIn, type Browser } from './browser.js';

const stack = useRegistrationStack();
let seeded: SeededCampaign;
let field: SeededField;
let browser: Browser;
let page: Page;

interface CampItem {
  campId: string;
  name: string;
  startsOn: string;
  status: string;
  counts: Record<string, number>;
}
interface Outcome {
  targeted: number;
  invited: number;
  came: number;
  turnedAway: { total: number; byReason: Record<string, number> };
  started: number;
  ekycDone: number;
  blocked: { total: number; byReason: Record<string, number> };
  cards: number;
  notCome: number;
}
interface ProgressRow {
  key: string;
  name?: string;
  role?: string;
  department?: string;
  assigned: number;
  pending: number;
  cardedThisWeek: number;
  visitsThisWeek: number;
}

const admin = { role: 'district-admin' } as const;

const campsFromApi = async (month: string): Promise<CampItem[]> => {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
  const response = await stack.driver.call(
    'GET',
    `/v1/admin/camps?campaignId=${seeded.campaignId}&district=Lucknow&from=${month}-01&to=${month}-${String(last).padStart(2, '0')}`,
    admin,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as unknown as CampItem[];
};

const campFromApi = async (campId: string): Promise<{ name: string; status: string; outcome: Outcome }> => {
  const response = await stack.driver.call('GET', `/v1/admin/camps/${campId}`, admin);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as unknown as { name: string; status: string; outcome: Outcome };
};

const targetsTotal = async (campId: string, state: string): Promise<number> => {
  const response = await stack.driver.call('GET', `/v1/admin/camps/${campId}/targets?state=${state}&limit=100`, admin);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return Number(response.body.total ?? (response.body.items as unknown[]).length);
};

const progressFromApi = async (groupBy: 'worker' | 'role' | 'department'): Promise<ProgressRow[]> => {
  const response = await stack.driver.call(
    'GET',
    `/v1/admin/field-force/progress?campaignId=${seeded.campaignId}&district=Lucknow&groupBy=${groupBy}`,
    admin,
  );
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items as unknown as ProgressRow[];
};

const openView = async (target: Page, hash: string) => {
  await target.evaluate((next) => {
    window.location.hash = next;
  }, hash);
};

/** The figures of one camp's card on the calendar, by count. */
const cardCounts = async (target: Page, campId: string) =>
  Object.fromEntries(
    await target
      .locator(`[data-camp="${campId}"] .camp-counts dd[data-field]`)
      .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-field') ?? '', cell.textContent ?? ''] as const)),
  ) as Record<string, string>;

/** Each bar of one list on a camp's page: its key, the figure beside it, and its fill's share of the track. */
const barsOf = async (target: Page, list: string) =>
  target.locator(`[aria-labelledby="${list}"] li[data-bar]`).evaluateAll((items) =>
    items.map((item) => {
      const track = item.querySelector('.bar') as HTMLElement;
      const fill = item.querySelector('.bar-fill') as HTMLElement;
      return {
        key: item.getAttribute('data-bar') ?? '',
        text: item.querySelector('[data-field="count"]')?.textContent ?? '',
        share: fill.getBoundingClientRect().width / track.getBoundingClientRect().width,
      };
    }),
  );

/** The page's figures of a camp's outcome against the API's, and every bar on the one axis (the largest figure). */
const expectOutcomeShown = async (target: Page, outcome: Outcome) => {
  const bars = await barsOf(target, 'outcome-figures');
  const expected = {
    targeted: outcome.targeted,
    invited: outcome.invited,
    came: outcome.came,
    started: outcome.started,
    ekycDone: outcome.ekycDone,
    cards: outcome.cards,
    notCome: outcome.notCome,
  };
  expect(Object.fromEntries(bars.map((bar) => [bar.key, figure(bar.text)]))).toEqual(expected);
  const turnedAway = await barsOf(target, 'turned-away');
  expect(Object.fromEntries(turnedAway.map((bar) => [bar.key, figure(bar.text)]))).toEqual(
    Object.fromEntries(Object.entries(outcome.turnedAway.byReason).filter(([, count]) => count > 0)),
  );
  const blocked = await barsOf(target, 'camp-blocked');
  expect(Object.fromEntries(blocked.map((bar) => [bar.key, figure(bar.text)]))).toEqual(
    Object.fromEntries(Object.entries(outcome.blocked.byReason).filter(([, count]) => count > 0)),
  );
  const axis = Math.max(...Object.values(expected), outcome.turnedAway.total, outcome.blocked.total);
  for (const bar of [...bars, ...turnedAway, ...blocked]) expect(bar.share, bar.key).toBeCloseTo((figure(bar.text) ?? 0) / axis, 2);
};

afterAll(async () => {
  await browser?.close();
});

beforeAll(async () => {
  seeded = await seedDashboardCampaign(stack.env, stack.driver);
  field = await seedField(stack.driver, seeded.campaignId);
  browser = await launchBrowser();
  page = await browser.newPage({ width: 1366, height: 900 });
  await signIn(page, stack.env.endpoints.dashboard.url, 'district-admin');
}, 240_000);

describe('camps', () => {
  it("shows each camp of the month on its day with the API's counts", async () => {
    const month = field.today.slice(0, 7);
    const camps = await campsFromApi(month);
    expect(camps.map((camp) => camp.campId).sort()).toEqual(field.camps.map((camp) => camp.campId).sort());
    await openView(page, `#/camps?month=${month}`);
    await page.locator('.camps-calendar .list[aria-busy="false"]').waitFor();
    for (const camp of camps) {
      const card = page.locator(`.camp-day[data-day="${camp.startsOn}"] [data-camp="${camp.campId}"]`);
      await card.waitFor();
      expect(await card.locator('a').first().innerText()).toBe(camp.name);
      const shown = await cardCounts(page, camp.campId);
      expect(Object.fromEntries(Object.entries(shown).map(([key, text]) => [key, figure(text)]))).toEqual(camp.counts);
    }
    // The block filter narrows the calendar to the block's camps, as the API narrows them.
    await page.locator('.camps-calendar select[name="block"]').selectOption('Mal');
    await page.locator('.camps-calendar .list[aria-busy="false"]').waitFor();
    const mal = field.camps.filter((camp) => camp.block === 'Mal').map((camp) => camp.campId);
    await expect
      .poll(async () => page.locator('[data-camp]').evaluateAll((cards) => cards.map((card) => card.getAttribute('data-camp'))))
      .toEqual(mal);
  });

  it("shows a camp's outcome as the API gives it, and a check-in made on the page in the outcome read back", async () => {
    const [camp] = field.camps;
    if (camp === undefined) throw new Error('no camp seeded');
    const before = await campFromApi(camp.campId);
    // What the seed did at the camp: two came (one started a registration there), one turned away for want of an Aadhaar.
    expect(before.outcome.came).toBe(2);
    expect(before.outcome.turnedAway.byReason.NO_AADHAAR).toBe(1);
    await openView(page, `#/camps/${camp.campId}`);
    await page.locator('[aria-labelledby="outcome-figures"] li[data-bar]').first().waitFor();
    expect(await page.locator('#camp-outcome').innerText()).toBe(en.campOutcome);
    await expectOutcomeShown(page, before.outcome);
    const list = page.locator('[data-targets="all"] .list[aria-busy="false"]');
    await list.waitFor();
    expect(Number(await list.getAttribute('data-total'))).toBe(await targetsTotal(camp.campId, 'all'));
    const followUp = page.locator('[data-targets="not-come"] .list[aria-busy="false"]');
    await followUp.waitFor();
    expect(Number(await followUp.getAttribute('data-total'))).toBe(await targetsTotal(camp.campId, 'not-come'));

    // Check in the first person the list offers it for, from the page.
    const button = page.locator('[data-targets="all"] button[data-action="check-in"]').first();
    const label = String(await button.getAttribute('aria-label'));
    await button.click();
    await page.locator('[data-targets="all"] .notice-ok').waitFor();
    const after = await eventually('the check-in counted in the outcome', async () => {
      const read = await campFromApi(camp.campId);
      return read.outcome.came === before.outcome.came + 1 ? read : undefined;
    });
    await page.locator(`[data-bar="came"] [data-field="count"]`, { hasText: String(after.outcome.came) }).waitFor();
    await expectOutcomeShown(page, after.outcome);
    await screenshot(page, 'camp-outcome');
    // The list read again: the person is no longer offered a check-in.
    await expect.poll(() => page.getByRole('button', { name: label, exact: true }).count()).toBe(0);
  });
});

describe("a camp's desk", () => {
  it("lets the camp's operator find a person by employee id and check them in, as the API then lists them", async () => {
    const desk = field.camps[1];
    if (desk === undefined) throw new Error('no second camp seeded');
    const before = await stack.driver.call('GET', `/v1/admin/camps/${desk.campId}/targets?state=came&limit=100`, admin);
    const cameBefore = (before.body.items as { personKey: string }[]).map((item) => item.personKey);
    expect(cameBefore).not.toContain('emp:DB-012');
    const view = await browser.newPage({ width: 375, height: 812 });
    await signIn(view, stack.env.endpoints.dashboard.url, 'operator');
    // The operator's only tab is the camps; the desk is the camp their link names.
    expect(await view.locator('nav.site-nav a[data-tab]').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('data-tab')))).toEqual([
      'camps',
    ]);
    await openView(view, `#/camps/${desk.campId}`);
    await view.locator('input[name="q"]').fill('DB-012');
    await view.locator('form[role="search"] button[type="submit"]').click();
    const row = view.locator('[data-targets="all"] .list[aria-busy="false"] tbody tr[data-row="emp:DB-012"]');
    await row.waitFor();
    expect(await view.locator('[data-targets="all"] tbody tr[data-row]').count()).toBe(1);
    const box = (await horizontalBoxes(view, 'button[data-action="check-in"]'))[0];
    expect(box?.right ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(375);
    await row.locator('button[data-action="check-in"]').click();
    await view.locator('[data-targets="all"] .notice-ok').waitFor();
    const after = await stack.driver.call('GET', `/v1/admin/camps/${desk.campId}/targets?state=came&limit=100`, admin);
    expect((after.body.items as { personKey: string }[]).map((item) => item.personKey).sort()).toEqual(
      [...cameBefore, 'emp:DB-012'].sort(),
    );
    await view.close();
  });
});

describe("the workers' progress", () => {
  it('lists workers, roles and departments most pending first with the figures the API gives', async () => {
    for (const groupBy of ['worker', 'role', 'department'] as const) {
      const rows = await progressFromApi(groupBy);
      expect(rows.length, groupBy).toBeGreaterThan(0);
      // Most pending first, as the contract says.
      expect(rows.map((row) => row.pending)).toEqual([...rows.map((row) => row.pending)].sort((a, b) => b - a));
      await openView(page, `#/field-force?groupBy=${groupBy}`);
      const list = page.locator(`.list[data-group="${groupBy}"][aria-busy="false"]`);
      await list.locator('tbody tr[data-row]').first().waitFor();
      const shown = await list.locator('tbody tr[data-row]').evaluateAll((trs) =>
        trs.map((tr) => {
          const cell = (field: string) => tr.querySelector(`[data-field="${field}"]`)?.textContent ?? '';
          return {
            key: tr.getAttribute('data-row'),
            pending: cell('pending'),
            assigned: cell('assigned'),
            cardedThisWeek: cell('cardedThisWeek'),
            visitsThisWeek: cell('visitsThisWeek'),
          };
        }),
      );
      expect(
        shown.map((row) => ({
          key: row.key,
          pending: figure(row.pending),
          assigned: figure(row.assigned),
          cardedThisWeek: figure(row.cardedThisWeek),
          visitsThisWeek: figure(row.visitsThisWeek),
        })),
        groupBy,
      ).toEqual(
        rows.map(({ key, pending, assigned, cardedThisWeek, visitsThisWeek }) => ({
          key,
          pending,
          assigned,
          cardedThisWeek,
          visitsThisWeek,
        })),
      );
      if (groupBy === 'worker') {
        // Each seeded worker by name, opening their page with the same figures.
        for (const worker of field.workers)
          expect(await list.locator(`tr[data-row="${worker.workerId}"] [data-field="name"]`).innerText()).toBe(worker.name);
        await screenshot(page, 'field-force');
        const first = rows[0] as ProgressRow;
        await list.locator(`tr[data-row="${first.key}"] [data-field="name"] a`).click();
        const facts = page.locator(`[data-worker="${first.key}"] .facts`);
        await facts.waitFor();
        expect(figure(await facts.locator('[data-field="pending"]').innerText())).toBe(first.pending);
        expect(figure(await facts.locator('[data-field="assigned"]').innerText())).toBe(first.assigned);
      }
    }
  });
});

describe('beneficiary categories', () => {
  it("shows each category's slice on the campaign view as the API counts it", async () => {
    const response = await stack.driver.call('GET', `/v1/admin/campaigns/${seeded.campaignId}/categories?district=Lucknow`, admin);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const slices = response.body.items as { category: string; label: { en: string }; eligible: number; carded: number; pending: number }[];
    expect(slices.length).toBeGreaterThan(0);
    await openView(page, '#/overview');
    const table = page.locator('[aria-labelledby="categories"]');
    await table.locator('tbody tr[data-row]').first().waitFor();
    for (const slice of slices) {
      const row = table.locator(`tr[data-row="${slice.category}"]`);
      const cell = async (field: string) => figure(await row.locator(`[data-field="${field}"]`).innerText());
      expect(await row.locator('[data-field="category"]').innerText()).toBe(slice.label.en);
      expect({ eligible: await cell('eligible'), carded: await cell('carded'), pending: await cell('pending') }).toEqual({
        eligible: slice.eligible,
        carded: slice.carded,
        pending: slice.pending,
      });
    }
  });
});

describe('in Hindi and on a phone', () => {
  it('shows the same figures in Hindi, in Hindi words', async () => {
    const view = await browser.newPage({ width: 1366, height: 900 });
    await signIn(view, stack.env.endpoints.dashboard.url, 'district-admin');
    await view.locator('button[data-language="hi"]').click();
    await view.locator('html[lang="hi"]').waitFor();
    const [camp] = field.camps;
    if (camp === undefined) throw new Error('no camp seeded');
    await openView(view, `#/camps/${camp.campId}`);
    await view.locator('[aria-labelledby="outcome-figures"] li[data-bar]').first().waitFor();
    await expectOutcomeShown(view, (await campFromApi(camp.campId)).outcome);
    expect(await view.locator('#camp-outcome').innerText()).toBe(hi.campOutcome);
    expect(await view.locator('[data-bar="came"] .bar-label').innerText()).toBe(hi.campFigure_came);
    await openView(view, '#/field-force?groupBy=role');
    const rows = await progressFromApi('role');
    const list = view.locator('.list[data-group="role"][aria-busy="false"]');
    await list.locator('tbody tr[data-row]').first().waitFor();
    for (const row of rows) {
      const label = hi[`workerRole_${(row.role ?? row.key).replace(/-/g, '_')}` as keyof typeof hi];
      expect(await list.locator(`tr[data-row="${row.key}"] [data-field="name"]`).innerText()).toBe(label);
      expect(figure(await list.locator(`tr[data-row="${row.key}"] [data-field="pending"]`).innerText())).toBe(row.pending);
    }
    await view.close();
  });

  it('keeps every main action on the screen at 375 px', async () => {
    const width = 375;
    const view = await browser.newPage({ width, height: 812 });
    await signIn(view, stack.env.endpoints.dashboard.url, 'district-admin');
    const [camp] = field.camps;
    if (camp === undefined) throw new Error('no camp seeded');
    const checks = [
      {
        hash: `#/camps?month=${field.today.slice(0, 7)}`,
        ready: '[data-camp]',
        actions: ['.month-bar button', '[data-camp] a', 'select[name="block"]'],
      },
      {
        hash: `#/camps/${camp.campId}`,
        ready: '[aria-labelledby="outcome-figures"] li',
        actions: ['button[data-file]', 'select[name="state"]', 'button[data-action="check-in"]'],
      },
      {
        hash: '#/field-force',
        ready: '.list[data-group="worker"] tbody tr',
        actions: ['.segmented a', '.list[data-group="worker"] [data-field="name"] a'],
      },
    ];
    for (const check of checks) {
      expect(await actionsOffScreen(view, check, width)).toEqual([]);
      // The page itself never scrolls sideways.
      expect(await view.evaluate(() => document.documentElement.scrollWidth), check.hash).toBe(width);
    }
    await screenshot(view, 'field-force-phone');
    await view.close();
  });
});
