// One execution: where it is, as a timeline of its states (GET /v1/admin/executions/{workflow}/{name}), with
// Stop (POST .../stop, with a reason) and Redrive (POST .../redrive). After either, the view polls until the
// execution has moved, and says where it got to.
import { useEffect, useState } from 'preact/hooks';
import type { ExecutionDetail } from '../api-types.js';
import { timelineEntries } from '../derived.js';
import { ErrorNotice, Loading, errorText } from '../components/feedback.js';
import { StatusBadge } from '../components/status.js';
import { formatDateTime, formatDuration } from '../format.js';
import { useInterval, useSignedIn } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { href } from '../router.js';

const redrivable = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);
/** How often, and how long, the view follows an execution it was asked to move. */
export const watchEveryMs = 1000;
export const watchForMs = 120_000;

function Timeline({ detail }: { detail: ExecutionDetail }) {
  const { t, language } = useI18n();
  return (
    <ol class="timeline" aria-labelledby="timeline">
      {timelineEntries(detail).map((entry) => {
        if (entry.kind === 'redrive') {
          return (
            <li class="timeline-marker" data-entry="redrive">
              {t('redriven', { time: formatDateTime(entry.at, language) })}
            </li>
          );
        }
        if (entry.kind === 'end') {
          return (
            <li class="timeline-marker" data-entry="end">
              {t('ended', { type: labelFor(t, 'endType', entry.type), time: formatDateTime(entry.at, language) })}
              {entry.error === undefined ? null : (
                <>
                  {' '}
                  <span data-error={entry.error}>{labelFor(t, 'errorName', entry.error)}</span>
                </>
              )}
            </li>
          );
        }
        const { step } = entry;
        return (
          <li class={`timeline-step outcome-${step.outcome}`} data-state={step.state} data-outcome={step.outcome}>
            <span class="timeline-dot" aria-hidden="true" />
            <div>
              <strong>{labelFor(t, 'state', step.state)}</strong> <span class={`badge badge-${step.outcome === 'done' ? 'ok' : step.outcome === 'failed' ? 'bad' : 'info'}`}>{labelFor(t, 'outcome', step.outcome)}</span>
              <p class="small">
                {t('entered')}: {formatDateTime(step.enteredAt, language)} · {t('duration')}: {formatDuration(step.durationMs, t)}
              </p>
              {step.errors.length === 0 ? null : <p class="small">{t('failedAttempts', { errors: step.errors.map((name) => labelFor(t, 'errorName', name)).join(', ') })}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export function ExecutionView({ workflow, name, query }: { workflow: string; name: string; query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const [detail, setDetail] = useState<ExecutionDetail | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [actionError, setActionError] = useState<Error | undefined>();
  const [stopping, setStopping] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  /** Set while following the execution after an action: since when, and what counts as having moved. */
  const [watch, setWatch] = useState<{ since: number; hasMoved: (fresh: ExecutionDetail) => boolean; moved?: string; gaveUp?: boolean } | undefined>();

  const refresh = async () => {
    try {
      const fresh = await api.execution(workflow, name);
      setDetail(fresh);
      setError(undefined);
      return fresh;
    } catch (failure) {
      setError(failure as Error);
      return undefined;
    }
  };
  useEffect(() => {
    setDetail(undefined);
    setWatch(undefined);
    void refresh();
  }, [workflow, name]);

  const watching = watch !== undefined && watch.moved === undefined && watch.gaveUp !== true;
  useInterval(
    () => {
      void refresh().then((fresh) => {
        if (fresh === undefined || watch === undefined) return;
        if (watch.hasMoved(fresh)) setWatch({ ...watch, moved: fresh.status });
        else if (Date.now() - watch.since > watchForMs) setWatch({ ...watch, gaveUp: true });
      });
    },
    watchEveryMs,
    watching,
  );

  const act = async (action: () => Promise<unknown>, hasMoved: (fresh: ExecutionDetail) => boolean) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
      setStopping(false);
      setReason('');
      const fresh = await refresh();
      setWatch({ since: Date.now(), hasMoved, ...(fresh !== undefined && hasMoved(fresh) ? { moved: fresh.status } : {}) });
    } catch (failure) {
      setActionError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const back = href(['executions'], Object.fromEntries(query));
  if (detail === undefined) {
    return (
      <>
        <p>
          <a href={back}>← {t('backToList')}</a>
        </p>
        <h2>{t('executionTitle', { name })}</h2>
        {error === undefined ? <Loading /> : <ErrorNotice error={error} onRetry={() => void refresh()} />}
      </>
    );
  }

  return (
    <>
      <p>
        <a href={back}>← {t('backToList')}</a>
      </p>
      <h2>{t('executionTitle', { name })}</h2>
      <section class="card execution-summary" aria-label={t('execution')}>
        <dl class="facts">
          <div>
            <dt>{t('status')}</dt>
            <dd data-field="status">
              <StatusBadge kind="execution" status={detail.status} />
            </dd>
          </div>
          <div>
            <dt>{t('workflow')}</dt>
            <dd>{labelFor(t, 'workflow', detail.workflow)}</dd>
          </div>
          <div>
            <dt>{t('district')}</dt>
            <dd>{detail.district ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('startedAt')}</dt>
            <dd>{formatDateTime(detail.startedAt, language)}</dd>
          </div>
          <div>
            <dt>{t('stoppedAt')}</dt>
            <dd>{formatDateTime(detail.stoppedAt, language)}</dd>
          </div>
          <div>
            <dt>{t('error')}</dt>
            <dd data-error={detail.error}>{detail.error === undefined ? '—' : labelFor(t, 'errorName', detail.error)}</dd>
          </div>
          <div>
            <dt>{t('redriveCount')}</dt>
            <dd data-field="redriveCount">{detail.redriveCount}</dd>
          </div>
        </dl>
        <div class="actions">
          {redrivable.has(detail.status) ? (
            <>
              <button type="button" class="button button-primary" disabled={busy || watching} onClick={() => {
                  // Moved: this redrive (a higher count) has ended, whichever way.
                  const before = detail.redriveCount;
                  void act(() => api.redriveExecution(workflow, name), (fresh) => fresh.redriveCount > before && fresh.status !== 'RUNNING');
                }}
              >
                {t('redrive')}
              </button>
              <p class="small">{t('redriveHelp')}</p>
            </>
          ) : null}
          {detail.status === 'RUNNING' && !stopping ? (
            <button type="button" class="button button-danger" disabled={busy || watching} onClick={() => setStopping(true)}>
              {t('stop')}
            </button>
          ) : null}
          <button type="button" class="button button-quiet" onClick={() => void refresh()}>
            {t('refresh')}
          </button>
        </div>
        {stopping ? (
          <form
            class="stop-form"
            onSubmit={(event) => {
              event.preventDefault();
              void act(() => api.stopExecution(workflow, name, reason.trim()), (fresh) => fresh.status !== 'RUNNING');
            }}
          >
            <label>
              <span>{t('stopReason')}</span>
              <input name="reason" required maxLength={200} value={reason} onInput={(event) => setReason((event.target as HTMLInputElement).value)} />
            </label>
            <div class="actions">
              <button type="submit" class="button button-danger" disabled={busy || reason.trim() === ''}>
                {t('confirmStop')}
              </button>
              <button type="button" class="button button-quiet" onClick={() => setStopping(false)}>
                {t('cancel')}
              </button>
            </div>
          </form>
        ) : null}
        {actionError === undefined ? null : (
          <div class="notice notice-error" role="alert">
            {t('actionFailed', { message: errorText(t, actionError) })}
          </div>
        )}
        <p class="watch" role="status" aria-live="polite" data-watch={watch === undefined ? 'idle' : watching ? 'watching' : watch.moved !== undefined ? 'moved' : 'gave-up'}>
          {watch === undefined
            ? ''
            : watch.moved !== undefined
              ? t('movedTo', { status: labelFor(t, 'status', watch.moved) })
              : watch.gaveUp === true
                ? t('stillRunning', { seconds: Math.round(watchForMs / 1000) })
                : t('watching', { status: labelFor(t, 'status', detail.status) })}
        </p>
        {error === undefined ? null : <ErrorNotice error={error} />}
      </section>
      <section class="card" aria-labelledby="timeline">
        <h3 id="timeline">{t('timeline')}</h3>
        <Timeline detail={detail} />
      </section>
    </>
  );
}
