// The desk page's decisions (web/src/verify/check.ts, revocations.ts) without a browser: Node's WebCrypto is the
// browser's API. Cards and lists are signed here by jose (a third party) in the layouts docs/card.md publishes,
// so what the page accepts is what any ES256 JWS signer makes, not what our own signer happens to write.
import { formatCardNumber } from '../../functions/core/card-number.js';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyQr, type CardKey } from '../../web/src/verify/check.js';
import { checkRevocationList } from '../../web/src/verify/revocations.js';
import { revocationGroup, revocationPayload } from '../support/revocation-list.js';

interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly published: CardKey;
}

const signingKey = async (kid: string, period: { validFrom?: string; retiredAt?: string } = {}): Promise<SigningKey> => {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, published: { kty: String(kty), crv: String(crv), x: String(x), y: String(y), kid, alg: 'ES256', ...period } };
};

const sign = (payload: unknown, key: SigningKey, kid = String(key.published.kid)) =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid }).sign(key.privateKey);

/** A card's payload under the short keys of docs/card.md's table. */
const cardPayload = (overrides: Record<string, unknown> = {}) => ({
  v: 1,
  n: 'UPS-LUC-00000300-7',
  s: 'up-sects',
  nm: 'Ramesh Kumar Yadav',
  nl: 'रमेश कुमार यादव',
  y: 1978,
  g: 'M',
  vf: '2026-03-01',
  vu: '2031-02-28',
  a: '0117',
  r: 'reg-1',
  ia: '2026-03-01T09:30:00.000Z',
  ...overrides,
});

const during = new Date('2026-12-04T10:00:00+05:30');
let current: SigningKey;
let retired: SigningKey;
let stranger: SigningKey;

beforeAll(async () => {
  // A key that signed from January to June, retired by a rotation, and the one that signs since.
  retired = await signingKey('old-key', { validFrom: '2026-01-01T00:00:00Z', retiredAt: '2026-06-01T00:00:00Z' });
  current = await signingKey('new-key', { validFrom: '2026-06-01T00:00:00Z' });
  stranger = await signingKey('new-key');
});

describe('desk page: a QR checked in the browser', () => {
  it('accepts a card signed by a published key and reads every field of it', async () => {
    const qr = await sign(cardPayload({ ia: '2026-07-01T09:30:00Z' }), current);
    const verdict = await verifyQr(qr, [retired.published, current.published], undefined, during);
    expect(verdict).toEqual({
      verdict: 'valid',
      kid: 'new-key',
      revocationChecked: false,
      card: {
        cardNumber: 'UPS-LUC-00000300-7',
        scheme: 'up-sects',
        name: 'Ramesh Kumar Yadav',
        nameLocal: 'रमेश कुमार यादव',
        yearOfBirth: 1978,
        gender: 'M',
        validFrom: '2026-03-01',
        validUntil: '2031-02-28',
        aadhaarLast4: '0117',
        registrationId: 'reg-1',
        issuedAt: '2026-07-01T09:30:00Z',
      },
    });
  });

  it('accepts a card signed before a rotation by the retired key, still published', async () => {
    const qr = await sign(cardPayload({ ia: '2026-03-01T09:30:00Z' }), retired);
    expect(await verifyQr(qr, [retired.published, current.published], undefined, during)).toMatchObject({
      verdict: 'valid',
      kid: 'old-key',
    });
  });

  it("refuses a card dated outside its key's signing period, a key not published, a changed byte, and not a JWS", async () => {
    const keys = [retired.published, current.published];
    const afterRetirement = await sign(cardPayload({ ia: '2026-07-01T09:30:00Z' }), retired);
    expect(await verifyQr(afterRetirement, keys, undefined, during)).toEqual({ verdict: 'not-valid', reason: 'outside-key-period' });
    const beforeItsTime = await sign(cardPayload({ ia: '2026-03-01T09:30:00Z' }), current);
    expect(await verifyQr(beforeItsTime, keys, undefined, during)).toEqual({ verdict: 'not-valid', reason: 'outside-key-period' });
    const unknown = await sign(cardPayload(), current, 'someone-else');
    expect(await verifyQr(unknown, keys, undefined, during)).toEqual({ verdict: 'not-valid', reason: 'unknown-key' });
    // Signed by another key under the current key's id: the signature does not verify.
    const forged = await sign(cardPayload({ ia: '2026-07-01T09:30:00Z' }), stranger);
    expect(await verifyQr(forged, keys, undefined, during)).toEqual({ verdict: 'not-valid', reason: 'bad-signature' });
    const genuine = await sign(cardPayload({ ia: '2026-07-01T09:30:00Z' }), current);
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const changed = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"y":1978', '"y":1979')).toString('base64url');
    expect(await verifyQr(`${header}.${changed}.${signature}`, keys, undefined, during)).toEqual({
      verdict: 'not-valid',
      reason: 'bad-signature',
    });
    expect(await verifyQr('https://example.org/not-a-card', keys, undefined, during)).toEqual({
      verdict: 'not-valid',
      reason: 'malformed',
    });
    const unsigned = `${Buffer.from('{"alg":"none","kid":"new-key"}').toString('base64url')}.${payload}.${signature}`;
    expect(await verifyQr(unsigned, keys, undefined, during)).toEqual({ verdict: 'not-valid', reason: 'malformed' });
  });

  it('is valid through the last day of its validity, India time, and expired from the next midnight', async () => {
    const qr = await sign(cardPayload({ ia: '2026-07-01T09:30:00Z', vf: '2026-07-01', vu: '2026-12-04' }), current);
    const keys = [current.published];
    expect(await verifyQr(qr, keys, undefined, new Date('2026-12-04T23:59:59+05:30'))).toMatchObject({ verdict: 'valid' });
    expect(await verifyQr(qr, keys, undefined, new Date('2026-12-05T00:00:00+05:30'))).toMatchObject({ verdict: 'expired' });
    expect(await verifyQr(qr, keys, undefined, new Date('2026-06-30T23:59:59+05:30'))).toEqual({
      verdict: 'not-valid',
      reason: 'not-yet-valid',
    });
  });
});

