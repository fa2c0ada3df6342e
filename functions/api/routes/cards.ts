// Cards API: an issued card's metadata and download link, QR verification, and the public keys for verifiers.
// Declarations and schemas; the handlers are in functions/api/cards.ts.
import * as z from 'zod';
import { defineRoutes } from './define.js';
import { readingRegistrations, requestBody, text, view } from './shared.js';

export const CardVerifyBody = requestBody('CardVerify', { qr: text(4000).min(10) });

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
});

export const CardVerification = view('CardVerification', {
  valid: z.boolean(),
  reason: z.string().optional(),
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
      }),
    ),
  },
  'A JSON Web Key Set (RFC 7517) of the card-signing public keys',
);

export const cardRoutes = defineRoutes('cards', {
  'GET /v1/cards/{cardNumber}': {
    access: { roles: readingRegistrations, scope: 'registration' },
    summary: 'Card metadata and a short-lived download link',
    request: { params: { cardNumber: { schema: z.string().min(5).max(40), what: 'card number' } } },
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
});
