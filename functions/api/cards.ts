// Cards API: the handlers of the routes functions/api/routes/cards.ts declares.
import { createCardKeyLedger, createCards, createRegistry, systemClock } from '../adapters/table-factories.js';
import { createCardFiles, createCardSigner } from '../adapters/card-factories.js';
import { createRequestLimiter } from '../adapters/limiter-factories.js';
import { cardStatus, getCard, publicKeys, reinstateCard, revocationList, revokeCard, verifyCard } from '../core/use-cases/cards.js';
import { serveRoutes } from './http.js';
import { cardRoutes, Jwks } from './routes/cards.js';

const deps = {
  registry: createRegistry(),
  cards: createCards(),
  files: createCardFiles(),
  signer: await createCardSigner(),
  cardKeys: createCardKeyLedger(),
  clock: systemClock,
};

export const handler = serveRoutes(
  cardRoutes,
  {
    'GET /v1/cards/{cardNumber}': async ({ params, caller }) => ({ status: 200, body: await getCard(deps, params.cardNumber, caller) }),
    'POST /v1/cards/verify': async ({ body }) => ({ status: 200, body: await verifyCard(deps, body.qr, systemClock.now()) }),
    // The signer's port hands out any JWK; the published key set is P-256 keys only, so it is held to that here.
    'GET /v1/cards/keys': async () => ({
      status: 200,
      body: Jwks.parse(await publicKeys(deps)),
      headers: { 'cache-control': 'public, max-age=3600' },
    }),
    'GET /v1/cards/revocations': async () => ({
      status: 200,
      body: await revocationList(deps),
      headers: { 'cache-control': 'public, max-age=60' },
    }),
    'GET /v1/cards/{cardNumber}/status': async ({ params }) => ({
      status: 200,
      body: await cardStatus(deps, params.cardNumber),
      headers: { 'cache-control': 'no-store' },
    }),
    'POST /v1/admin/cards/{cardNumber}/revocation': async ({ params, body, caller }) => ({
      status: 200,
      body: await revokeCard(deps, params.cardNumber, body, caller),
    }),
    'DELETE /v1/admin/cards/{cardNumber}/revocation': async ({ params, body, caller }) => ({
      status: 200,
      body: await reinstateCard(deps, params.cardNumber, body, caller),
    }),
  },
  { limiter: createRequestLimiter() },
);
