// API errors in words: by the error's stable code, else by its HTTP status, in the person's language.
import { ApiError } from './api.js';
import { en, type LabelKey } from './i18n/en.js';
import type { Translate } from './i18n/index.js';

/**
 * What went wrong, in the person's language: the API's stable `code` has its own label, or its HTTP status says
 * it; the API's English message is not put inside a Hindi sentence, nor a developer's text before a person.
 */
export const errorText = (t: Translate, error: Error): string =>
  error instanceof ApiError ? codeText(t, error.code, error.status) : t('apiStatus_5xx');

/** An API error code in words; `status` (when known) says what a code without its own label means. */
export const codeText = (t: Translate, code: string | undefined, status?: number): string => {
  const byCode = `apiError_${code ?? ''}`;
  if (byCode in en) return t(byCode as LabelKey);
  const byStatus = `apiStatus_${status ?? 422}`;
  if (byStatus in en) return t(byStatus as LabelKey);
  return status === 0 ? t('apiError_NETWORK') : (status ?? 0) >= 500 ? t('apiStatus_5xx') : t('apiStatus_400');
};

/** A retry can help only when nothing was wrong with the request: no connection, too many requests, the server's fault. */
export const retryCanHelp = (error: Error): boolean =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
