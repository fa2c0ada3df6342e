// The health card: its number, and the signed payload in its QR code. Pure: no I/O. Verifying uses jose's
// deterministic crypto, so a verifier app (or this back end) checks a card offline with the published public keys.
//
// Card number: PREFIX-DISTRICT-SEQUENCE-CHECK, e.g. UPS-LKO-00001234-7. The check character is Luhn mod 36 over
// the alphanumerics (prefix, district, sequence): it catches every single-character error, and misses only the
// adjacent transposition of '0' with 'Z', which cannot occur inside a well-formed number (letter groups and the
// digit group are separated by dashes). ISO 7064 MOD 37,36 was measured to miss about 0.5% of transpositions in
// this format; MOD 37-2 needs '*' as a check character; Verhoeff and Damm are for digits only.
//
// QR payload: a compact JWS (ES256, header { alg, kid }) over the claims written with short keys (cardQrKeys).
// Only the fields below are ever written; a full Aadhaar number or a mobile number has no key to go into.
import { createHash } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, errors, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { isWellFormedCardNumber } from './card-number.js';
import { ValidationError } from './errors.js';
import type { Gender } from './person.js';

// The card number's grammar is its own module, free of node-only imports, so the verifier page checks a typed number.
export { cardCheckCharacter, formatCardNumber, isWellFormedCardNumber, parseCardNumber } from './card-number.js';

export type CardScheme = 'up-sects' | 'pmjay' | (string & {});

