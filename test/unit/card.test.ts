import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cardCheckCharacter,
  cardKeyId,
  cardQrKeys,
  cardSigningInput,
  formatCardNumber,
  isWellFormedCardNumber,
  verifyCardQr,
  type CardClaims,
} from '../../functions/core/card.js';
import { ValidationError } from '../../functions/core/errors.js';
import { CardSignatureFormatError, signCard, type CardSigner } from '../../functions/ports/card-signer.js';
import { LocalCardSigner } from '../../functions/adapters/card-signer-local.js';
import { employeeCardClaims } from '../support/cards.js';

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const digits = '0123456789';

const claims = employeeCardClaims;
const duringValidity = new Date('2028-01-01T00:00:00Z');
const signer = LocalCardSigner.generate();

const segments = (jws: string) => jws.split('.') as [string, string, string];
const decodeSegment = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('card numbers', () => {
  it('are PREFIX-DISTRICT-8 digits-check character', () => {
    const number = formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 1234 });
    expect(number).toMatch(/^UPS-LKO-00001234-[0-9A-Z]$/);
    expect(isWellFormedCardNumber(number)).toBe(true);
    expect(formatCardNumber({ prefix: 'PMJ', districtCode: 'VNS', sequence: 99_999_999 })).toMatch(/^PMJ-VNS-99999999-[0-9A-Z]$/);
  });

  it('have a Luhn mod 36 check character (the sum of doubled and plain base-36 values is 0 mod 36)', () => {
    // UPSLKO00001234: values from the right, doubled every second starting with the rightmost.
    const body = 'UPSLKO00001234';
    let sum = 0;
    [...body].reverse().forEach((char, index) => {
      const product = alphabet.indexOf(char) * (index % 2 === 0 ? 2 : 1);
      sum += Math.floor(product / 36) + (product % 36);
    });
    const check = cardCheckCharacter(body);
    expect((sum + alphabet.indexOf(check)) % 36).toBe(0);
  });

  it('refuse prefixes, district codes and sequences outside the format', () => {
    expect(() => formatCardNumber({ prefix: 'ups', districtCode: 'LKO', sequence: 1 })).toThrow(ValidationError);
    expect(() => formatCardNumber({ prefix: 'UPS', districtCode: 'LK', sequence: 1 })).toThrow(ValidationError);
    expect(() => formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 100_000_000 })).toThrow(ValidationError);
    expect(() => formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 1.5 })).toThrow(ValidationError);
    expect(() => formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: -1 })).toThrow(ValidationError);
  });

  it('are not well formed with another shape or a wrong check character', () => {
    const number = formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 1234 });
    expect(isWellFormedCardNumber(number.toLowerCase())).toBe(false);
    expect(isWellFormedCardNumber(number.replaceAll('-', ''))).toBe(false);
    expect(isWellFormedCardNumber(`${number} `)).toBe(false);
    expect(isWellFormedCardNumber('UPS-LKO-1234-7')).toBe(false);
    expect(isWellFormedCardNumber('')).toBe(false);
  });

  it('check character: every single-character substitution changes it, at either weight', () => {
    for (const a of alphabet) {
      for (const b of alphabet) {
        if (a === b) continue;
        expect(cardCheckCharacter(a)).not.toBe(cardCheckCharacter(b));
        expect(cardCheckCharacter(`${a}0`)).not.toBe(cardCheckCharacter(`${b}0`));
      }
    }
  });

  it('check character: every adjacent transposition changes it, except 0 with Z (impossible inside a group)', () => {
    for (const a of alphabet) {
      for (const b of alphabet) {
        if (a === b) continue;
        const blindSpot = (a === '0' && b === 'Z') || (a === 'Z' && b === '0');
        expect(cardCheckCharacter(`${a}${b}`) === cardCheckCharacter(`${b}${a}`)).toBe(blindSpot);
        expect(cardCheckCharacter(`${a}${b}0`) === cardCheckCharacter(`${b}${a}0`)).toBe(blindSpot);
      }
    }
  });

  it('a misread or mistyped number is caught: each substitution and adjacent transposition in real numbers', () => {
    const numbers = [
      formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 1234 }),
      formatCardNumber({ prefix: 'PMJ', districtCode: 'GZB', sequence: 90_817_263 }),
      formatCardNumber({ prefix: 'UPS', districtCode: 'AZZ', sequence: 5_550_505 }),
    ];
    let tried = 0;
    for (const number of numbers) {
      expect(isWellFormedCardNumber(number)).toBe(true);
      for (let index = 0; index < number.length; index += 1) {
        const char = number[index] as string;
        if (char === '-') continue;
        const pool = index === number.length - 1 ? alphabet : digits.includes(char) ? digits : letters;
        for (const other of pool) {
          if (other === char) continue;
          tried += 1;
          expect(isWellFormedCardNumber(number.slice(0, index) + other + number.slice(index + 1))).toBe(false);
        }
        const next = number[index + 1];
        if (next !== undefined && next !== '-' && next !== char) {
          tried += 1;
          expect(isWellFormedCardNumber(number.slice(0, index) + next + char + number.slice(index + 2))).toBe(false);
        }
      }
    }
    expect(tried).toBeGreaterThan(500);
  });
});

