// Card signing with an ES256 key kept in a JWK file: the embedded stack's signer (under .data/). The file is
// created on first use, readable by its owner only; its public half is what verifier apps get.
//
// The file holds the key signing now and, after a rotation (`healthcard keys rotate`, rotateCardKeyFile), the
// public halves of the keys it replaced, with when each was made and retired: the private half of a retired key
// is dropped. A file-backed signer looks at the file before each use and takes up a rotated key without a restart.
// A file holding one bare private JWK (as made before rotation existed) is read as the current key.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

const keyFileSchema = z.object({
  current: privateJwkSchema.extend({ createdAt: z.iso.datetime().optional() }),
  retired: z.array(
    z.object({
      kty: z.literal('EC'),
      crv: z.literal('P-256'),
      x: z.string().min(1),
      y: z.string().min(1),
      kid: z.string().min(1),
      createdAt: z.iso.datetime().optional(),
      retiredAt: z.iso.datetime(),
    }),
  ),
});

export type CardKeyFile = z.infer<typeof keyFileSchema>;

interface LoadedKey {
  readonly keyId: string;
  readonly key: KeyObject;
  readonly publicKey: JWK;
}

const loadKey = (privateJwk: PrivateCardJwk): LoadedKey => {
  const parsed = privateJwkSchema.safeParse(privateJwk);
  if (!parsed.success) throw new ConfigurationError({ message: 'The card-signing key is not an EC P-256 private JWK.' });
  const { d: _secret, ...publicPart } = parsed.data;
  const keyId = cardKeyId(publicPart);
  return {
    keyId,
    key: createPrivateKey({ key: parsed.data, format: 'jwk' }),
    publicKey: { ...publicPart, kid: keyId, alg: 'ES256', use: 'sig' },
  };
};

export class LocalCardSigner implements CardSigner {
  private loaded: LoadedKey;
  /** The file's last change as read (mtime and size): a rotation changes it. */
  private seen: string | undefined;

  constructor(
    privateJwk: PrivateCardJwk,
    private readonly path?: string,
  ) {
    this.loaded = loadKey(privateJwk);
    if (path !== undefined) this.seen = fileStamp(path);
  }

  /** A fresh key (tests, and the first start of an embedded stack). */
  static generate(): LocalCardSigner {
    return new LocalCardSigner(newPrivateJwk());
  }

  /**
   * The signer for the key file at `path`, creating it (mode 0600, its folder 0700) when it does not exist.
   * Synchronous, so a handler module can build it at load like its other adapters.
   */
  static fromFile(path: string): LocalCardSigner {
    return new LocalCardSigner(readCardKeyFile(path).current, path);
  }

  get keyId(): string {
    return this.current().keyId;
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    // ieee-p1363: raw R||S, what JWS wants (node's default is DER).
    return new Uint8Array(sign('sha256', signingInput, { key: this.current().key, dsaEncoding: 'ieee-p1363' }));
  }

  async publicJwk(): Promise<JWK> {
    return { ...this.current().publicKey };
  }

  /** The key signing now: the file's, read again when it has changed since (a rotation). */
  private current(): LoadedKey {
    if (this.path !== undefined) {
      const stamp = fileStamp(this.path);
      if (stamp !== this.seen) {
        this.loaded = loadKey(readCardKeyFile(this.path).current);
        this.seen = stamp;
      }
    }
    return this.loaded;
  }
}

const fileStamp = (path: string): string | undefined => {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return undefined;
  }
};

const newPrivateJwk = (): PrivateCardJwk => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateJwkSchema.parse(privateKey.export({ format: 'jwk' }));
};

const writeKeyFile = (path: string, file: CardKeyFile, flag: 'wx' | 'w') => {
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (flag === 'wx') {
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
    return;
  }
  // A new file renamed over the old: a signer reading meanwhile sees the old file or the new one, never half of one.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600, flag: 'w' });
  renameSync(temporary, path);
};

/** The key file at `path` (created with a new key when missing), in its current layout. */
export const readCardKeyFile = (path: string, now: Date = new Date()): CardKeyFile => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // 'wx': if another process created it meanwhile, keep theirs and read it below.
      writeKeyFile(path, { current: { ...newPrivateJwk(), createdAt: now.toISOString() }, retired: [] }, 'wx');
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    text = readFileSync(path, 'utf8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigurationError({ message: `The card-signing key file ${path} is not JSON.` });
  }
  const bare = privateJwkSchema.safeParse(json);
  if (bare.success) return { current: bare.data, retired: [] };
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) throw new ConfigurationError({ message: `The card-signing key file ${path} holds no EC P-256 private key.` });
  return parsed.data;
};

/**
 * Rotation on the embedded stack: a new key signs from now on; the old key's public half is kept in the file
 * with when it was retired, its private half dropped. The published key set comes from the keys' ledger (cards
 * they signed), so cards the old key signed keep verifying (docs/card.md, "Rotation").
 */
export const rotateCardKeyFile = (path: string, now: Date): { retired: string; current: string } => {
  const file = readCardKeyFile(path, now);
  const { d: _dropped, createdAt, ...publicPart } = file.current;
  const retired = cardKeyId(publicPart);
  const next = { ...newPrivateJwk(), createdAt: now.toISOString() };
  writeKeyFile(
    path,
    {
      current: next,
      retired: [
        ...file.retired,
        { ...publicPart, kid: retired, ...(createdAt === undefined ? {} : { createdAt }), retiredAt: now.toISOString() },
      ],
    },
    'w',
  );
  return { retired, current: cardKeyId(next) };
};
