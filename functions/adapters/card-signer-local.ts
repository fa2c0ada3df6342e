// Card signing with an ES256 key kept in a JWK file: the embedded stack's signer (under .data/). The file is
// created on first use, readable by its owner only; its public half is what verifier apps get.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JWK } from 'jose';
import * as z from 'zod';
import { cardKeyId } from '../core/card.js';
import { ConfigurationError } from '../core/errors.js';
import type { CardSigner } from '../ports/card-signer.js';

const privateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
});

export type PrivateCardJwk = z.infer<typeof privateJwkSchema>;

export class LocalCardSigner implements CardSigner {
  readonly keyId: string;
  private readonly key: KeyObject;
  private readonly publicKey: JWK;

  constructor(privateJwk: PrivateCardJwk) {
    const parsed = privateJwkSchema.safeParse(privateJwk);
    if (!parsed.success) throw new ConfigurationError({ message: 'The card-signing key is not an EC P-256 private JWK.' });
    const { d: _secret, ...publicPart } = parsed.data;
    this.key = createPrivateKey({ key: parsed.data, format: 'jwk' });
    this.keyId = cardKeyId(publicPart);
    this.publicKey = { ...publicPart, kid: this.keyId, alg: 'ES256', use: 'sig' };
  }

  /** A fresh key (tests, and the first start of an embedded stack). */
  static generate(): LocalCardSigner {
    return new LocalCardSigner(newPrivateJwk());
  }

  /**
   * The signer for the key in `path`, creating the file (mode 0600, its folder 0700) when it does not exist.
   * Synchronous, so a handler module can build it at load like its other adapters.
   */
  static fromFile(path: string): LocalCardSigner {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      try {
        // 'wx': if another process created it meanwhile, keep theirs and read it below.
        writeFileSync(path, `${JSON.stringify(newPrivateJwk(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      }
      text = readFileSync(path, 'utf8');
    }
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      throw new ConfigurationError({ message: `The card-signing key file ${path} is not JSON.` });
    }
    return new LocalCardSigner(jwk as PrivateCardJwk);
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    // ieee-p1363: raw R||S, what JWS wants (node's default is DER).
    return new Uint8Array(sign('sha256', signingInput, { key: this.key, dsaEncoding: 'ieee-p1363' }));
  }

  async publicJwk(): Promise<JWK> {
    return { ...this.publicKey };
  }
}

const newPrivateJwk = (): PrivateCardJwk => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateJwkSchema.parse(privateKey.export({ format: 'jwk' }));
};
