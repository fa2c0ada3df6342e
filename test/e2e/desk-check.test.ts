// The desk verifier page (/verify/) in Debian's Chromium with a fake camera: the camera is fed a video of a real
// issued card's QR (the text GET /v1/cards/{n} gives, drawn by the qrcode package), and the page reads it,
// checks its signature in the browser against GET /v1/cards/keys and shows what the card carries. The same with
// one byte of a claim changed (refused), with the network cut after the first load (verified from the service
// worker's copies), with a revocation list signed by another key (refused, and said so), after a key rotation
// (`healthcard keys rotate`: still valid, online and offline), with the card revoked through the API (revoked),
// at 375 px and in Hindi. One browser per video file. Screenshots: test-results/e2e/.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, generateKeyPair, type JSONWebKeySet } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en, hi } from '../../web/src/verify/i18n.js';
import { runHealthcard } from '../support/cli.js';
import type { SimulatedIdentity } from '../support/registration.js';
import { useRegistrationStack } from '../support/registration.js';
import { revocationGroup, revocationPayload } from '../support/revocation-list.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';
import { fakeCameraArgs, writeQrVideo } from './qr-video.js';

const stack = useRegistrationStack();
const videos = mkdtempSync(join(tmpdir(), 'healthcard-qr-video-'));
const phone = { width: 375, height: 812 };

interface IssuedCard {
  readonly cardNumber: string;
  readonly validUntil: string;
  readonly qr: string;
  readonly holder: SimulatedIdentity;
}

let card: IssuedCard;
let genuine: Browser;
let tampered: Browser;
let page: Page;

/** A state employee registered, e-KYC'd and approved by the DDO through the API: the card as the API issued it. */
const issueCard = async (which = 0): Promise<IssuedCard> => {
  const { driver } = stack;
  const holder = driver.identity('success', which);
  const { registrationId, mobile } = await driver.startEmployee(await driver.seedEmployee(holder));
  expect((await driver.verifyMobile(registrationId, mobile)).status).toBe(200);
  expect((await driver.ekycByOtp(registrationId, holder)).body.status).toBe('EKYC_VERIFIED');
  const task = await driver.approvalFor(registrationId, 'ddo');
  expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
  const issued = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
  const { cardNumber } = issued.card as { cardNumber: string };
  const view = await driver.call('GET', `/v1/cards/${cardNumber}`);
  expect(view.status).toBe(200);
  return { cardNumber, validUntil: String(view.body.validUntil), qr: String(view.body.qr), holder };
};

/** The QR text with one byte of a claim changed (the year of birth's last digit), header and signature as they were. */
const tamper = (qr: string): string => {
  const [header, payload, signature] = qr.split('.') as [string, string, string];
  const json = Buffer.from(payload, 'base64url').toString('utf8');
  const changed = json.replace(/"y":(\d{3})(\d)/, (_whole, head: string, last: string) => `"y":${head}${(Number(last) + 1) % 10}`);
  expect(changed).not.toBe(json);
  return `${header}.${Buffer.from(changed, 'utf8').toString('base64url')}.${signature}`;
};

const verifierUrl = () => stack.env.endpoints.verifier.url;

/** Open the page (keys and list loaded), pick the language, scan, and wait for the verdict. */
const scan = async (target: Page, language: 'en' | 'hi' = 'en') => {
  await target.goto(verifierUrl());
  await target.locator('[data-trust="ready"]').waitFor();
  await target.locator(`button[data-language="${language}"]`).click();
  await target.locator('button[data-action="scan"]').click();
  const result = target.locator('[data-verdict]');
  await result.waitFor();
  return result;
};

const field = (target: Page, name: string) => target.locator(`[data-verdict] [data-field="${name}"]`);

/** Whether the page scrolls sideways (a phone's width must never need it). */
const scrollsSideways = (target: Page) =>
  target.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

