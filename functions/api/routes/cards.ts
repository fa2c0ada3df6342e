// Cards API: an issued card's metadata and download link, QR verification, and the public keys for verifiers.
// Declarations and schemas; the handlers are in functions/api/cards.ts.
import * as z from 'zod';
import { revocationReasonCodes } from '../../core/revocations.js';
import { defineRoutes } from './define.js';
import { freeText, readingRegistrations, requestBody, text, view } from './shared.js';

export const CardVerifyBody = requestBody('CardVerify', { qr: text(4000).min(10) });

export const RevocationReasonCode = z.enum(revocationReasonCodes).meta({
  id: 'RevocationReasonCode',
  description: 'Why a card was revoked: a duplicate card, the person deceased, issued in error, fraud',
});

export const CardState = view('CardState', {
  status: z.enum(['VALID', 'REVOKED']),
  revokedAt: z.string().optional(),
  reasonCode: RevocationReasonCode.optional(),
});

export const CardView = view('Card', {
  cardNumber: z.string(),
  scheme: z.string(),
  registrationId: z.string(),
  issuedAt: z.string(),
  validUntil: z.string(),
  downloadUrl: z.string().meta({ description: 'Short-lived (5 minutes)' }),
  qr: z.string().optional().meta({
    description:
      "The text the card's QR code encodes, exactly as printed: a verifier or a print vendor uses it without decoding the PDF (POST /v1/cards/verify checks it; docs/card.md describes it). Absent only for cards issued before it was kept",
  }),
  card: CardState,
});

export const CardRevocationBody = requestBody('CardRevocation', { reasonCode: RevocationReasonCode, note: freeText(500).optional() });
export const CardReinstatementBody = requestBody('CardReinstatement', { note: freeText(500).optional() });

export const CardRevocationView = view('CardRevocationState', { cardNumber: z.string(), registrationId: z.string(), card: CardState });

export const RevocationListView = view(
  'CardRevocationList',
  {
    list: z.string().meta({
      description:
        'Compact JWS (ES256, header kid: a key of GET /v1/cards/keys) over { v: 1, iat, count, groups: [ { p: "PREFIX-DISTRICT", s: base64url LEB128 deltas of the sorted sequences, r: one reason letter each (D, X, E, F) } ] }; docs/card.md',
    }),
  },
  'Every revoked card, signed by the current card key',
);

export const CardStatusView = view('CardStatus', {
  cardNumber: z.string(),
  status: z.enum(['VALID', 'REVOKED', 'EXPIRED']),
  scheme: z.string(),
  validUntil: z.string(),
  nameMasked: z.string().optional().meta({ description: 'Each word its first letter, the rest *' }),
  yearOfBirth: z.number().optional(),
  revokedReason: RevocationReasonCode.optional(),
});

const cardNumberParameter = { schema: z.string().min(5).max(40), what: 'card number' };

export const CardVerification = view('CardVerification', {
  valid: z.boolean(),
  reason: z.string().optional().meta({
    description: 'Why not valid: malformed, bad-signature, unknown-key, outside-key-period, expired, not-yet-valid, or REVOKED',
  }),
  revokedReason: RevocationReasonCode.optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
});

export const Jwks = view(
  'CardKeys',
  {
    keys: z.array(
      z.object({
        kty: z.literal('EC'),
        crv: z.literal('P-256'),
        x: z.string(),
        y: z.string(),
        kid: z.string().optional(),
        alg: z.string().optional(),
        use: z.string().optional(),
        validFrom: z.string().optional().meta({ description: 'When the key began signing cards (the earliest issuedAt it signed)' }),
        retiredAt: z
          .string()
          .optional()
          .meta({ description: 'When it stopped (the latest issuedAt it signed); absent on the key signing now' }),
      }),
    ),
  },
  'A JSON Web Key Set (RFC 7517) of the card-signing public keys',
);

export const cardRoutes = defineRoutes('cards', {
  'GET /v1/cards/{cardNumber}': {
    access: { roles: readingRegistrations, scope: 'registration' },
    summary: 'Card metadata and a short-lived download link',
    request: { params: { cardNumber: cardNumberParameter } },
    success: { status: 200, schema: CardView, description: 'Card metadata, its QR text and a 5-minute download link' },
    errors: { 404: ['CARD_NOT_FOUND'] },
  },
  'POST /v1/cards/verify': {
    access: { roles: ['portal', 'operator', 'ddo', 'verifier', 'district-admin', 'state-admin'], scope: 'none' },
    summary: "Check a card's QR payload: genuine or not, and its fields",
    request: { body: CardVerifyBody },
    success: { status: 200, schema: CardVerification, description: 'Whether the QR is genuine, and its fields' },
  },
  'GET /v1/cards/keys': {
    access: {
      public: true,
      why: 'Hospitals and verifier apps download the public keys to check card QR codes offline; public keys reveal nothing.',
    },
    summary: 'Public keys (JWKS) that card QR signatures verify against',
    success: { status: 200, schema: Jwks, description: 'JWKS of the card-signing keys, for offline verification' },
  },
  'GET /v1/cards/revocations': {
    access: {
      public: true,
      why: 'Hospital desks cache the list to check cards offline; it names card numbers and reasons only, which the card itself shows to whoever holds it.',
    },
    summary: 'The signed list of revoked cards',
    success: { status: 200, schema: RevocationListView, description: 'The list, signed by the current card key (cached up to a minute)' },
  },
  'GET /v1/cards/{cardNumber}/status': {
    access: {
      public: true,
      why: 'A desk checks a card whose QR is too damaged to read by its printed number; it answers what the printed card shows, with the name masked.',
    },
    summary: 'A typed card number checked online: valid, revoked or expired',
    rateLimit: 'public-lookup',
    request: { params: { cardNumber: cardNumberParameter } },
    success: { status: 200, schema: CardStatusView, description: "The card's state and the few fields to match the person" },
    errors: { 400: ['CARD_NUMBER_MALFORMED'], 404: ['CARD_NOT_FOUND'] },
  },
  'POST /v1/admin/cards/{cardNumber}/revocation': {
    access: { roles: ['state-admin'], scope: 'none' },
    summary: 'Revoke a card, with a reason code',
    request: { params: { cardNumber: cardNumberParameter }, body: CardRevocationBody },
    success: {
      status: 200,
      schema: CardRevocationView,
      description: 'The card revoked (revoking it again changes nothing and answers the same)',
    },
    errors: { 404: ['CARD_NOT_FOUND'] },
  },
  'DELETE /v1/admin/cards/{cardNumber}/revocation': {
    access: { roles: ['state-admin'], scope: 'none' },
    summary: 'Reinstate a revoked card',
    request: { params: { cardNumber: cardNumberParameter }, body: CardReinstatementBody },
    success: { status: 200, schema: CardRevocationView, description: 'The card valid again (a card not revoked is left as it is)' },
    errors: { 404: ['CARD_NOT_FOUND'] },
  },
});
