// Signing a card's QR payload. Two adapters: a local key file (embedded stack) and an AWS KMS key (AWS); the
// private key never leaves either. signCard lives here, not in core, because it awaits a signer; the format
// itself (signing input, verification) is core's (functions/core/card.ts).
import type { JWK } from 'jose';
import { cardSigningInput, type CardClaims } from '../core/card.js';
import { answering } from '../core/errors.js';
import { revocationListSigningInput, type RevocationListPayload } from '../core/revocations.js';

export interface CardSigner {
  /**
   * The `kid` in the JWS header of the key signing now: cardKeyId(publicJwk), so a verifier picks the right
   * published key. It changes when the key is rotated (the key file rewritten, the KMS alias moved).
   */
  readonly keyId: string;
  /**
   * ES256 over `signingInput` with the key `keyId` names: the raw R||S signature, 64 bytes (IEEE P1363, as JWS
   * wants it). Throws CardKeyChangedError, having taken up the new key, when the key turned out to have been
   * rotated since `keyId` was read: the signing input names the old kid, so it must be made again.
   */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  /** The public key signing now, with `kid`, `alg: ES256` and `use: sig`: what verifier apps are given. */
  publicJwk(): Promise<JWK>;
}

/** A signer produced a signature that is not a 64-byte ES256 signature: a defect, never retried. */
export class CardSignatureFormatError extends answering(500, 'CARD_SIGNATURE_FORMAT') {}

/** The signing key was rotated between reading its kid and signing; the signer has taken up the new key. */
export class CardKeyChangedError extends answering(503, 'CARD_KEY_CHANGED') {}

/** Signs `signingInputFor(kid)` with the signer's current key; once more when the key turned out to have been rotated. */
const signCompact = async (signer: CardSigner, signingInputFor: (kid: string) => string): Promise<string> => {
  for (let attempt = 1; ; attempt += 1) {
    const signingInput = signingInputFor(signer.keyId);
    let signature: Uint8Array;
    try {
      signature = await signer.sign(new TextEncoder().encode(signingInput));
    } catch (error) {
      if (error instanceof CardKeyChangedError && attempt === 1) continue;
      throw error;
    }
    if (signature.length !== 64) {
      throw new CardSignatureFormatError({ message: `An ES256 signature is 64 bytes, the signer gave ${signature.length}.` });
    }
    return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
  }
};

/** The card's QR text: a compact JWS, `header.payload.signature`. */
export const signCard = (claims: CardClaims, signer: CardSigner): Promise<string> =>
  signCompact(signer, (kid) => cardSigningInput(claims, kid));

/** The revocation list as published: a compact JWS by the current card key (functions/core/revocations.ts). */
export const signRevocationList = (payload: RevocationListPayload, signer: CardSigner): Promise<string> =>
  signCompact(signer, (kid) => revocationListSigningInput(payload, kid));
