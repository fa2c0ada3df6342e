// The API as the CLI calls it: bearer token, JSON in and out, errors turned into ApiError with the body's
// stable `code` and `message`, lists followed through their cursors.
import { ApiError, CliError } from './errors.js';

export type Fetch = typeof fetch;

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
}

const requestTimeoutMs = 30_000;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  /** One call. A status outside 2xx (and not in `accept`) throws ApiError. */
  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; accept?: readonly number[]; auth?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.auth !== false) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw unreachable(this.baseUrl, error);
    }
    const text = await response.text();
    const body = parseJson(text);
    if ((response.status >= 200 && response.status < 300) || options.accept?.includes(response.status))
      return { status: response.status, body: body as T };
    throw apiErrorOf(response.status, body, text);
  }

  async get<T>(path: string, options: { accept?: readonly number[]; auth?: boolean } = {}): Promise<T> {
    return (await this.request<T>('GET', path, options)).body;
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return (await this.request<T>('POST', path, { body: body ?? {} })).body;
  }

  /**
   * A call that a follower repeats (an import's progress, a redriven execution, a reconciliation lookup): a 5xx or
   * an unreachable API is tried again, up to `attempts` times in a row with growing pauses, before it counts.
   */
  async patiently<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>, attempts = 6): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!isTransient(error) || attempt >= attempts) throw error;
        await sleep(Math.min(5000, 250 * 2 ** attempt));
      }
    }
  }

  async getPatiently<T>(path: string, sleep: (ms: number) => Promise<void>, attempts = 6): Promise<T> {
    return this.patiently(() => this.get<T>(path), sleep, attempts);
  }

  /** Every item of a paginated list (`{items, cursor}`), page after page, up to `max`; patiently when given a sleep. */
  async all<T>(path: string, max = Number.POSITIVE_INFINITY, patience?: (ms: number) => Promise<void>): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const pagePath = cursor === undefined ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`;
      const page =
        patience === undefined
          ? await this.get<{ items: T[]; cursor?: string }>(pagePath)
          : await this.getPatiently<{ items: T[]; cursor?: string }>(pagePath, patience);
      items.push(...page.items);
      cursor = page.cursor;
    } while (cursor !== undefined && items.length < max);
    return items.slice(0, max);
  }
}

/** Worth asking again: the API or its integration failed (5xx, as API Gateway answers a timed-out Lambda), or it could not be reached. */
export const isTransient = (error: unknown): boolean =>
  (error instanceof ApiError && error.status >= 500) || (error instanceof CliError && error.code === 'UNREACHABLE');

const parseJson = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Our API's errors carry `code` and `message`; API Gateway's own 401 carries `message` only. */
export const apiErrorOf = (status: number, body: unknown, text: string): ApiError => {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof fields.message === 'string' ? fields.message : text.slice(0, 200) || `HTTP ${status}`;
  const code =
    typeof fields.code === 'string' ? fields.code : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : `HTTP_${status}`;
  const details = typeof fields.details === 'object' && fields.details !== null ? (fields.details as Record<string, unknown>) : undefined;
  return new ApiError({ status, code, message, details });
};

const unreachable = (baseUrl: string, error: unknown): CliError => {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = (cause as { code?: string }).code ?? (error instanceof Error ? error.name : String(error));
  return new CliError({
    code: 'UNREACHABLE',
    message: `Cannot reach the API at ${baseUrl} (${reason}). Is the stack running (npm start), and is the URL right?`,
  });
};
