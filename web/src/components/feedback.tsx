// Loading and error states every view shows the same way; errors are announced to screen readers.
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { errorText, retryCanHelp } from '../error-text.js';
import type { Loaded } from '../hooks.js';

export { codeText, errorText, retryCanHelp } from '../error-text.js';

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
    <div class="notice notice-error" role="alert" data-code={error instanceof ApiError ? error.code : undefined}>
      <p>{t('couldNotLoad', { message: errorText(t, error) })}</p>
      {onRetry === undefined || !retryCanHelp(error) ? null : (
        <button type="button" class="button" onClick={onRetry}>
          {t('tryAgain')}
        </button>
      )}
    </div>
  );
}

/** Renders what was loaded; the first load shows Loading, a failed one an error (with Try again when that can help). */
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
