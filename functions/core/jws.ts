// Checking a compact JWS signed ES256 by one of the card keys (a card's QR, the revocation list): the header names
// the key (`kid`), the key set gives it, jose checks the signature, and the payload is read as UTF-8 JSON. Pure and
// free of node-only imports: the verifier page uses it through card.ts and revocations.ts.
import { compactVerify, decodeProtectedHeader, errors, importJWK, type JWK } from 'jose';

export type JwsProblem = 'malformed' | 'unknown-key' | 'bad-signature';

export type JwsVerification<Key extends JWK> =
  | { readonly ok: true; readonly kid: string; readonly jwk: Key; readonly payload: unknown }
  | { readonly ok: false; readonly reason: JwsProblem };

/** A JWKS or its `keys`. An array has a `keys` method too, hence isArray rather than `'keys' in`. */
export const keyListOf = <Key>(value: readonly Key[] | { readonly keys: readonly Key[] }): readonly Key[] =>
  Array.isArray(value) ? value : (value as { readonly keys: readonly Key[] }).keys;

export const verifyEs256Jws = async <Key extends JWK>(
  jws: string,
  publicKeys: readonly Key[] | { readonly keys: readonly Key[] },
): Promise<JwsVerification<Key>> => {
  const text = jws.trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(text)) return { ok: false, reason: 'malformed' };
  let kid: string;
  try {
    const header = decodeProtectedHeader(text);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') return { ok: false, reason: 'malformed' };
    kid = header.kid;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const jwk = keyListOf(publicKeys).find((key) => key.kid === kid && key.kty === 'EC' && key.crv === 'P-256');
  if (jwk === undefined) return { ok: false, reason: 'unknown-key' };
  let bytes: Uint8Array;
  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256');
    ({ payload: bytes } = await compactVerify(text, key, { algorithms: ['ES256'] }));
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWSSignatureVerificationFailed ? 'bad-signature' : 'malformed' };
  }
  try {
    return { ok: true, kid, jwk, payload: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
};
