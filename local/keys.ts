// The embedded stack's secrets, generated on first start and kept under the data directory (0600): the
// pipeline master key (Aadhaar tokens, OTP hashes), where the card-signing key lives and where the e-KYC photo key
// lives. On AWS these are a Secrets Manager secret and two KMS keys; nothing here is used there.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalKeys {
  readonly masterKey: string;
  readonly cardSigningKeyFile: string;
  readonly photoKeyFile: string;
}

export const ensureLocalKeys = (directory: string): LocalKeys => {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const masterKeyFile = join(directory, 'master-key');
  if (!existsSync(masterKeyFile)) writeFileSync(masterKeyFile, randomBytes(48).toString('base64'), { mode: 0o600 });
  return {
    masterKey: readFileSync(masterKeyFile, 'utf8').trim(),
    // Created by the card signer itself on first use.
    cardSigningKeyFile: join(directory, 'card-signing-key.json'),
    // Created by the photo key adapter on first use (functions/adapters/photo-keys.ts).
    photoKeyFile: join(directory, 'photo-key'),
  };
};
