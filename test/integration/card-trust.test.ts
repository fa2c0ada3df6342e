// Keys that rotate and cards that are revoked, on the embedded stack: real cards issued by the registration
// workflow, the key rotated with `healthcard keys rotate` (the CLI as an admin runs it), the published key set,
// online verification and offline verification with jose against the JWKS as served, revocation by a state admin
// with its audit events, the signed revocation list checked against the served keys, and the public check of a
// typed card number. Expected values come from outside the code under test: jose's own verification, the card
// numbers and sequences the workflow gave, the audit trail as the API reads it back, and single-byte LEB128 (a
// sequence below 128 is its own byte).
import { readFileSync } from 'node:fs';
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { formatCardNumber, parseCardNumber } from '../../functions/core/card-number.js';
import { verifyCardQr, type CardClaims } from '../../functions/core/card.js';
import { verifyRevocationList } from '../../functions/core/revocations.js';
import { signCard } from '../../functions/ports/card-signer.js';
import { LocalCardSigner, type CardKeyFile } from '../../functions/adapters/card-signer-local.js';
import { runHealthcard } from '../support/cli.js';
import { useRegistrationStack } from '../support/registration.js';

const lookupsPerMinute = 8;
const stack = useRegistrationStack({
  extraEnv: {
    RATE_LIMITS: JSON.stringify({
      'public-lookup': { perClient: { limit: 1000, windowSeconds: 60 }, perSourceIp: { limit: lookupsPerMinute, windowSeconds: 3600 } },
    }),
  },
});

type PublishedKey = JWK & { validFrom?: string; retiredAt?: string };

/** A card issued through the workflow: its registration, number and QR text. */
const issuedCard = async (index: number) => {
  const { driver } = stack;
  const { registrationId, task } = await driver.employeeAwaitingDdo(driver.identity('success', index));
  expect((await driver.decide(task.taskId, 'ddo', { decision: 'approve' })).status).toBe(200);
  const carded = await driver.waitForStatus(registrationId, 'CARD_ISSUED');
  const cardNumber = (carded.card as { cardNumber: string }).cardNumber;
  const card = await driver.call('GET', `/v1/cards/${cardNumber}`, { role: 'portal' });
  expect(card.status).toBe(200);
  return { registrationId, cardNumber, qr: String(card.body.qr) };
};

const publishedKeys = async (): Promise<PublishedKey[]> => {
  const response = await stack.env.api('/v1/cards/keys');
  expect(response.status).toBe(200);
  return ((await response.json()) as { keys: PublishedKey[] }).keys;
};

const verifyOnline = async (qr: string) => (await stack.driver.call('POST', '/v1/cards/verify', { role: 'operator', body: { qr } })).body;

