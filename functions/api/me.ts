// GET /v1/me: who the API thinks the caller is — roles and scopes from the verified token. Portal developers
// check their credentials with it before calling anything that changes data.
import { httpHandler, json } from './http.js';

export const handler = httpHandler({
  'GET /v1/me': async ({ caller }) => json(200, caller),
});
