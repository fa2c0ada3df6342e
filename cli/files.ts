// Files the CLI is given: a file named on the command line must be there before anything is asked of the API.
import { statSync } from 'node:fs';
import { CliError } from './errors.js';

/** NO_SUCH_FILE unless `file` is a file; `what` says which of the command's files it is. */
export const requireFile = (file: string, what?: string): void => {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    // Missing or unreadable: no such file, as far as the command goes.
  }
  if (!isFile) throw new CliError('NO_SUCH_FILE', `${file}: no such file${what === undefined ? '' : ` (${what})`}.`);
};
