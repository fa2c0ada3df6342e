// Card signing with an AWS KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY): the private key never leaves KMS.
// KMS returns ECDSA signatures DER-encoded; JWS wants raw R||S, so they are converted here.
import { createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { JWK } from 'jose';
import { cardKeyId } from '../core/card.js';
import { ConfigurationError, ProviderUnavailableError } from '../core/errors.js';
import { CardKeyChangedError, CardSignatureFormatError, type CardSigner } from '../ports/card-signer.js';

/** What the signer needs of a KMS client (created once by the caller). */
export type KmsSender = Pick<KMSClient, 'send'>;

export class KmsCardSigner implements CardSigner {
  private current: { readonly keyId: string; readonly publicKey: JWK; readonly keyArn: string | undefined };

  /**
   * `publicJwk` is the key's public half (from GetPublicKey, or cached in configuration); use `create` to fetch it.
   * The `kid` is derived from it, as for a local key, so rotation never needs a name chosen by hand. `keyArn` is the
   * ARN of the key behind `kmsKeyId` when that is an alias (GetPublicKey answers it).
   */
  constructor(
    private readonly kms: KmsSender,
    /** Key id, key ARN, alias name or alias ARN: signing goes through it, so moving an alias rotates the key. */
    private readonly kmsKeyId: string,
    publicJwk: JWK,
    keyArn?: string,
  ) {
    this.current = KmsCardSigner.keyOf(publicJwk, keyArn);
  }

  private static keyOf(publicJwk: JWK, keyArn: string | undefined) {
    const keyId = cardKeyId(publicJwk);
    return { keyId, keyArn, publicKey: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y, kid: keyId, alg: 'ES256', use: 'sig' } };
  }

  get keyId(): string {
    return this.current.keyId;
  }

  /** Reads the key's public half once (GetPublicKey) and checks it is a P-256 signing key. */
  static async create(kms: KmsSender, kmsKeyId: string): Promise<KmsCardSigner> {
    const { jwk, keyArn } = await readPublicKey(kms, kmsKeyId);
    return new KmsCardSigner(kms, kmsKeyId, jwk, keyArn);
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    // RAW: KMS hashes with SHA-256 itself (messages up to 4 KB; a card's signing input is well under 1 KB).
    const output = await callKms(this.kmsKeyId, () =>
      this.kms.send(
        new SignCommand({ KeyId: this.kmsKeyId, Message: signingInput, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
      ),
    );
    // KMS names the key that signed. Another than the one read means the alias was moved (a rotation): the input
    // names the old kid, so the signature is thrown away and the new key's public half read.
    if (output.KeyId !== undefined && this.current.keyArn !== undefined && output.KeyId !== this.current.keyArn) {
      const { jwk, keyArn } = await readPublicKey(this.kms, output.KeyId);
      this.current = KmsCardSigner.keyOf(jwk, keyArn);
      throw new CardKeyChangedError({ message: `The card-signing alias ${this.kmsKeyId} now names another key.` });
    }
    if (output.Signature === undefined) throw new CardSignatureFormatError({ message: 'KMS returned no signature.' });
    return derToJoseSignature(output.Signature, 32);
  }

  async publicJwk(): Promise<JWK> {
    return { ...this.current.publicKey };
  }
}

const readPublicKey = async (kms: KmsSender, kmsKeyId: string): Promise<{ jwk: JWK; keyArn: string | undefined }> => {
  const output = await callKms(kmsKeyId, () => kms.send(new GetPublicKeyCommand({ KeyId: kmsKeyId })));
  if (output.KeySpec !== 'ECC_NIST_P256' || output.KeyUsage !== 'SIGN_VERIFY' || output.PublicKey === undefined) {
    throw new ConfigurationError({
      message: `KMS key ${kmsKeyId} must be ECC_NIST_P256 with usage SIGN_VERIFY (it is ${output.KeySpec} ${output.KeyUsage}).`,
    });
  }
  const jwk = createPublicKey({ key: Buffer.from(output.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return { jwk: jwk as JWK, keyArn: output.KeyId };
};

// Errors worth retrying (throttling, KMS or network trouble) become ProviderUnavailableError, which workflows
// retry; anything else KMS refuses (missing permission, disabled or wrong key) needs someone to fix configuration.
const retryableNames = new Set(['ThrottlingException', 'KMSInternalException', 'DependencyTimeoutException', 'TimeoutError']);

const callKms = async <T>(kmsKeyId: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    const sdk = error as { name?: string; $fault?: string; $retryable?: unknown; $metadata?: unknown };
    const name = sdk.name ?? 'Error';
    if (sdk.$metadata === undefined || sdk.$fault === 'server' || sdk.$retryable !== undefined || retryableNames.has(name)) {
      throw new ProviderUnavailableError({ message: `KMS did not answer for key ${kmsKeyId} (${name}).`, details: { kmsError: name } });
    }
    throw new ConfigurationError({ message: `KMS refused key ${kmsKeyId} (${name}).`, details: { kmsError: name } });
  }
};

/**
 * ECDSA signature, DER `SEQUENCE { INTEGER r, INTEGER s }` -> raw R||S with each integer left-padded to `size`
 * bytes (32 for P-256). DER integers are signed, minimal big-endian: a leading 0x00 appears when the top bit is set.
 */
export const derToJoseSignature = (der: Uint8Array, size: number): Uint8Array => {
  const fail = (why: string): never => {
    throw new CardSignatureFormatError({ message: `Not a DER ECDSA signature: ${why}.` });
  };
  let at = 0;
  const readLength = (): number => {
    const first = der[at++] ?? fail('truncated');
    if (first < 0x80) return first;
    const bytes = first & 0x7f;
    if (bytes === 0 || bytes > 2) fail('unsupported length');
    let length = 0;
    for (let index = 0; index < bytes; index += 1) length = (length << 8) | (der[at++] ?? fail('truncated'));
    return length;
  };
  const readInteger = (): Uint8Array => {
    if (der[at++] !== 0x02) fail('expected INTEGER');
    const length = readLength();
    if (length === 0 || at + length > der.length) fail('bad INTEGER length');
    let value = der.subarray(at, at + length);
    at += length;
    if ((value[0] as number) & 0x80) fail('negative INTEGER');
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) fail('INTEGER too large');
    return value;
  };

  if (der[at++] !== 0x30) fail('expected SEQUENCE');
  if (readLength() !== der.length - at) fail('SEQUENCE length does not match');
  const r = readInteger();
  const s = readInteger();
  if (at !== der.length) fail('trailing bytes');
  const raw = new Uint8Array(2 * size);
  raw.set(r, size - r.length);
  raw.set(s, 2 * size - s.length);
  return raw;
};
