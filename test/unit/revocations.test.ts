// The revocation list's format (functions/core/revocations.ts, docs/card.md). Expected bytes are built by hand from
// the LEB128 definition and its published examples (DWARF 5, section 7.6, figure 22; protocol buffers' encoding
// guide: 300 is AC 02); base64url is node's own; the signature is checked by jose, and refused when the list was
// re-signed by another key or altered.
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { formatCardNumber } from '../../functions/core/card-number.js';
import {
  decodeRevocations,
  encodeRevocations,
  readVarints,
  revocationOf,
  verifyRevocationList,
  writeVarint,
  type RevokedCard,
} from '../../functions/core/revocations.js';
import { signRevocationList, type CardSigner } from '../../functions/ports/card-signer.js';
import { LocalCardSigner } from '../../functions/adapters/card-signer-local.js';

const ups = (sequence: number) => formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence });
const pmj = (sequence: number) => formatCardNumber({ prefix: 'PMJ', districtCode: 'VAR', sequence });
const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64url');
const at = new Date('2026-12-04T06:30:00Z');

describe('unsigned LEB128', () => {
  it('writes the published examples', () => {
    // DWARF 5 figure 22, and protocol buffers' 300.
    const examples: [number, number[]][] = [
      [2, [0x02]],
      [127, [0x7f]],
      [128, [0x80, 0x01]],
      [129, [0x81, 0x01]],
      [130, [0x82, 0x01]],
      [12857, [0xb9, 0x64]],
      [300, [0xac, 0x02]],
      [624485, [0xe5, 0x8e, 0x26]],
    ];
    for (const [value, bytes] of examples) {
      const written: number[] = [];
      writeVarint(value, written);
      expect(written, String(value)).toEqual(bytes);
      expect(readVarints(Uint8Array.from(bytes))).toEqual([value]);
    }
  });

  it('refuses a varint cut short', () => {
    expect(() => readVarints(Uint8Array.from([0x05, 0x80]))).toThrow(/cut short/);
  });
});

describe('the revocation list payload', () => {
  it('groups by prefix and district, sorts, and delta-encodes the sequences (5, 130 -> 05 7D; 300 -> AC 02)', () => {
    const cards: RevokedCard[] = [
      { cardNumber: ups(130), reasonCode: 'DECEASED' },
      { cardNumber: pmj(300), reasonCode: 'FRAUD' },
      { cardNumber: ups(5), reasonCode: 'DUPLICATE' },
    ];
    expect(encodeRevocations(cards, at)).toEqual({
      v: 1,
      iat: 1_796_365_800,
      count: 3,
      groups: [
        { p: 'PMJ-VAR', s: b64([0xac, 0x02]), r: 'F' },
        { p: 'UPS-LKO', s: b64([0x05, 0x7d]), r: 'DX' },
      ],
    });
  });

  it('decodes a hand-built payload back to card numbers and reasons', () => {
    // UPS-LKO: 0 (delta 0), 1 (1), 129 (128 = 80 01), 12986 (12857 = B9 64); letters E, F, D, X.
    const payload = {
      v: 1,
      iat: 1_796_365_800,
      count: 4,
      groups: [{ p: 'UPS-LKO', s: b64([0x00, 0x01, 0x80, 0x01, 0xb9, 0x64]), r: 'EFDX' }],
    };
    const list = decodeRevocations(payload);
    expect(list.issuedAt.toISOString()).toBe('2026-12-04T06:30:00.000Z');
    expect(list.cards).toEqual([
      { cardNumber: ups(0), reasonCode: 'ISSUED_IN_ERROR' },
      { cardNumber: ups(1), reasonCode: 'FRAUD' },
      { cardNumber: ups(129), reasonCode: 'DUPLICATE' },
      { cardNumber: ups(12986), reasonCode: 'DECEASED' },
    ]);
    expect(revocationOf(list, ups(129))).toBe('DUPLICATE');
    expect(revocationOf(list, ups(128))).toBeUndefined();
  });

  it('refuses payloads that do not hold together', () => {
    const group = { p: 'UPS-LKO', s: b64([0x05, 0x7d]), r: 'DX' };
    const refused = [
      { v: 2, iat: 0, count: 2, groups: [group] },
      { v: 1, iat: 0, count: 3, groups: [group] },
      { v: 1, iat: 0, count: 2, groups: [{ ...group, r: 'D' }] },
      { v: 1, iat: 0, count: 2, groups: [{ ...group, r: 'DQ' }] },
      { v: 1, iat: 0, count: 2, groups: [{ ...group, s: b64([0x05, 0x00]) }] },
      { v: 1, iat: 0, count: 1, groups: [{ ...group, s: b64([0x80, 0xc2, 0xd7, 0x2f]), r: 'D' }] },
      { v: 1, iat: 0, count: 2, groups: [{ ...group, p: 'UPS-LK' }] },
    ];
    for (const payload of refused) expect(() => decodeRevocations(payload), JSON.stringify(payload)).toThrow(/malformed/);
  });
});

describe('the signed list', () => {
  const signer = LocalCardSigner.generate();
  const cards: RevokedCard[] = [
    { cardNumber: ups(5), reasonCode: 'DUPLICATE' },
    { cardNumber: ups(130), reasonCode: 'DECEASED' },
  ];

  it('verifies with the published key (jose) and gives the cards back', async () => {
    const jwk = await signer.publicJwk();
    const jws = await signRevocationList(encodeRevocations(cards, at), signer);
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(jwk, 'ES256'));
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: signer.keyId });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ count: 2, groups: [{ p: 'UPS-LKO', s: 'BX0', r: 'DX' }] });
    const verified = await verifyRevocationList(jws, { keys: [jwk] });
    expect(verified).toEqual({ valid: true, kid: signer.keyId, list: { issuedAt: at, cards } });
  });

  it('refuses a list re-signed by another key, under the published kid or its own', async () => {
    const published = { keys: [await signer.publicJwk()] };
    const other = LocalCardSigner.generate();
    const impostor: CardSigner = { keyId: signer.keyId, sign: (input) => other.sign(input), publicJwk: () => other.publicJwk() };
    const forged = await signRevocationList(encodeRevocations([], at), impostor);
    expect(await verifyRevocationList(forged, published)).toEqual({ valid: false, reason: 'bad-signature' });
    const ownKid = await signRevocationList(encodeRevocations([], at), other);
    expect(await verifyRevocationList(ownKid, published)).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('refuses a tampered payload (a card taken off the list)', async () => {
    const published = { keys: [await signer.publicJwk()] };
    const [header, , signature] = (await signRevocationList(encodeRevocations(cards, at), signer)).split('.');
    const shorter = Buffer.from(
      JSON.stringify({ v: 1, iat: 1_796_365_800, count: 1, groups: [{ p: 'UPS-LKO', s: 'BQ', r: 'D' }] }),
    ).toString('base64url');
    expect(await verifyRevocationList(`${header}.${shorter}.${signature}`, published)).toEqual({ valid: false, reason: 'bad-signature' });
    expect(await verifyRevocationList('not a list', published)).toEqual({ valid: false, reason: 'malformed' });
  });
});
