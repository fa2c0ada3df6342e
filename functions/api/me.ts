// GET /v1/me: who the API thinks the caller is — roles and scopes from the verified token. Portal developers
// check their credentials with it before calling anything that changes data.
import { serveRoutes } from './http.js';
import { meRoutes } from './routes/me.js';

export const handler = serveRoutes(meRoutes, {
  'GET /v1/me': async ({ caller }) => ({ status: 200, body: caller }),
});