const expectCardShown = async (target: Page) => {
  const { holder } = card;
  expect(await field(target, 'name').getAttribute('data-value')).toBe(holder.name);
  expect(await field(target, 'nameLocal').getAttribute('data-value')).toBe(holder.nameLocal);
  expect(await field(target, 'yearOfBirth').getAttribute('data-value')).toBe(String(holder.yearOfBirth));
  expect(await field(target, 'gender').getAttribute('data-value')).toBe(holder.gender);
  expect(await field(target, 'scheme').getAttribute('data-value')).toBe('up-sects');
  expect(await field(target, 'cardNumber').getAttribute('data-value')).toBe(card.cardNumber);
  expect(await field(target, 'validity').getAttribute('data-value')).toMatch(new RegExp(`/${card.validUntil.slice(0, 10)}$`));
  expect(await field(target, 'aadhaarLast4').getAttribute('data-value')).toBe(holder.aadhaarNumber.slice(-4));
  // What a person reads: the names as e-KYC gave them, the last four digits only.
  expect(await field(target, 'name').locator('dd').innerText()).toBe(holder.name);
  expect(await field(target, 'nameLocal').locator('dd').innerText()).toBe(holder.nameLocal);
  expect(await target.locator('[data-verdict]').innerText()).not.toContain(holder.aadhaarNumber);
};

beforeAll(async () => {
  card = await issueCard();
  // The QR as issued is a JWS the published keys verify (jose, a third party, says so): the page must agree.
  const keys = (await (await stack.env.api('/v1/cards/keys')).json()) as JSONWebKeySet;
  await compactVerify(card.qr, createLocalJWKSet(keys));
  writeQrVideo(card.qr, join(videos, 'genuine.y4m'));
  writeQrVideo(tamper(card.qr), join(videos, 'tampered.y4m'));
  genuine = await launchBrowser({ args: fakeCameraArgs(join(videos, 'genuine.y4m')) });
  page = await genuine.newPage();
}, 170_000);

afterAll(async () => {
  await genuine?.close();
  await tampered?.close();
  rmSync(videos, { recursive: true, force: true });
});