const listPayload = (iat: number) =>
  revocationPayload(iat, [
    revocationGroup('UPS-LUC', [
      [1, 'D'],
      [300, 'X'],
      [70_000, 'F'],
    ]),
    revocationGroup('PMJ-KAN', [[5, 'E']]),
  ]);

describe('desk page: the signed revocation list', () => {
  const now = Math.floor(during.getTime() / 1000);

  it('reads a list signed by the current key: which cards, for what reason', async () => {
    const list = await checkRevocationList(await sign(listPayload(now), current), [retired.published, current.published]);
    if (!list.ok) throw new Error(`refused: ${list.reason}`);
    expect(list.count).toBe(4);
    expect(list.issuedAt.toISOString()).toBe(new Date(now * 1000).toISOString());
    const card = (prefix: string, districtCode: string, sequence: number) => formatCardNumber({ prefix, districtCode, sequence });
    expect(list.revoked(card('UPS', 'LUC', 1))).toBe('DUPLICATE');
    expect(list.revoked(card('UPS', 'LUC', 300))).toBe('DECEASED');
    expect(list.revoked(card('UPS', 'LUC', 70_000))).toBe('FRAUD');
    expect(list.revoked(card('PMJ', 'KAN', 5))).toBe('ISSUED_IN_ERROR');
    expect(list.revoked(card('UPS', 'LUC', 2))).toBeUndefined();
    expect(list.revoked(card('PMJ', 'LUC', 1))).toBeUndefined();
    // And a card on it is revoked at the desk.
    const qr = await sign(cardPayload({ n: card('UPS', 'LUC', 300), ia: '2026-07-01T09:30:00Z' }), current);
    expect(await verifyQr(qr, [current.published], list.revoked, during)).toMatchObject({ verdict: 'revoked', reason: 'DECEASED' });
  });

  it('refuses a list signed by another key, by a key not published, or whose payload does not hold together', async () => {
    const keys = [retired.published, current.published];
    expect(await checkRevocationList(await sign(listPayload(now), stranger), keys)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await checkRevocationList(await sign(listPayload(now), current, 'gone'), keys)).toEqual({ ok: false, reason: 'unknown-key' });
    const miscounted = { ...listPayload(now), count: 5 };
    expect(await checkRevocationList(await sign(miscounted, current), keys)).toEqual({ ok: false, reason: 'malformed' });
    expect(await checkRevocationList('', keys)).toEqual({ ok: false, reason: 'malformed' });
  });
});