/** jose alone, with the published key the QR names: what any verifier app does offline. */
const joseVerifies = async (qr: string, keys: readonly PublishedKey[]) => {
  const jwk = keys.find((key) => key.kid === decodeProtectedHeader(qr).kid);
  if (jwk === undefined) return false;
  const { payload } = await compactVerify(qr, await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256'));
  return (JSON.parse(new TextDecoder().decode(payload)) as { ia: string }).ia;
};

const auditWhys = async (registrationId: string) =>
  (
    (await stack.driver.call('GET', `/v1/registrations/${registrationId}/audit`, { role: 'state-admin' })).body.events as { why: string }[]
  ).map((event) => event.why);

const revocationList = async () => {
  const response = await stack.env.api('/v1/cards/revocations');
  expect(response.status).toBe(200);
  return ((await response.json()) as { list: string }).list;
};

describe('keys that rotate', () => {
  it('keeps a card signed before a rotation verifiable after it, online and offline, and signs new cards with the new key', async () => {
    const keyFile = stack.env.stack.environments.cards.CARD_SIGNING_KEY_FILE as string;
    const before = await issuedCard(0);
    const oldKid = decodeProtectedHeader(before.qr).kid as string;
    const keysBefore = await publishedKeys();
    expect(keysBefore).toEqual([expect.objectContaining({ kid: oldKid, alg: 'ES256', use: 'sig', validFrom: expect.any(String) })]);
    expect(keysBefore[0]).not.toHaveProperty('retiredAt');
    const oldPrivate = (JSON.parse(readFileSync(keyFile, 'utf8')) as CardKeyFile).current;

    const rotated = await runHealthcard(['keys', 'rotate', '--key-file', keyFile, '--json'], { cwd: process.cwd(), timeoutMs: 60_000 });
    expect(rotated.code, rotated.stderr).toBe(0);
    const { retired, current } = JSON.parse(rotated.stdout) as { retired: string; current: string };
    expect(retired).toBe(oldKid);
    expect(current).not.toBe(oldKid);
    // The file keeps the old key's public half only.
    const file = JSON.parse(readFileSync(keyFile, 'utf8')) as CardKeyFile;
    expect(file.retired).toEqual([expect.objectContaining({ kid: oldKid, x: oldPrivate.x, retiredAt: expect.any(String) })]);
    expect(file.retired[0]).not.toHaveProperty('d');

    // The running stack signs the next card with the new key, without a restart.
    const after = await issuedCard(1);
    expect(decodeProtectedHeader(after.qr).kid).toBe(current);

    const keys = await publishedKeys();
    const oldKey = keys.find((key) => key.kid === oldKid);
    const newKey = keys.find((key) => key.kid === current);
    expect(oldKey?.retiredAt).toBeDefined();
    expect(newKey).toBeDefined();
    expect(newKey).not.toHaveProperty('retiredAt');
    const issuedBefore = JSON.parse(Buffer.from(before.qr.split('.')[1] as string, 'base64url').toString('utf8')).ia as string;
    expect(Date.parse(oldKey?.validFrom as string)).toBeLessThanOrEqual(Date.parse(issuedBefore));
    expect(Date.parse(oldKey?.retiredAt as string)).toBeGreaterThanOrEqual(Date.parse(issuedBefore));

    // Both cards: online, and offline with jose and with the JWKS as served.
    for (const card of [before, after]) {
      expect(await verifyOnline(card.qr)).toMatchObject({ valid: true, claims: { cardNumber: card.cardNumber } });
      expect(await joseVerifies(card.qr, keys)).toEqual(expect.any(String));
      expect(await verifyCardQr(card.qr, { keys }, new Date())).toMatchObject({ valid: true });
    }

    // The retired key, were it still in someone's hands, cannot vouch for a card issued after it stopped signing.
    const late = await signCard(
      {
        ...(await verifyCardQr(before.qr, { keys }, new Date()).then((result) => (result.valid ? result.claims : ({} as CardClaims)))),
        issuedAt: new Date().toISOString(),
      },
      new LocalCardSigner(oldPrivate),
    );
    expect(await joseVerifies(late, keys)).toEqual(expect.any(String));
    expect(await verifyOnline(late)).toEqual({ valid: false, reason: 'outside-key-period' });
    expect(await verifyCardQr(late, { keys }, new Date())).toEqual({ valid: false, reason: 'outside-key-period' });

    // The revocation list is signed by the key signing now.
    expect(decodeProtectedHeader(await revocationList()).kid).toBe(current);
  });
});

describe('revocation', () => {
  it('a state admin revokes a card with a reason, idempotently; verification, the list, the card and its registration all show it; reinstating undoes it', async () => {
    const { driver } = stack;
    const { registrationId, cardNumber, qr } = await issuedCard(2);
    const path = `/v1/admin/cards/${cardNumber}/revocation`;

    // Only a state admin: the district's own admin is refused, and nothing changes.
    expect((await driver.call('POST', path, { role: 'district-admin', body: { reasonCode: 'DUPLICATE' } })).status).toBe(403);
    expect((await driver.call('POST', path, { role: 'state-admin', body: { reasonCode: 'LOST' } })).body.code).toBe('INVALID_REQUEST');
    expect(await auditWhys(registrationId)).not.toContain('CARD_REVOKED');

    const revoked = await driver.call('POST', path, {
      role: 'state-admin',
      body: { reasonCode: 'DECEASED', note: 'Death certificate 1182/2026' },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({
      cardNumber,
      registrationId,
      card: { status: 'REVOKED', reasonCode: 'DECEASED', revokedAt: expect.any(String) },
    });
    // Again, even with another reason: nothing changes, the same answer.
    const again = await driver.call('POST', path, { role: 'state-admin', body: { reasonCode: 'FRAUD' } });
    expect(again.body).toEqual(revoked.body);
    expect((await auditWhys(registrationId)).filter((why) => why === 'CARD_REVOKED')).toHaveLength(1);

    expect((await driver.view(registrationId, 'state-admin')).body.card).toMatchObject({
      cardNumber,
      status: 'REVOKED',
      reasonCode: 'DECEASED',
    });
    expect((await driver.call('GET', `/v1/cards/${cardNumber}`, { role: 'portal' })).body.card).toMatchObject({ status: 'REVOKED' });
    expect(await verifyOnline(qr)).toMatchObject({ valid: false, reason: 'REVOKED', revokedReason: 'DECEASED' });
    const status = await stack.env.api(`/v1/cards/${cardNumber}/status`);
    expect(await status.json()).toMatchObject({ cardNumber, status: 'REVOKED', revokedReason: 'DECEASED' });

    // The list, checked against the keys as served; its bytes by hand: one card, a sequence below 128 is one byte.
    const keys = await publishedKeys();
    const list = await revocationList();
    const verified = await verifyRevocationList(list, { keys });
    expect(verified).toMatchObject({ valid: true, list: { cards: [{ cardNumber, reasonCode: 'DECEASED' }] } });
    const { prefix, districtCode, sequence } = parseCardNumber(cardNumber) as NonNullable<ReturnType<typeof parseCardNumber>>;
    expect(sequence).toBeLessThan(128);
    const signer = keys.find((key) => key.kid === decodeProtectedHeader(list).kid) as JWK;
    const { payload } = await compactVerify(list, await importJWK(signer, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({
      v: 1,
      count: 1,
      groups: [{ p: `${prefix}-${districtCode}`, s: Buffer.from([sequence]).toString('base64url'), r: 'X' }],
    });

    const reinstated = await driver.call('DELETE', path, { role: 'state-admin', body: { note: 'Certificate was for another person' } });
    expect(reinstated.body).toEqual({ cardNumber, registrationId, card: { status: 'VALID' } });
    expect((await driver.call('DELETE', path, { role: 'state-admin' })).body).toEqual(reinstated.body);
    expect(await auditWhys(registrationId)).toEqual(expect.arrayContaining(['CARD_REVOKED', 'CARD_REINSTATED']));
    expect((await auditWhys(registrationId)).filter((why) => why === 'CARD_REINSTATED')).toHaveLength(1);
    expect((await driver.view(registrationId, 'state-admin')).body.card).toMatchObject({ status: 'VALID' });
    expect(await verifyOnline(qr)).toMatchObject({ valid: true });
    expect(await verifyRevocationList(await revocationList(), { keys })).toMatchObject({ valid: true, list: { cards: [] } });
  });

  it('checks a typed card number publicly: VALID with minimal fields, 400 for a malformed number, 404 for an unknown one, then 429', async () => {
    const { cardNumber } = await issuedCard(3);
    const valid = await stack.env.api(`/v1/cards/${cardNumber}/status`);
    expect(valid.status).toBe(200);
    const body = (await valid.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['cardNumber', 'nameMasked', 'scheme', 'status', 'validUntil', 'yearOfBirth']);
    const identity = stack.driver.identity('success', 3);
    expect(body).toMatchObject({ cardNumber, status: 'VALID', yearOfBirth: identity.yearOfBirth });
    // Each word of the name its first letter and three stars, as every masked name in the API (not its length).
    expect(body.nameMasked).toBe(
      identity.name
        .split(' ')
        .map((word) => `${word[0]}***`)
        .join(' '),
    );

    // One character changed: the check character catches it.
    const typo = `${cardNumber.slice(0, -3)}${cardNumber.at(-3) === '9' ? '8' : '9'}${cardNumber.slice(-2)}`;
    const malformed = await stack.env.api(`/v1/cards/${typo}/status`);
    expect([malformed.status, ((await malformed.json()) as { code: string }).code]).toEqual([400, 'CARD_NUMBER_MALFORMED']);
    const { prefix, districtCode } = parseCardNumber(cardNumber) as NonNullable<ReturnType<typeof parseCardNumber>>;
    const unknown = await stack.env.api(`/v1/cards/${formatCardNumber({ prefix, districtCode, sequence: 99_999_999 })}/status`);
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, 'CARD_NOT_FOUND']);

    // Past the per-address limit (this stack's: a few an hour), refused with Retry-After.
    let answer = await stack.env.api(`/v1/cards/${cardNumber}/status`);
    for (let sent = 0; answer.status === 200 && sent < lookupsPerMinute; sent += 1)
      answer = await stack.env.api(`/v1/cards/${cardNumber}/status`);
    expect(answer.status).toBe(429);
    expect(((await answer.json()) as { code: string }).code).toBe('SOURCE_RATE_LIMITED');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