describe('desk check: a card verified from its QR on a phone', () => {
  it('verifies a real issued card from the camera and shows what it carries', async () => {
    const result = await scan(page);
    expect(await result.getAttribute('data-verdict')).toBe('valid');
    expect(await result.locator('.verdict').innerText()).toBe(en.verdict_valid);
    await expectCardShown(page);
    expect(await page.locator('[data-list]').count()).toBe(0);
    expect(await page.locator('[data-trust="ready"] [data-field="as-of"]').innerText()).toMatch(/^Keys and revocations as of /);
    // The README's picture, at a phone's width.
    await page.setViewportSize({ width: 412, height: 915 });
    await screenshot(page, 'desk-check');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('checks a typed card number online when the QR is damaged', async () => {
    await page.locator('input[name="cardNumber"]').fill(card.cardNumber.toLowerCase());
    await page.getByRole('button', { name: en.typedCheck }).click();
    const answer = page.locator('.typed [data-status]');
    await answer.waitFor();
    expect(await answer.getAttribute('data-status')).toBe('VALID');
    expect(await answer.locator('[data-field="yearOfBirth"]').getAttribute('data-value')).toBe(String(card.holder.yearOfBirth));
    // Masked: never the whole name to whoever types a number.
    expect(await answer.locator('[data-field="nameMasked"]').getAttribute('data-value')).not.toBe(card.holder.name);
  });

  it('verifies with the network cut after the first load, saying how fresh its keys and list are', async () => {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await genuine.context.setOffline(true);
    try {
      const result = await scan(page);
      expect(await page.locator('[data-trust="ready"]').getAttribute('data-saved-copy')).toBe('true');
      expect(await page.locator('[data-trust="ready"]').innerText()).toContain(en.trustSavedCopy);
      expect(await result.getAttribute('data-verdict')).toBe('valid');
      await expectCardShown(page);
      // A typed number needs the network, and the page says so.
      await page.locator('input[name="cardNumber"]').fill(card.cardNumber);
      await page.getByRole('button', { name: en.typedCheck }).click();
      expect(await page.locator('.typed [data-problem="offline"]').innerText()).toBe(en.typedNeedsNetwork);
      await screenshot(page, 'desk-check-offline');
    } finally {
      await genuine.context.setOffline(false);
    }
  });

  it('does the same at 375 px in Hindi, and remembers the language', async () => {
    const narrow = await genuine.newPage(phone);
    try {
      const result = await scan(narrow, 'hi');
      expect(await result.getAttribute('data-verdict')).toBe('valid');
      expect(await result.locator('.verdict').innerText()).toBe(hi.verdict_valid);
      expect(await field(narrow, 'gender').locator('dt').innerText()).toBe(hi.field_gender);
      await expectCardShown(narrow);
      expect(await scrollsSideways(narrow)).toBe(false);
      await screenshot(narrow, 'desk-check-phone-hindi');
      await narrow.reload();
      await narrow.locator('[data-trust="ready"]').waitFor();
      expect(await narrow.locator('h1').innerText()).toBe(hi.title);
      expect(await narrow.evaluate(() => document.documentElement.lang)).toBe('hi');
    } finally {
      await narrow.close();
    }
  });

  it('refuses a QR with one byte of a claim changed, in English and at 375 px in Hindi', async () => {
    const forged = tamper(card.qr);
    // A third party agrees the signature no longer matches.
    const keys = (await (await stack.env.api('/v1/cards/keys')).json()) as JSONWebKeySet;
    await expect(compactVerify(forged, createLocalJWKSet(keys))).rejects.toThrow();
    tampered = await launchBrowser({ args: fakeCameraArgs(join(videos, 'tampered.y4m')) });
    const wide = await tampered.newPage();
    const result = await scan(wide);
    expect(await result.getAttribute('data-verdict')).toBe('not-valid');
    expect(await result.locator('.verdict').innerText()).toBe(en.verdict_not_valid);
    expect(await result.locator('[data-field="detail"]').innerText()).toBe(en.notValid_bad_signature);
    // Nothing of what a forged QR claims is shown as the card's.
    expect(await result.locator('[data-field="name"]').count()).toBe(0);
    await screenshot(wide, 'desk-check-tampered');
    const narrow = await tampered.newPage(phone);
    const inHindi = await scan(narrow, 'hi');
    expect(await inHindi.getAttribute('data-verdict')).toBe('not-valid');
    expect(await inHindi.locator('.verdict').innerText()).toBe(hi.verdict_not_valid);
    expect(await inHindi.locator('[data-field="detail"]').innerText()).toBe(hi.notValid_bad_signature);
    expect(await scrollsSideways(narrow)).toBe(false);
  });

  it('refuses a revocation list signed by another key, and says so (at 375 px in Hindi)', async () => {
    // Its own browser without the service worker, so that the page's requests reach page.route.
    const blocked = await launchBrowser({ args: fakeCameraArgs(join(videos, 'genuine.y4m')), serviceWorkers: 'block' });
    try {
      const narrow = await blocked.newPage(phone);
      const keys = (await (await stack.env.api('/v1/cards/keys')).json()) as { keys: { kid: string; retiredAt?: string }[] };
      const current = keys.keys.find((key) => key.retiredAt === undefined) as { kid: string };
      // A list naming this very card revoked for fraud, under the current key's id, signed by another key.
      const forged = await forgedListRevoking(card.cardNumber, current.kid);
      await narrow.route('**/v1/cards/revocations', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ list: forged }) }),
      );
      const result = await scan(narrow, 'hi');
      expect(await narrow.locator('[data-list="refused"]').innerText()).toBe(hi.listRefused);
      expect(await narrow.locator('[data-list="refused"]').getAttribute('data-reason')).toBe('bad-signature');
      // Not "revoked": the forged list was not believed. Genuine, and said not to be checked against a list.
      expect(await result.getAttribute('data-verdict')).toBe('valid');
      expect(await result.locator('[data-field="detail"]').innerText()).toBe(hi.notCheckedForRevocation);
      expect(await scrollsSideways(narrow)).toBe(false);
      await screenshot(narrow, 'desk-check-list-refused');
    } finally {
      await blocked.close();
    }
  });

  it('still verifies the card after a key rotation, online and then with the network cut', async () => {
    const oldKid = decodeProtectedHeader(card.qr).kid;
    const keyFile = stack.env.stack.environments.cards.CARD_SIGNING_KEY_FILE as string;
    const rotated = await runHealthcard(['keys', 'rotate', '--key-file', keyFile, '--json'], { cwd: process.cwd(), timeoutMs: 60_000 });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ retired: oldKid });
    // A card issued after the rotation is signed by the new key; from then on the API publishes the old key
    // retired beside the new one (docs/card.md: a key is retired once a newer one has signed): what the page loads.
    const after = await issueCard(1);
    const newKid = decodeProtectedHeader(after.qr).kid;
    expect(newKid).not.toBe(oldKid);
    const keys = (await (await stack.env.api('/v1/cards/keys')).json()) as { keys: { kid: string; retiredAt?: string }[] };
    expect(keys.keys.find((key) => key.kid === oldKid)?.retiredAt).toEqual(expect.any(String));
    expect(keys.keys.find((key) => key.kid === newKid)).toMatchObject({ kid: newKid });
    expect(keys.keys.find((key) => key.kid === newKid)?.retiredAt).toBeUndefined();

    const online = await scan(page);
    expect(await online.getAttribute('data-verdict')).toBe('valid');
    expect(await page.locator('[data-trust="ready"]').getAttribute('data-saved-copy')).toBe('false');
    await genuine.context.setOffline(true);
    try {
      const offline = await scan(page);
      expect(await page.locator('[data-trust="ready"]').getAttribute('data-saved-copy')).toBe('true');
      expect(await offline.getAttribute('data-verdict')).toBe('valid');
      await expectCardShown(page);
    } finally {
      await genuine.context.setOffline(false);
    }
  });

  it('shows a card revoked through the API as revoked, and the typed check says so too', async () => {
    const revoked = await stack.driver.call('POST', `/v1/admin/cards/${card.cardNumber}/revocation`, {
      role: 'state-admin',
      body: { reasonCode: 'DECEASED', note: 'Death certificate seen at the desk' },
    });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    const result = await scan(page);
    expect(await result.getAttribute('data-verdict')).toBe('revoked');
    expect(await result.locator('.verdict').innerText()).toBe(en.verdict_revoked);
    expect(await result.locator('[data-field="detail"]').innerText()).toBe(en.revoked_DECEASED);
    expect(await page.locator('[data-field="revoked-count"]').innerText()).toBe(` · ${en.trustListed.replace('{count}', '1')}`);
    await page.locator('input[name="cardNumber"]').fill(card.cardNumber);
    await page.getByRole('button', { name: en.typedCheck }).click();
    await page.locator('.typed [data-status]').waitFor();
    expect(await page.locator('.typed [data-status]').getAttribute('data-status')).toBe('REVOKED');
    expect(await page.locator('.typed [data-status] [data-field="detail"]').innerText()).toBe(en.revoked_DECEASED);
    await screenshot(page, 'desk-check-revoked');

    const narrow = await genuine.newPage(phone);
    try {
      const inHindi = await scan(narrow, 'hi');
      expect(await inHindi.getAttribute('data-verdict')).toBe('revoked');
      expect(await inHindi.locator('.verdict').innerText()).toBe(hi.verdict_revoked);
      expect(await inHindi.locator('[data-field="detail"]').innerText()).toBe(hi.revoked_DECEASED);
      expect(await scrollsSideways(narrow)).toBe(false);
    } finally {
      await narrow.close();
    }
  });
});

/** A revocation list in the published format naming `cardNumber` revoked (fraud), signed by a key of its own. */
const forgedListRevoking = async (cardNumber: string, kid: string): Promise<string> => {
  const [prefix, district, sequence] = cardNumber.split('-') as [string, string, string];
  const payload = revocationPayload(Math.floor(Date.now() / 1000), [revocationGroup(`${prefix}-${district}`, [[Number(sequence), 'F']])]);
  const { privateKey } = await generateKeyPair('ES256');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
};
