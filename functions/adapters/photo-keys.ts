// The photo key: a symmetric KMS key of its own on AWS (infra/stack.ts; GenerateDataKey for the registrations API,
// Decrypt for the functions that show or print a photo), a key file on the embedded stack (under .data/, created on
// first use, readable by its owner only, as the card-signing key file is). Either hands out data keys for
// photo-envelope.ts; the encryption context (KMS) or the additional data (the file) binds each to its registration.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KMSClient } from '@aws-sdk/client-kms';
import { ConfigurationError } from '../core/errors.js';
import type { PhotoKey } from '../ports/photos.js';

export class KmsPhotoKey implements PhotoKey {
  constructor(
    /** The client, made on the first call: the KMS package loads only when a photo is sealed or opened. */
    private readonly client: () => Promise<KMSClient>,
    private readonly keyId: string,
  ) {}

  async dataKey(context: string) {
    const [kms, { GenerateDataKeyCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-kms')]);
    const answer = await kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: { registrationId: context } }),
    );
    if (answer.Plaintext === undefined || answer.CiphertextBlob === undefined)
      throw new ConfigurationError({ message: 'KMS gave no data key for the photo key.' });
    return { plaintext: answer.Plaintext, wrapped: answer.CiphertextBlob };
  }

  async unwrap(wrapped: Uint8Array, context: string) {
    const [kms, { DecryptCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-kms')]);
    const answer = await kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: { registrationId: context } }),
    );
    if (answer.Plaintext === undefined) throw new ConfigurationError({ message: 'KMS did not unwrap the photo data key.' });
    return answer.Plaintext;
  }
}

export class LocalPhotoKey implements PhotoKey {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new ConfigurationError({ message: 'The photo key file must hold 32 bytes (base64).' });
  }

  /** The key in `path`, created (mode 0600, its folder 0700) when it does not exist; synchronous, for module load. */
  static fromFile(path: string): LocalPhotoKey {
    try {
      return new LocalPhotoKey(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    try {
      // 'wx': if another process created it meanwhile, keep theirs.
      writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
    }
    return new LocalPhotoKey(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }

  async dataKey(context: string) {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), wrapped]) };
  }

  async unwrap(wrapped: Uint8Array, context: string) {
    const bytes = Buffer.from(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
  }
}
