// The verifier page's runtime configuration, `config.json` beside its index.html: where the API is. Each engine
// writes its own (local/dashboard.ts; infra/dashboard-site.ts on AWS). Pure: no DOM, no Node.

export interface VerifierConfig {
  /** The API's base URL without a trailing slash; `''` means the page's own origin. */
  readonly apiBaseUrl: string;
}

export const parseVerifierConfig = (value: unknown): VerifierConfig => {
  const apiBaseUrl = (value as { apiBaseUrl?: unknown } | null)?.apiBaseUrl;
  if (typeof apiBaseUrl !== 'string') throw new Error('config.json: apiBaseUrl is missing or wrong');
  return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') };
};