export interface CardClaims {
  readonly cardNumber: string;
  readonly scheme: CardScheme;
  /** As on the e-KYC record, in English. */
  readonly name: string;
  /** As on the e-KYC record, in the local script (Devanagari for Hindi), when given. */
  readonly nameLocal?: string;
  readonly yearOfBirth: number;
  readonly gender: Gender;
  /** ISO date (YYYY-MM-DD); valid from the start of this day, India time. */
  readonly validFrom: string;
  /** ISO date (YYYY-MM-DD); valid to the end of this day, India time. */
  readonly validUntil: string;
  readonly aadhaarLast4: string;
  readonly registrationId: string;
  /** ISO timestamp. */
  readonly issuedAt: string;
  /** Links a family's cards: ration card number, employee id or registration of the primary. */
  readonly familyId?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Claims and their compact form

const isoDate = z.iso.date();
const cardClaimsSchema = z.object({
  cardNumber: z.string().refine(isWellFormedCardNumber, 'not a well-formed card number'),
  scheme: z.string().min(1).max(32),
  name: z.string().trim().min(1).max(120),
  nameLocal: z.string().trim().min(1).max(120).optional(),
  yearOfBirth: z.number().int().min(1900).max(2100),
  gender: z.enum(['M', 'F', 'T']),
  validFrom: isoDate,
  validUntil: isoDate,
  aadhaarLast4: z.string().regex(/^\d{4}$/, 'the last 4 digits only'),
  registrationId: z.string().min(1).max(64),
  issuedAt: z.iso.datetime({ offset: true }),
  familyId: z.string().min(1).max(64).optional(),
});

/** Payload format version, key `v`. A new layout of keys gets a new number. */
export const cardQrVersion = 1;

/** Claim -> key in the QR payload. Short keys keep the QR at a version a cheap phone camera reads from print. */
export const cardQrKeys = {
  cardNumber: 'n',
  scheme: 's',
  name: 'nm',
  nameLocal: 'nl',
  yearOfBirth: 'y',
  gender: 'g',
  validFrom: 'vf',
  validUntil: 'vu',
  aadhaarLast4: 'a',
  registrationId: 'r',
  issuedAt: 'ia',
  familyId: 'f',
} as const satisfies Record<keyof CardClaims, string>;

const claimNames = Object.keys(cardQrKeys) as (keyof CardClaims)[];

const compactPayloadSchema = z
  .object({ v: z.literal(cardQrVersion) })
  .extend(Object.fromEntries(claimNames.map((name) => [cardQrKeys[name], cardClaimsSchema.shape[name]])))
  .strict();

const toCompact = (claims: CardClaims): Record<string, unknown> => {
  const compact: Record<string, unknown> = { v: cardQrVersion };
  // Key order is fixed by cardQrKeys, so the same claims always give the same bytes.
  for (const name of claimNames) if (claims[name] !== undefined) compact[cardQrKeys[name]] = claims[name];
  return compact;
};

const fromCompact = (compact: Record<string, unknown>): CardClaims => {
  const claims: Record<string, unknown> = {};
  for (const name of claimNames) if (compact[cardQrKeys[name]] !== undefined) claims[name] = compact[cardQrKeys[name]];
  return claims as unknown as CardClaims;
};

/** Checks claims before they are signed; throws ValidationError naming what is wrong. */
export const validateCardClaims = (claims: CardClaims): CardClaims => {
  const result = cardClaimsSchema.safeParse(claims);
  if (!result.success) {
    throw new ValidationError({
      message: 'Card claims are not valid.',
      details: {
        issues: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      },
    });
  }
  if (claims.validUntil < claims.validFrom) throw new ValidationError({ message: 'A card cannot end before it starts.' });
  return claims;
};

// ---------------------------------------------------------------------------------------------------------------
// Keys

/** The key id of a card-signing key: the first 16 characters (96 bits) of its RFC 7638 JWK thumbprint. */
export const cardKeyId = (publicJwk: Pick<JWK, 'kty' | 'crv' | 'x' | 'y'>): string => {
  if (publicJwk.kty !== 'EC' || publicJwk.crv !== 'P-256' || publicJwk.x === undefined || publicJwk.y === undefined) {
    throw new ValidationError({ message: 'A card-signing key is an EC P-256 key.' });
  }
  // RFC 7638: the required members only, in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: publicJwk.crv, kty: publicJwk.kty, x: publicJwk.x, y: publicJwk.y });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
};

// ---------------------------------------------------------------------------------------------------------------
// Signing input and verification

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** The JWS signing input, `base64url(header).base64url(payload)`, for an ES256 signature by key `kid`. */
export const cardSigningInput = (claims: CardClaims, kid: string): string => {
  validateCardClaims(claims);
  if (kid.length === 0) throw new ValidationError({ message: 'A card signature needs a key id.' });
  return `${base64url(JSON.stringify({ alg: 'ES256', kid }))}.${base64url(JSON.stringify(toCompact(claims)))}`;
};

/** `outside-key-period`: the card says it was issued when its key was not signing (before `validFrom`, after `retiredAt`). */
export type CardQrProblem = 'malformed' | 'bad-signature' | 'unknown-key' | 'outside-key-period' | 'expired' | 'not-yet-valid';

/**
 * A published card key: the public JWK with the period it signed cards in, as GET /v1/cards/keys gives it.
 * `retiredAt` is absent on the key signing now.
 */
export type PublishedCardKey = JWK & { readonly validFrom?: string; readonly retiredAt?: string };

export type CardQrVerification =
  | { readonly valid: true; readonly claims: CardClaims; readonly kid: string }
  | { readonly valid: false; readonly reason: CardQrProblem };

const isKeyList = <Key>(value: readonly Key[] | { readonly keys: readonly Key[] }): value is readonly Key[] => Array.isArray(value);

/** Start of an ISO date in India (IST, UTC+05:30, no daylight saving), in epoch milliseconds. */
const startOfIndianDay = (isoDay: string) => Date.parse(`${isoDay}T00:00:00+05:30`);
const dayMs = 86_400_000;

/**
 * Checks a card's QR text: compact JWS, ES256, signed by one of `publicKeys` (matched by `kid`), issued inside that
 * key's signing period when the key gives one (`validFrom`, `retiredAt`), payload in the v1 layout, and `now`
 * inside the validity (validFrom 00:00 to validUntil 24:00, India time).
 */
export const verifyCardQr = async (
  qrText: string,
  publicKeys: readonly PublishedCardKey[] | { readonly keys: readonly PublishedCardKey[] },
  now: Date,
): Promise<CardQrVerification> => {
  const text = qrText.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return { valid: false, reason: 'malformed' };
  let kid: string;
  try {
    const header = decodeProtectedHeader(text);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') return { valid: false, reason: 'malformed' };
    kid = header.kid;
  } catch {
    return { valid: false, reason: 'malformed' };
  }

  // An array has a `keys` method too, hence isArray rather than `'keys' in`.
  const keys: readonly PublishedCardKey[] = isKeyList(publicKeys) ? publicKeys : publicKeys.keys;
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

  let compact: unknown;
  try {
    compact = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const parsed = compactPayloadSchema.safeParse(compact);
  if (!parsed.success) return { valid: false, reason: 'malformed' };
  const claims = fromCompact(parsed.data);

  const issued = Date.parse(claims.issuedAt);
  if (typeof jwk.validFrom === 'string' && issued < Date.parse(jwk.validFrom)) return { valid: false, reason: 'outside-key-period' };
  if (typeof jwk.retiredAt === 'string' && issued > Date.parse(jwk.retiredAt)) return { valid: false, reason: 'outside-key-period' };

  const at = now.getTime();
  if (at < startOfIndianDay(claims.validFrom)) return { valid: false, reason: 'not-yet-valid' };
  if (at >= startOfIndianDay(claims.validUntil) + dayMs) return { valid: false, reason: 'expired' };
  return { valid: true, claims, kid };
};