describe('the QR payload', () => {
  it('is a compact ES256 JWS with kid, over the claims under short keys', async () => {
    const qr = await signCard(claims, signer);
    const [header, payload] = segments(qr);
    expect(decodeSegment(header)).toEqual({ alg: 'ES256', kid: signer.keyId });
    expect(decodeSegment(payload)).toEqual({
      v: 1,
      n: claims.cardNumber,
      s: 'up-sects',
      nm: 'Kishori Lal Sharma',
      nl: 'किशोरी लाल शर्मा',
      y: 1978,
      g: 'M',
      vf: '2026-11-23',
      vu: '2031-11-22',
      a: '1234',
      r: 'reg-3f0c6a52',
      ia: '2026-11-23T10:15:30.123Z',
      f: 'EMP-LKO-778812',
    });
    expect(Object.keys(cardQrKeys)).toHaveLength(12);
    // Any ES256 JWS library checks it: here jose directly, with the published key.
    const { payload: verified } = await compactVerify(qr, await importJWK(await signer.publicJwk(), 'ES256'));
    expect(verified.length).toBeGreaterThan(0);
  });

  it('leaves out what is not a card claim, and refuses anything but the last 4 Aadhaar digits', () => {
    const withExtras = { ...claims, mobile: '9876543210', aadhaar: '234567891234' } as CardClaims;
    const [, payload] = segments(`${cardSigningInput(withExtras, 'k1')}.x`);
    expect(Buffer.from(payload, 'base64url').toString('utf8')).not.toMatch(/9876543210|234567891234/);
    expect(() => cardSigningInput({ ...claims, aadhaarLast4: '234567891234' }, 'k1')).toThrow(ValidationError);
    const wrongCheck = claims.cardNumber.slice(0, -1) + (claims.cardNumber.endsWith('0') ? '1' : '0');
    expect(() => cardSigningInput({ ...claims, cardNumber: wrongCheck }, 'k1')).toThrow(ValidationError);
    expect(() => cardSigningInput({ ...claims, validUntil: '2020-01-01' }, 'k1')).toThrow(ValidationError);
  });

  it('is the same text for the same claims (deterministic signing input)', () => {
    expect(cardSigningInput(claims, 'k1')).toBe(cardSigningInput({ ...claims }, 'k1'));
  });

  it('verifies with the signer public key, and gives back the claims and kid', async () => {
    const qr = await signCard(claims, signer);
    const result = await verifyCardQr(qr, [await signer.publicJwk()], duringValidity);
    expect(result).toEqual({ valid: true, claims, kid: signer.keyId });
    // A published JWKS works as well as a list of keys.
    expect((await verifyCardQr(qr, { keys: [await signer.publicJwk()] }, duringValidity)).valid).toBe(true);
  });

  it('a changed payload is a bad signature', async () => {
    const [header, payload, signature] = segments(await signCard(claims, signer));
    const changed = { ...decodeSegment(payload), nm: 'Someone Else' };
    const forged = `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
    expect(await verifyCardQr(forged, [await signer.publicJwk()], duringValidity)).toEqual({ valid: false, reason: 'bad-signature' });
  });

  it('a signature by another key: unknown key, or a bad signature when it claims a published kid', async () => {
    const other = LocalCardSigner.generate();
    const byOther = await signCard(claims, other);
    expect(await verifyCardQr(byOther, [await signer.publicJwk()], duringValidity)).toEqual({ valid: false, reason: 'unknown-key' });
    const impostor: CardSigner = { keyId: signer.keyId, sign: (input) => other.sign(input), publicJwk: () => other.publicJwk() };
    expect(await verifyCardQr(await signCard(claims, impostor), [await signer.publicJwk()], duringValidity)).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('keeps the validity in India time: from validFrom 00:00 IST to the end of validUntil', async () => {
    const qr = await signCard(claims, signer);
    const keys = [await signer.publicJwk()];
    const at = (iso: string) => verifyCardQr(qr, keys, new Date(iso));
    expect(await at('2026-11-22T18:29:59.999Z')).toEqual({ valid: false, reason: 'not-yet-valid' });
    expect((await at('2026-11-22T18:30:00.000Z')).valid).toBe(true);
    expect((await at('2031-11-22T18:29:59.999Z')).valid).toBe(true);
    expect(await at('2031-11-22T18:30:00.000Z')).toEqual({ valid: false, reason: 'expired' });
    expect(await at('2040-01-01T00:00:00.000Z')).toEqual({ valid: false, reason: 'expired' });
  });

  it('anything that is not a card JWS is malformed', async () => {
    const keys = [await signer.publicJwk()];
    const [header, payload, signature] = segments(await signCard(claims, signer));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signedOver = async (body: string) =>
      `${body}.${Buffer.from(await signer.sign(new TextEncoder().encode(body))).toString('base64url')}`;
    const cases = [
      '',
      'hello',
      `${header}.${payload}`,
      `${header}.${payload}.${signature}.extra`,
      `!!.${payload}.${signature}`,
      `${encode({ alg: 'HS256', kid: signer.keyId })}.${payload}.${signature}`,
      `${encode({ alg: 'none', kid: signer.keyId })}.${payload}.`,
      `${encode({ alg: 'ES256' })}.${payload}.${signature}`,
      // Correctly signed, but not a card payload.
      await signedOver(`${header}.${encode({ hello: 'world' })}`),
      await signedOver(`${header}.${encode({ ...decodeSegment(payload), v: 2 })}`),
      await signedOver(`${header}.${encode({ ...decodeSegment(payload), mobile: '9876543210' })}`),
      await signedOver(`${header}.${Buffer.from('not json').toString('base64url')}`),
    ];
    for (const text of cases) expect(await verifyCardQr(text, keys, duringValidity), text).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('signers and key ids', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('kid is the first 16 characters of the RFC 7638 thumbprint', async () => {
    const jwk = await LocalCardSigner.generate().publicJwk();
    expect(cardKeyId(jwk)).toBe((await calculateJwkThumbprint(jwk, 'sha256')).slice(0, 16));
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: cardKeyId(jwk) });
    expect(jwk).not.toHaveProperty('d');
  });

  it('the local signer creates its key file owner-only, then keeps using it', async () => {
    dir = mkdtempSync(join(tmpdir(), 'card-key-'));
    const path = join(dir, 'keys', 'card-signing.jwk.json');
    const first = LocalCardSigner.fromFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const again = LocalCardSigner.fromFile(path);
    expect(again.keyId).toBe(first.keyId);
    const qr = await signCard(claims, again);
    expect((await verifyCardQr(qr, [await first.publicJwk()], duringValidity)).valid).toBe(true);
  });

  it('the local signer returns 64-byte R||S signatures', async () => {
    const signature = await LocalCardSigner.generate().sign(new TextEncoder().encode('abc'));
    expect(signature).toHaveLength(64);
  });

  it('signCard refuses a signature that is not raw R||S (e.g. DER)', async () => {
    const derSigner: CardSigner = { keyId: signer.keyId, sign: async () => new Uint8Array(71), publicJwk: () => signer.publicJwk() };
    await expect(signCard(claims, derSigner)).rejects.toThrow(CardSignatureFormatError);
  });
});
