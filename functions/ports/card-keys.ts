// The card keys' ledger: every key that has signed a card, with the span of `issuedAt` of the cards it signed and
// the last day one of them is valid. The published key set (GET /v1/cards/keys) and each key's signing period
// come from it, so a period is what the key did, never an instant typed in at rotation (docs/card.md, "Keys").
import type { JWK } from 'jose';

export interface SignedCardKey {
  /** The public key, with `kid`. */
  readonly jwk: JWK;
  /** The earliest and latest `issuedAt` of a card it signed (ISO instants). */
  readonly firstIssuedAt: string;
  readonly lastIssuedAt: string;
  /** The latest `validUntil` (ISO date) of a card it signed: it stays published until that day has passed. */
  readonly lastValidUntil: string;
}

export interface CardKeyLedger {
  /** Record that `jwk` signed a card issued at `issuedAt`, valid until `validUntil`: widens the key's span. */
  recordSigning(jwk: JWK, issuedAt: string, validUntil: string): Promise<void>;
  signedKeys(): Promise<SignedCardKey[]>;
}
