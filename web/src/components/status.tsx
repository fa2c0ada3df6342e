// Status badges: the word, in the person's language, with a colour that is never the only signal.
import { labelFor, useI18n } from '../i18n/index.js';

const tone: Readonly<Record<string, string>> = {
  RUNNING: 'info',
  IMPORTING: 'info',
  RECEIVED: 'info',
  SUCCEEDED: 'ok',
  DONE: 'ok',
  FAILED: 'bad',
  TIMED_OUT: 'bad',
  REFUSED: 'bad',
  ABORTED: 'warn',
};

export function StatusBadge({ status, kind }: { status: string; kind: 'execution' | 'import' }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-${tone[status] ?? 'info'}`} data-status={status}>
      {labelFor(t, kind === 'execution' ? 'status' : 'importStatus', status)}
    </span>
  );
}
