// Files the CLI is given and fetches: a file named on the command line must be there before anything is asked of
// the API; a link the API answers with is downloaded in bounded time.
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
  if (!isFile) throw new CliError({ code: 'NO_SUCH_FILE', message: `${file}: no such file${what === undefined ? '' : ` (${what})`}.` });
};

/** Long enough for a district's rejects report or a daily report PDF over a slow office line. */
const downloadTimeoutMs = 120_000;

/** The bytes behind a link the API handed out (a rejects report, a daily report); DOWNLOAD_FAILED when they cannot be had. */
export const download = async (url: string, what: string): Promise<Buffer> => {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(downloadTimeoutMs) });
  } catch (error) {
    throw new CliError({
      code: 'DOWNLOAD_FAILED',
      message: `Could not download ${what}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (!response.ok) throw new CliError({ code: 'DOWNLOAD_FAILED', message: `Could not download ${what} (HTTP ${response.status}).` });
  return Buffer.from(await response.arrayBuffer());
};
