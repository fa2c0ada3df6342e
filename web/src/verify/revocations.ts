// The signed revocation list as the page uses it: `GET /v1/cards/revocations` gives `{ list: <compact JWS> }`,
// signed ES256 by a published card key (checked here with WebCrypto, as a card is), its payload read by the back
// end's own reader of the format. A list whose signature does not verify is refused: the page says so and checks
// no card against it. Pure.
//
// Unlike a card, the list is not held to its key's signing period: a key's published period is the span of the
// cards it signed (docs/card.md), and the current key signs a fresh list before, between and after its cards.
import { decodeRevocations } from '../../../functions/core/revocations.js';
import { checkJws, type CardKey, type RevocationReason, type RevokedCards } from './check.js';

export type RevocationList =
  | { readonly ok: true; readonly issuedAt: Date; readonly count: number; readonly revoked: RevokedCards }
  | { readonly ok: false; readonly reason: 'malformed' | 'unknown-key' | 'bad-signature' };

export const checkRevocationList = async (jws: string, keys: readonly CardKey[]): Promise<RevocationList> => {
  const checked = await checkJws(jws, keys);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  try {
    const list = decodeRevocations(checked.payload);
    const entries = new Map<string, RevocationReason>(list.cards.map((card) => [card.cardNumber, card.reasonCode]));
    return { ok: true, issuedAt: list.issuedAt, count: entries.size, revoked: (cardNumber) => entries.get(cardNumber) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
};
