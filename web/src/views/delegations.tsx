// Handing over charge: a DDO going on leave hands their queue to another DDO code for dates they choose; the
// delegations they gave and received, and ending one early.
import { useState } from 'preact/hooks';
import { errorText, Show } from '../components/feedback.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { useI18n } from '../i18n/index.js';

/** Today in India, YYYY-MM-DD (the API reads the dates as IST days). */
const todayIst = (): string => new Date(Date.now() + 5.5 * 3600 * 1000).toISOString().slice(0, 10);

export function DelegationsView() {
  const { api, me } = useSignedIn();
  const { t } = useI18n();
  const loaded = useLoad(() => api.delegations(), []);
  const [form, setForm] = useState({ fromDdoCode: me.ddoCodes[0] ?? '', toDdoCode: '', startsOn: todayIst(), endsOn: todayIst(), note: '' });
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const field = (name: keyof typeof form) => (event: Event) => setForm({ ...form, [name]: (event.target as HTMLInputElement).value });

  const submit = async () => {
    setBusy(true);
    try {
      const made = await api.delegate({
        fromDdoCode: form.fromDdoCode,
        toDdoCode: form.toDdoCode.trim().toUpperCase(),
        startsOn: form.startsOn,
        endsOn: form.endsOn,
        ...(form.note.trim() === '' ? {} : { note: form.note.trim() }),
      });
      setMessage({ tone: 'ok', text: t('delegationMade', { to: made.toDdoCode, starts: made.startsOn, ends: made.endsOn }) });
      loaded.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: t('actionFailed', { message: errorText(t, error as Error) }) });
    } finally {
      setBusy(false);
    }
  };

  const end = async (delegationId: string) => {
    setBusy(true);
    try {
      await api.endDelegation(delegationId);
      setMessage({ tone: 'ok', text: t('delegationEnded') });
      loaded.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: t('actionFailed', { message: errorText(t, error as Error) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="delegation-title">
      <h2 id="delegation-title">{t('delegationTitle')}</h2>
      <p class="intro">{t('delegationIntro')}</p>
      <form
        class="card delegation-form"
        data-form="delegation"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          <span>{t('delegationFrom')}</span>
          <select name="fromDdoCode" value={form.fromDdoCode} onChange={field('fromDdoCode')}>
            {me.ddoCodes.map((code) => (
              <option value={code}>{code}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('delegationTo')}</span>
          <input name="toDdoCode" required maxLength={40} autocomplete="off" value={form.toDdoCode} onInput={field('toDdoCode')} />
        </label>
        <label>
          <span>{t('delegationStarts')}</span>
          <input name="startsOn" type="date" required value={form.startsOn} onInput={field('startsOn')} />
        </label>
        <label>
          <span>{t('delegationEnds')}</span>
          <input name="endsOn" type="date" required min={form.startsOn} value={form.endsOn} onInput={field('endsOn')} />
        </label>
        <label>
          <span>{t('delegationNote')}</span>
          <input name="note" maxLength={200} value={form.note} onInput={field('note')} />
        </label>
        <button type="submit" class="button button-primary" disabled={busy || form.toDdoCode.trim() === '' || form.fromDdoCode === ''}>
          {t('delegationSubmit')}
        </button>
      </form>
      {message === undefined ? null : (
        <p class={`notice notice-${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'} data-notice="delegation">
          {message.text}
        </p>
      )}
      <section class="card" aria-labelledby="delegations-given">
        <h3 id="delegations-given">{t('delegationsGiven')}</h3>
        <Show loaded={loaded}>
          {(lists) =>
            lists.given.length + lists.received.length === 0 ? (
              <p class="small">{t('delegationsNone')}</p>
            ) : (
              <ul class="plain-list">
                {[...lists.given, ...lists.received].map((delegation) => (
                  <li data-delegation={delegation.delegationId} data-state={delegation.state} data-active={delegation.active}>
                    {t('delegationRow', { from: delegation.fromDdoCode, to: delegation.toDdoCode, starts: delegation.startsOn, ends: delegation.endsOn })}{' '}
                    <span class={`badge ${delegation.active ? 'badge-ok' : 'badge-info'}`}>{t(`delegationState_${delegation.state}`)}</span>
                    {delegation.note === undefined ? null : <span class="small"> · {delegation.note}</span>}{' '}
                    {delegation.state !== 'ended' ? (
                      <button type="button" class="button button-small" disabled={busy} onClick={() => void end(delegation.delegationId)}>
                        {t('delegationEnd')}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )
          }
        </Show>
      </section>
    </section>
  );
}
