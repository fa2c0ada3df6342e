// One case of the inbox: the roster record and the e-KYC record side by side (what differs marked in words and
// with a sign, not by colour alone), the name-match score explained, the e-KYC photo through its short-lived
// link, the family and the timeline; approve, reject with a reason, or return with a note, also by keyboard.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApprovalCase, RejectionReason } from '../api-types.js';
import { valueLabels } from '../i18n/en.js';
import { ApiError } from '../api.js';
import { errorText, Show } from '../components/feedback.js';
import { formatDateTime } from '../format.js';
import { useKeydown, useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { actionOf, caseShortcuts, comparedRows } from '../inbox.js';
import { href, navigate } from '../router.js';
import { carryNotice, decidedElsewhereText, personName } from './inbox.js';
import { ShortcutList } from './shortcuts.js';

type Mode = 'view' | 'reject' | 'return';

/** The API's reject reasons, in the order en.ts labels them (the compiler holds it to every reason). */
const rejectionReasons = Object.keys(valueLabels)
  .filter((key) => key.startsWith('rejectReason_'))
  .map((key) => key.slice('rejectReason_'.length) as RejectionReason);

function Photo({ taskId }: { taskId: string }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const link = useLoad(() => api.approvalPhoto(taskId), [taskId]);
  const [broken, setBroken] = useState(false);
  if (link.error !== undefined)
    return <p class="small" data-photo="none">{link.error instanceof ApiError && link.error.code === 'PHOTO_NOT_AVAILABLE' ? t('photoNone') : t('photoFailed')}</p>;
  if (link.data === undefined) return <p class="small">{t('loading')}</p>;
  return broken ? (
    <p class="small" data-photo="broken">
      {t('photoFailed')}
    </p>
  ) : (
    <img class="ekyc-photo" src={link.data.url} alt={t('photoAlt')} data-photo="shown" referrerpolicy="no-referrer" onError={() => setBroken(true)} />
  );
}

export function CaseView({ taskId, query }: { taskId: string; query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const loaded = useLoad(() => api.approvalCase(taskId), [taskId]);
  const [mode, setMode] = useState<Mode>(query.get('action') === 'reject' ? 'reject' : 'view');
  const [reason, setReason] = useState<RejectionReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<{ kind: string; text: string } | undefined>();
  const reasonRef = useRef<HTMLSelectElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const back = href(['inbox'], Object.fromEntries(new URLSearchParams(query.get('back') ?? '')));

  useEffect(() => {
    if (mode === 'reject') reasonRef.current?.focus();
    if (mode === 'return') noteRef.current?.focus();
  }, [mode, loaded.data === undefined]);

  const decide = async (detail: ApprovalCase, body: { decision: 'approve' | 'reject' | 'return'; reasonCode?: RejectionReason; note?: string }) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.decide(detail.taskId, body);
      const name = personName(detail);
      carryNotice({
        tone: 'ok',
        kind: body.decision === 'approve' ? 'approved' : body.decision === 'reject' ? 'rejected' : 'returned',
        text: t(body.decision === 'approve' ? 'approvedOne' : body.decision === 'reject' ? 'rejectedOne' : 'returnedOne', { name }),
      });
      navigate(back);
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'ALREADY_DECIDED' || error.code === 'APPROVAL_NOT_FOUND')) {
        // Said here and again on the list, which no longer holds the case; what was typed stays on the screen.
        const text = decidedElsewhereText(t, [personName(detail)]);
        carryNotice({ tone: 'warn', kind: 'decided-elsewhere', text });
        setProblem({ kind: 'decided-elsewhere', text });
      } else setProblem({ kind: 'failed', text: t('actionFailed', { message: errorText(t, error as Error) }) });
    } finally {
      setBusy(false);
    }
  };

  useKeydown((event) => {
    const action = actionOf(caseShortcuts, event);
    // Escape leaves a form without deciding, even from inside it.
    if (event.key === 'Escape' && mode !== 'view') {
      setMode('view');
      return;
    }
    if (action === undefined || busy || loaded.data === undefined || problem?.kind === 'decided-elsewhere') return;
    event.preventDefault();
    if (action === 'approve' && mode === 'view') void decide(loaded.data, { decision: 'approve' });
    else if (action === 'reject') setMode('reject');
    else if (action === 'returnCase') setMode('return');
    else if (action === 'back') navigate(back);
  });

  return (
    <section aria-labelledby="case-title" class="case">
      <p>
        <a href={back} data-link="back">
          ← {t('backToInbox')}
        </a>
      </p>
      <Show loaded={loaded}>
        {(detail) => {
          const rows = comparedRows(detail);
          const routine = detail.routine;
          const decidedElsewhere = problem?.kind === 'decided-elsewhere';
          return (
            <>
              <h2 id="case-title">
                {detail.summary.name}
                {detail.summary.nameLocal === undefined ? null : <span lang="hi"> · {detail.summary.nameLocal}</span>}
              </h2>
              <p class="inbox-badges">
                <span class={`badge ${routine ? 'badge-ok' : 'badge-warn'}`}>{routine ? t('kind_routine') : t('kind_mismatch')}</span>{' '}
                <span class="badge badge-info">{labelFor(t, 'scheme', detail.scheme)}</span>{' '}
                <span class="badge badge-info">{t('daysWaiting', { count: detail.daysWaiting })}</span>{' '}
                <span class={`badge ${detail.overdue ? 'badge-bad' : 'badge-info'}`}>
                  {detail.overdue
                    ? t('overdueSince', { time: formatDateTime(detail.dueAt, language) })
                    : t('decideBy', { time: formatDateTime(detail.dueAt, language) })}
                </span>
                {detail.onBehalfOf === undefined ? null : (
                  <>
                    {' '}
                    <span class="badge badge-info">{t('onBehalfOf', { queue: detail.onBehalfOf.slice(detail.onBehalfOf.indexOf(':') + 1) })}</span>
                  </>
                )}
              </p>
              {problem === undefined ? null : (
                <p class={`notice ${decidedElsewhere ? 'notice-warn' : 'notice-error'}`} role="alert" data-notice={problem.kind}>
                  {problem.text} {decidedElsewhere ? <a href={back}>{t('backToInbox')}</a> : null}
                </p>
              )}

              <div class="case-grid">
                <section class="card" aria-labelledby="compare-title">
                  <h3 id="compare-title">{t('compareTitle')}</h3>
                  <p class="small">{detail.differences.length === 0 ? t('noDifferences') : t('differencesCount', { count: detail.differences.length })}</p>
                  <table class="compare">
                    <thead>
                      <tr>
                        <th scope="col">{t('field')}</th>
                        <th scope="col">{t('rosterRecord')}</th>
                        <th scope="col">{t('ekycRecord')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr data-field={row.field} data-differs={row.differs} class={row.differs ? 'differs' : undefined}>
                          <th scope="row">
                            {labelFor(t, 'field', row.field)}
                            {row.differs ? <span class="differs-mark"> ≠ {t('differs')}</span> : null}
                          </th>
                          <td data-side="roster" lang={row.field === 'nameLocal' ? 'hi' : undefined}>
                            {row.field === 'gender' && row.roster !== undefined ? labelFor(t, 'field', `gender_${row.roster}`) : (row.roster ?? '—')}
                          </td>
                          <td data-side="ekyc" lang={row.field === 'nameLocal' ? 'hi' : undefined}>
                            {row.field === 'gender' && row.ekyc !== undefined ? labelFor(t, 'field', `gender_${row.ekyc}`) : (row.ekyc ?? '—')}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div class="name-match" data-name-score={detail.nameMatch.score}>
                    <p>
                      <strong>{t('nameMatchScore', { score: Math.round(detail.nameMatch.score * 100) })}</strong>
                    </p>
                    <ul>
                      {detail.nameMatch.explanation.map((code) => (
                        <li data-explanation={code}>{labelFor(t, 'explain', code)}</li>
                      ))}
                    </ul>
                  </div>
                </section>

                <section class="card" aria-labelledby="photo-title">
                  <h3 id="photo-title">{t('photoTitle')}</h3>
                  {detail.photo.available ? <Photo taskId={detail.taskId} /> : <p class="small" data-photo="none">{t('photoNone')}</p>}
                </section>
              </div>

              <section class="card decide" aria-labelledby="decide-title">
                <h3 id="decide-title">{t('decisionTitle')}</h3>
                {mode === 'view' ? (
                  <div class="actions">
                    <button type="button" class="button button-primary" data-action="approve" disabled={busy || decidedElsewhere} onClick={() => void decide(detail, { decision: 'approve' })}>
                      {t('approve')}
                    </button>
                    <button type="button" class="button" data-action="reject" disabled={busy || decidedElsewhere} onClick={() => setMode('reject')}>
                      {t('reject')}
                    </button>
                    <button type="button" class="button" data-action="return" disabled={busy || decidedElsewhere} onClick={() => setMode('return')}>
                      {t('returnForCorrection')}
                    </button>
                  </div>
                ) : (
                  <form
                    data-form={mode}
                    onSubmit={(event) => {
                      event.preventDefault();
                      if (mode === 'reject' && reason !== '')
                        void decide(detail, { decision: 'reject', reasonCode: reason, ...(note.trim() === '' ? {} : { note: note.trim() }) });
                      if (mode === 'return' && note.trim().length >= 5) void decide(detail, { decision: 'return', note: note.trim() });
                    }}
                  >
                    {mode === 'reject' ? (
                      <label>
                        <span>{t('rejectReason')}</span>
                        <select ref={reasonRef} name="reasonCode" required value={reason} onChange={(event) => setReason((event.target as HTMLSelectElement).value as RejectionReason)}>
                          <option value="">{t('chooseReason')}</option>
                          {rejectionReasons.map((code) => (
                            <option value={code}>{labelFor(t, 'rejectReason', code)}</option>
                          ))}
                        </select>
                      </label>
                    ) : null}
                    <label>
                      <span>{mode === 'return' || reason === 'OTHER' ? t('noteRequired') : t('noteOptional')}</span>
                      <textarea ref={noteRef} name="note" rows={3} maxLength={500} value={note} onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)} />
                    </label>
                    <div class="actions">
                      <button
                        type="submit"
                        class="button button-primary"
                        data-action={`confirm-${mode}`}
                        disabled={busy || decidedElsewhere || (mode === 'reject' ? reason === '' || (reason === 'OTHER' && note.trim().length < 5) : note.trim().length < 5)}
                      >
                        {mode === 'reject' ? t('confirmReject') : t('confirmReturn')}
                      </button>
                      <button type="button" class="button" onClick={() => setMode('view')}>
                        {t('cancel')}
                      </button>
                    </div>
                  </form>
                )}
              </section>

              <div class="case-grid">
                <section class="card" aria-labelledby="family-title">
                  <h3 id="family-title">{t('familyTitle')}</h3>
                  {detail.family.length === 0 ? (
                    <p class="small">{t('familyNone')}</p>
                  ) : (
                    <ul class="plain-list">
                      {detail.family.map((member) => (
                        <li data-member={member.registrationId}>
                          {member.name}
                          {member.relation === undefined ? '' : ` (${labelFor(t, 'relation', member.relation)})`}: {labelFor(t, 'registrationStatus', member.status)}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section class="card" aria-labelledby="history-title">
                  <h3 id="history-title">{t('caseTimeline')}</h3>
                  <ol class="plain-list case-timeline">
                    {detail.timeline.map((entry) => (
                      <li data-event={entry.event}>
                        {/* The status says what happened in the person's language; the event's code is for tools only. */}
                        <span class="small">{formatDateTime(entry.at, language)}</span> {labelFor(t, 'registrationStatus', entry.status)}
                        {entry.by === undefined ? '' : ` · ${t('byWhom', { who: entry.by === 'system' ? t('actorSystem') : entry.by })}`}
                        {entry.onBehalfOf === undefined ? '' : ` · ${t('onBehalfOf', { queue: entry.onBehalfOf.slice(entry.onBehalfOf.indexOf(':') + 1) })}`}
                        {entry.note === undefined ? '' : ` · ${entry.note}`}
                      </li>
                    ))}
                  </ol>
                </section>
              </div>
            </>
          );
        }}
      </Show>
      <ShortcutList shortcuts={caseShortcuts} />
    </section>
  );
}
