// The card revocation list: which cards a state admin has revoked, and why, compact enough that a phone at a
// hospital desk caches the whole state's list and checks a card offline. Pure and free of node-only imports (jose
// and zod run in browsers): the verifier page (web/) imports this module as it is.
//
// Signed form: a compact JWS (ES256, header { alg, kid }, signed by the current card key) over the JSON payload
//   { v: 1, iat: <seconds>, count, groups: [ { p: "<PREFIX>-<DISTRICT>", s: "<base64url>", r: "<letters>" } ] }
// where `s` is the group's card sequence numbers, sorted, delta-encoded (the first delta from 0), each delta an
// unsigned LEB128 varint, and `r` holds one letter per card in the same order (revocationReasonLetters).
// docs/card.md gives the format, an example and its size at a crore cards.
import { base64url, compactVerify, decodeProtectedHeader, errors, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { formatCardNumber, parseCardNumber } from './card-number.js';
import { ValidationError } from './errors.js';

export const revocationReasonCodes = ['DUPLICATE', 'DECEASED', 'ISSUED_IN_ERROR', 'FRAUD'] as const;
export type RevocationReasonCode = (typeof revocationReasonCodes)[number];

/** One letter per reason in the list's `r`: D duplicate, X deceased, E issued in error, F fraud. */
export const revocationReasonLetters = {
  DUPLICATE: 'D',
  DECEASED: 'X',
  ISSUED_IN_ERROR: 'E',
  FRAUD: 'F',
} as const satisfies Record<RevocationReasonCode, string>;

const reasonOfLetter = new Map<string, RevocationReasonCode>(
  revocationReasonCodes.map((code) => [revocationReasonLetters[code], code] as const),
);

export interface RevokedCard {
  readonly cardNumber: string;
  readonly reasonCode: RevocationReasonCode;
}

export const revocationListVersion = 1;

export interface RevocationListPayload {
  readonly v: typeof revocationListVersion;
  /** When the list was made, in epoch seconds. */
  readonly iat: number;
  readonly count: number;
  readonly groups: readonly { readonly p: string; readonly s: string; readonly r: string }[];
}

export interface RevocationList {
  readonly issuedAt: Date;
  readonly cards: readonly RevokedCard[];
}

// ---------------------------------------------------------------------------------------------------------------
// Unsigned LEB128

/** Appends `value` (a whole number >= 0, below 2^53) as an unsigned LEB128 varint: 7 bits a byte, low bits first. */
export const writeVarint = (value: number, into: number[]): void => {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new ValidationError({ message: `A varint holds a whole number >= 0, not ${value}.` });
  let rest = value;
  while (rest >= 0x80) {
    into.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  into.push(rest);
};

const malformed = (why: string) =>
  new ValidationError({ code: 'REVOCATION_LIST_MALFORMED', message: `The revocation list is malformed: ${why}.` });

/** The varints of `bytes`, in order; throws on a truncated one or one past 2^53. */
export const readVarints = (bytes: Uint8Array): number[] => {
  const values: number[] = [];
  let value = 0;
  let scale = 1;
  for (const byte of bytes) {
    value += (byte & 0x7f) * scale;
    if (!Number.isSafeInteger(value)) throw malformed('a number is too large');
    if (byte & 0x80) {
      scale *= 0x80;
      continue;
    }
    values.push(value);
    value = 0;
    scale = 1;
  }
  if (scale !== 1) throw malformed('a number is cut short');
  return values;
};

// ---------------------------------------------------------------------------------------------------------------
// Encoding and decoding the payload

/** The payload of the list: cards grouped by prefix and district, groups and sequences sorted (same cards, same bytes). */
export const encodeRevocations = (cards: readonly RevokedCard[], issuedAt: Date): RevocationListPayload => {
  const groups = new Map<string, Map<number, RevocationReasonCode>>();
  for (const card of cards) {
    const parts = parseCardNumber(card.cardNumber);
    if (parts === undefined) throw new ValidationError({ message: `Not a well-formed card number: ${card.cardNumber}.` });
    const key = `${parts.prefix}-${parts.districtCode}`;
    const group = groups.get(key) ?? new Map<number, RevocationReasonCode>();
    group.set(parts.sequence, card.reasonCode);
    groups.set(key, group);
  }
  let count = 0;
  const encoded = [...groups.keys()].sort().map((key) => {
    const group = groups.get(key) as Map<number, RevocationReasonCode>;
    const sequences = [...group.keys()].sort((a, b) => a - b);
    const bytes: number[] = [];
    let previous = 0;
    for (const sequence of sequences) {
      writeVarint(sequence - previous, bytes);
      previous = sequence;
    }
    count += sequences.length;
    return {
      p: key,
      s: base64url.encode(Uint8Array.from(bytes)),
      r: sequences.map((sequence) => revocationReasonLetters[group.get(sequence) as RevocationReasonCode]).join(''),
    };
  });
  return { v: revocationListVersion, iat: Math.floor(issuedAt.getTime() / 1000), count, groups: encoded };
};

const payloadSchema = z
  .object({
    v: z.literal(revocationListVersion),
    iat: z.number().int().min(0),
    count: z.number().int().min(0),
    groups: z.array(
      z
        .object({ p: z.string().regex(/^[A-Z]{2,5}-[A-Z]{3}$/), s: z.string().regex(/^[\w-]*$/), r: z.string().regex(/^[DXEF]*$/) })
        .strict(),
    ),
  })
  .strict();

/** The cards a payload lists; throws REVOCATION_LIST_MALFORMED when it does not hold together. */
export const decodeRevocations = (payload: unknown): RevocationList => {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw malformed(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const cards: RevokedCard[] = [];
  for (const group of parsed.data.groups) {
    const [prefix, districtCode] = group.p.split('-') as [string, string];
    let bytes: Uint8Array;
    try {
      bytes = base64url.decode(group.s);
    } catch {
      throw malformed(`group ${group.p} is not base64url`);
    }
    const deltas = readVarints(bytes);
    if (deltas.length !== group.r.length) throw malformed(`group ${group.p} has ${deltas.length} numbers and ${group.r.length} reasons`);
    let sequence = 0;
    deltas.forEach((delta, index) => {
      // Sorted and distinct: every delta after the first is at least 1.
      if (index > 0 && delta === 0) throw malformed(`group ${group.p} repeats a card`);
      sequence += delta;
      if (sequence >= 10 ** 8) throw malformed(`group ${group.p} has a sequence past 8 digits`);
      cards.push({
        cardNumber: formatCardNumber({ prefix, districtCode, sequence }),
        reasonCode: reasonOfLetter.get(group.r[index] as string) as RevocationReasonCode,
      });
    });
  }
  if (cards.length !== parsed.data.count) throw malformed(`it says ${parsed.data.count} cards and holds ${cards.length}`);
  return { issuedAt: new Date(parsed.data.iat * 1000), cards };
};

/** The reason a card is on the list, or undefined. */
export const revocationOf = (list: RevocationList, cardNumber: string): RevocationReasonCode | undefined =>
  list.cards.find((card) => card.cardNumber === cardNumber)?.reasonCode;

// ---------------------------------------------------------------------------------------------------------------
// Signing input and verification

const utf8 = new TextEncoder();

/** The JWS signing input, `base64url(header).base64url(payload)`, for an ES256 signature by key `kid`. */
export const revocationListSigningInput = (payload: RevocationListPayload, kid: string): string => {
  if (kid.length === 0) throw new ValidationError({ message: 'A revocation list signature needs a key id.' });
  return `${base64url.encode(utf8.encode(JSON.stringify({ alg: 'ES256', kid })))}.${base64url.encode(utf8.encode(JSON.stringify(payload)))}`;
};

export type RevocationListProblem = 'malformed' | 'unknown-key' | 'bad-signature';

export type RevocationListVerification =
  | { readonly valid: true; readonly list: RevocationList; readonly kid: string }
  | { readonly valid: false; readonly reason: RevocationListProblem };

/**
 * Checks the signed list against the published card keys (a JWKS, or its `keys`): ES256, signed by the key its
 * header names, payload in the v1 layout. Any key of the set will do: the list is made fresh, by the current key.
 */
export const verifyRevocationList = async (
  jws: string,
  publicKeys: readonly JWK[] | { readonly keys: readonly JWK[] },
): Promise<RevocationListVerification> => {
  const text = jws.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return { valid: false, reason: 'malformed' };
  let kid: string;
  try {
    const header = decodeProtectedHeader(text);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') return { valid: false, reason: 'malformed' };
    kid = header.kid;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const keys: readonly JWK[] = Array.isArray(publicKeys) ? publicKeys : (publicKeys as { readonly keys: readonly JWK[] }).keys;
  const jwk = keys.find((key) => key.kid === kid && key.kty === 'EC' && key.crv === 'P-256');
  if (jwk === undefined) return { valid: false, reason: 'unknown-key' };
  let payload: Uint8Array;
  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256');
    ({ payload } = await compactVerify(text, key, { algorithms: ['ES256'] }));
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) return { valid: false, reason: 'bad-signature' };
    return { valid: false, reason: 'malformed' };
  }
  try {
    return { valid: true, list: decodeRevocations(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload))), kid };
  } catch {
    return { valid: false, reason: 'malformed' };
  }
};
