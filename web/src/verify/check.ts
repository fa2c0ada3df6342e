// What the desk page decides about a scanned QR, in the browser: the compact JWS (ES256) checked with WebCrypto
// against the published card keys (by `kid`, inside that key's signing period), the card's validity dates
// (India time), and the signed revocation list. Pure: no DOM, no storage; the same code runs in Node's tests.
// Not functions/core/card.ts's verifyCardQr: that one needs Node's crypto for key ids and brings zod and jose;
// this page needs only the browser's own crypto.subtle.
import type { RevocationReasonCode } from '../../../functions/core/revocations.js';

/** A published card key as `GET /v1/cards/keys` gives it (JWK plus its signing period). */
export interface CardKey {
  readonly kty: string;
  readonly crv: string;
  readonly x: string;
  readonly y: string;
  readonly kid?: string;
  readonly alg?: string;
  /** ISO instant the key began signing. */
  readonly validFrom?: string;
  /** ISO instant the key stopped signing; absent for the current key. */
  readonly retiredAt?: string;
}

/** The card as its QR carries it (docs/card.md, "QR payload"). */
export interface QrCard {
  readonly cardNumber: string;
  readonly scheme: string;
  readonly name: string;
  readonly nameLocal?: string;
  readonly yearOfBirth: number;
  readonly gender: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly aadhaarLast4: string;
  readonly registrationId: string;
  readonly issuedAt: string;
}

/** Why a card was revoked (the list's reason codes). */
export type RevocationReason = RevocationReasonCode;

/** Card number -> reason, for the cards the signed list says are revoked. */
export type RevokedCards = (cardNumber: string) => RevocationReason | undefined;

export type NotValidReason = 'malformed' | 'unknown-key' | 'bad-signature' | 'outside-key-period' | 'not-yet-valid';

export type Verdict =
  | { readonly verdict: 'valid'; readonly card: QrCard; readonly kid: string; readonly revocationChecked: boolean }
  | { readonly verdict: 'expired'; readonly card: QrCard; readonly kid: string }
  | { readonly verdict: 'revoked'; readonly card: QrCard; readonly kid: string; readonly reason: RevocationReason }
  | { readonly verdict: 'not-valid'; readonly reason: NotValidReason };

const compactJws = /^([\w-]+)\.([\w-]+)\.([\w-]+)$/;

export const base64urlBytes = (text: string): Uint8Array => {
  const binary = atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(text.length / 4) * 4, '='),
  );
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
};

const utf8 = new TextDecoder('utf-8', { fatal: true });
const jsonOf = (bytes: Uint8Array): unknown => JSON.parse(utf8.decode(bytes));

type JwsCheck =
  | { readonly ok: true; readonly payload: unknown; readonly key: CardKey; readonly kid: string }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' };

/** A compact JWS, ES256, signed by the key its header names among `keys`; its payload parsed as JSON. */
export const checkJws = async (text: string, keys: readonly CardKey[]): Promise<JwsCheck> => {
  const parts = compactJws.exec(text.trim());
  if (parts === null) return { ok: false, reason: 'malformed' };
  const [, header64, payload64, signature64] = parts as unknown as [string, string, string, string];
  let header: { alg?: unknown; kid?: unknown };
  let signature: Uint8Array;
  let payloadBytes: Uint8Array;
  try {
    header = jsonOf(base64urlBytes(header64)) as typeof header;
    signature = base64urlBytes(signature64);
    payloadBytes = base64urlBytes(payload64);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (header === null || header.alg !== 'ES256' || typeof header.kid !== 'string' || signature.length !== 64)
    return { ok: false, reason: 'malformed' };
  const kid = header.kid;
  const key = keys.find((candidate) => candidate.kid === kid && candidate.kty === 'EC' && candidate.crv === 'P-256');
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  let genuine: boolean;
  try {
    const publicKey = await crypto.subtle.importKey(
      'jwk',
      { kty: key.kty, crv: key.crv, x: key.x, y: key.y },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    // JWS ES256 signatures are R‖S, 64 bytes: the form WebCrypto's ECDSA takes.
    genuine = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      signature as Uint8Array<ArrayBuffer>,
      new TextEncoder().encode(`${header64}.${payload64}`),
    );
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!genuine) return { ok: false, reason: 'bad-signature' };
  try {
    return { ok: true, payload: jsonOf(payloadBytes), key, kid };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
};

/** Whether `at` (epoch ms) falls in the key's signing period; a key without one is taken as always signing. */
export const inSigningPeriod = (key: CardKey, at: number): boolean => {
  if (Number.isNaN(at)) return false;
  if (key.validFrom !== undefined && at < Date.parse(key.validFrom)) return false;
  if (key.retiredAt !== undefined && at > Date.parse(key.retiredAt)) return false;
  return true;
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** The v1 payload's short keys (docs/card.md) as a card; undefined when a required one is missing or wrong. */
export const cardFromPayload = (payload: unknown): QrCard | undefined => {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const compact = payload as Record<string, unknown>;
  const { v, n, s, nm, nl, y, g, vf, vu, a, r, ia } = compact;
  if (v !== 1 || !isText(n) || !isText(s) || !isText(nm) || !isText(r) || !isText(ia)) return undefined;
  if (typeof y !== 'number' || !Number.isInteger(y) || !isText(g) || !/^\d{4}$/.test(String(a))) return undefined;
  if (!isText(vf) || !isText(vu) || !isoDate.test(vf) || !isoDate.test(vu)) return undefined;
  if (nl !== undefined && !isText(nl)) return undefined;
  return {
    cardNumber: n,
    scheme: s,
    name: nm,
    ...(nl === undefined ? {} : { nameLocal: nl }),
    yearOfBirth: y,
    gender: g,
    validFrom: vf,
    validUntil: vu,
    aadhaarLast4: String(a),
    registrationId: r,
    issuedAt: ia,
  };
};

/** Start of an ISO date in India (UTC+05:30, no daylight saving), epoch ms. */
const startOfIndianDay = (isoDay: string) => Date.parse(`${isoDay}T00:00:00+05:30`);
const dayMs = 86_400_000;

/**
 * The verdict on a QR's text at `now`: not valid (not a card QR, an unknown key, a bad signature, signed outside
 * the key's period, not yet valid), expired, revoked (when `revoked` is given: the list verified), or valid.
 */
export const verifyQr = async (text: string, keys: readonly CardKey[], revoked: RevokedCards | undefined, now: Date): Promise<Verdict> => {
  const checked = await checkJws(text, keys);
  if (!checked.ok) return { verdict: 'not-valid', reason: checked.reason };
  const card = cardFromPayload(checked.payload);
  if (card === undefined) return { verdict: 'not-valid', reason: 'malformed' };
  if (!inSigningPeriod(checked.key, Date.parse(card.issuedAt))) return { verdict: 'not-valid', reason: 'outside-key-period' };
  const at = now.getTime();
  if (at < startOfIndianDay(card.validFrom)) return { verdict: 'not-valid', reason: 'not-yet-valid' };
  // A revoked card says so even when it has also run out: the reason matters more at the desk.
  const reason = revoked?.(card.cardNumber);
  if (reason !== undefined) return { verdict: 'revoked', card, kid: checked.kid, reason };
  if (at >= startOfIndianDay(card.validUntil) + dayMs) return { verdict: 'expired', card, kid: checked.kid };
  return { verdict: 'valid', card, kid: checked.kid, revocationChecked: revoked !== undefined };
};
