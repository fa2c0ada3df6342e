// Which API the CLI talks to, and with which token. In order: --api / --token, then HEALTHCARD_API_URL /
// HEALTHCARD_TOKEN, then the embedded stack's endpoints.json (.data/ under the current directory, or
// --data-dir / HEALTHCARD_DATA_DIR), whose development token for --role (district-admin by default) is used.
import { join, resolve } from 'node:path';
import { CliError, UsageError } from './errors.js';

export interface Connection {
  readonly apiUrl: string;
  readonly token: string;
  /** Where the URL and the token came from, for messages. */
  readonly source: string;
}

export interface ConnectionOptions {
  readonly api?: string | undefined;
  readonly token?: string | undefined;
  readonly role?: string | undefined;
  readonly dataDir?: string | undefined;
}

/** What the CLI reads of endpoints.json (local/stack.ts writes it). */
interface EndpointsFile {
  readonly api?: { readonly url?: unknown };
  readonly tokens?: Readonly<Record<string, unknown>>;
}

export const defaultRole = 'district-admin';

export const endpointsFileOf = (cwd: string, options: ConnectionOptions, env: Readonly<Record<string, string | undefined>>): string =>
  join(resolve(cwd, options.dataDir ?? env.HEALTHCARD_DATA_DIR ?? '.data'), 'endpoints.json');

export const resolveConnection = (
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  readFile: (path: string) => string | undefined,
): Connection => {
  const explicitToken = options.token ?? env.HEALTHCARD_TOKEN;
  if (options.role !== undefined && options.token !== undefined) {
    throw new UsageError({ message: '--role picks a development token from endpoints.json; give --role or --token, not both.' });
  }
  const explicitApi = options.api ?? env.HEALTHCARD_API_URL;
  if (explicitApi !== undefined && explicitToken !== undefined && options.role === undefined) {
    return { apiUrl: trimSlash(explicitApi), token: explicitToken, source: options.api === undefined ? 'HEALTHCARD_API_URL' : '--api' };
  }

  const file = endpointsFileOf(cwd, options, env);
  const text = readFile(file);
  if (text === undefined) {
    throw new CliError({
      code: 'NO_STACK',
      message:
        explicitApi === undefined
          ? `No API to talk to: ${file} does not exist. Start the embedded stack here (npm start), or pass --api URL --token T (or set HEALTHCARD_API_URL and HEALTHCARD_TOKEN).`
          : `No token: pass --token T (or set HEALTHCARD_TOKEN); ${file}, which holds development tokens, does not exist.`,
    });
  }
  let endpoints: EndpointsFile;
  try {
    endpoints = JSON.parse(text) as EndpointsFile;
  } catch {
    throw new CliError({ code: 'BAD_ENDPOINTS_FILE', message: `${file} is not JSON.` });
  }
  const apiUrl = explicitApi ?? (typeof endpoints.api?.url === 'string' ? endpoints.api.url : undefined);
  if (apiUrl === undefined) throw new CliError({ code: 'BAD_ENDPOINTS_FILE', message: `${file} names no API URL (api.url).` });
  if (explicitToken !== undefined && options.role === undefined) return { apiUrl: trimSlash(apiUrl), token: explicitToken, source: file };
  const role = options.role ?? defaultRole;
  const token = endpoints.tokens?.[role];
  if (typeof token !== 'string') {
    const roles = Object.keys(endpoints.tokens ?? {});
    throw new UsageError({
      message: `${file} has no development token for role "${role}"${roles.length === 0 ? '' : ` (it has: ${roles.join(', ')})`}.`,
    });
  }
  return { apiUrl: trimSlash(apiUrl), token, source: `${file} (${role})` };
};

const trimSlash = (url: string) => url.replace(/\/+$/, '');
