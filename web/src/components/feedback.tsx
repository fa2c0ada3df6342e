// Loading and error states every view shows the same way; errors are announced to screen readers.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { Loaded } from '../hooks.js';

export const errorText = (error: Error): string => (error instanceof ApiError ? `${error.message} (${error.code})` : error.message);

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="notice notice-error" role="alert">
      <p>{t('couldNotLoad', { message: errorText(error) })}</p>
      {onRetry === undefined ? null : (
        <button type="button" class="button" onClick={onRetry}>
          {t('tryAgain')}
        </button>
      )}
    </div>
  );
}

/** Renders what was loaded; the first load shows Loading, a failed one an error with Try again. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.data === undefined) {
    if (loaded.error !== undefined) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />;
    return <Loading />;
  }
  return (
    <>
      {loaded.error === undefined ? null : <ErrorNotice error={loaded.error} onRetry={loaded.reload} />}
      {children(loaded.data)}
    </>
  );
}
