// Signing a card's QR payload. Two adapters: a local key file (embedded stack) and an AWS KMS key (AWS); the
// private key never leaves either. signCard lives here, not in core, because it awaits a signer; the format
// itself (signing input, verification) is core's (functions/core/card.ts).
import type { JWK } from 'jose';
import { cardSigningInput, type CardClaims } from '../core/card.js';
import { answering } from '../core/errors.js';

export interface CardSigner {
  /** The `kid` in the JWS header: cardKeyId(publicJwk), so a verifier picks the right published key. */
  readonly keyId: string;
  /** ES256 over `signingInput`: the raw R||S signature, 64 bytes (IEEE P1363, as JWS wants it). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /** The public key, with `kid`, `alg: ES256` and `use: sig`: what verifier apps are given. */
  publicJwk(): Promise<JWK>;
}

/** A signer produced a signature that is not a 64-byte ES256 signature: a defect, never retried. */
export class CardSignatureFormatError extends answering(500, 'CARD_SIGNATURE_FORMAT') {}

/** The card's QR text: a compact JWS, `header.payload.signature`. */
export const signCard = async (claims: CardClaims, signer: CardSigner): Promise<string> => {
  const signingInput = cardSigningInput(claims, signer.keyId);
  const signature = await signer.sign(new TextEncoder().encode(signingInput));
  if (signature.length !== 64) {
    throw new CardSignatureFormatError({ message: `An ES256 signature is 64 bytes, the signer gave ${signature.length}.` });
  }
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
};
