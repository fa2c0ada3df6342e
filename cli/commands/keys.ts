// healthcard keys rotate: the embedded stack's card-signing key rotated in its key file. A file operation, not an
// API call: on AWS the key is a KMS key and rotation is the KMS procedure in docs/card.md. The running stack takes
// the new key up on its next signature; cards the old key signed keep verifying (its public half stays published).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rotateCardKeyFile } from '../../functions/adapters/card-signer-local.js';
import { optional } from '../args.js';
import { CliError, UsageError } from '../errors.js';
import { json } from '../format.js';
import type { Command } from '../context.js';

export const keys: Command = async ({ values, positionals, json: asJson, io }) => {
  if (positionals[0] !== 'rotate') throw new UsageError({ message: 'Usage: healthcard keys rotate [--key-file FILE]' });
  const dataDir = resolve(io.cwd, optional(values, 'data-dir') ?? io.env.HEALTHCARD_DATA_DIR ?? '.data');
  const keyFile = resolve(io.cwd, optional(values, 'key-file') ?? join(dataDir, 'keys', 'card-signing-key.json'));
  // Rotating a key nobody has is a mistake (a wrong directory), not a reason to make one.
  if (!existsSync(keyFile)) {
    throw new CliError({
      code: 'NO_KEY_FILE',
      message: `${keyFile} does not exist: start the stack once (npm start), or name the file with --key-file.`,
    });
  }
  const rotated = rotateCardKeyFile(keyFile, new Date(io.now()));
  if (asJson) io.stdout.write(json({ keyFile, ...rotated }));
  else
    io.stdout.write(
      `Key ${rotated.current} signs cards from now on; ${rotated.retired} is retired (its public key stays published while its cards are valid).\n`,
    );
  return 0;
};
