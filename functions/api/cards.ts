// Cards API: an issued card's metadata and download link, QR verification, and the public keys for verifiers.
import * as z from 'zod';
import { createCardFiles, createCards, createCardSigner, createRegistry, systemClock } from '../adapters/factories.js';
import type { Caller } from '../core/identity.js';
import { getCard, publicKeys, verifyCard } from '../core/use-cases/cards.js';
import { httpHandler, json } from './http.js';
import { CardVerifyBody, parseWith } from './schemas.js';

const deps = {
  registry: createRegistry(),
  cards: createCards(),
  files: createCardFiles(),
  signer: await createCardSigner(),
  clock: systemClock,
};

export const handler = httpHandler({
  'GET /v1/cards/{cardNumber}': async (request) => {
    const cardNumber = parseWith(z.string().min(5).max(40), request.pathParameters.cardNumber, 'card number');
    return json(200, await getCard(deps, cardNumber, request.caller as Caller));
  },
  'POST /v1/cards/verify': async (request) => {
    const { qr } = parseWith(CardVerifyBody, request.body);
    return json(200, await verifyCard(deps, qr, systemClock.now()));
  },
  'GET /v1/cards/keys': async () => json(200, await publicKeys(deps), { 'cache-control': 'public, max-age=3600' }),
});
