// Anomalies: one mobile across unrelated families, an operator far past a camp's norm (GET /v1/admin/anomalies).
// Listed for review, never blocking anyone: a district admin opens one, sees the registrations behind it, and
// records what they found (POST /v1/admin/anomalies/{id}/review).
import { useState } from 'preact/hooks';
import { reviewOutcomes, type Anomaly, type AnomalyDetail } from '../api-types.js';
import { errorText, Show } from '../components/feedback.js';
import { DistrictField, FilterForm } from '../components/filters.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import { href, navigate } from '../router.js';

/** A member key (`rc:<ration card>`, `emp:<employee id>`) as a person reads it: what the number is, then the number. */
const memberLabel = (t: Translate, member: string): string => {
  const [kind, ...rest] = member.split(':');
  const id = rest.join(':');
  return kind === 'rc' ? t('rationCardValue', { id }) : kind === 'emp' ? t('employeeIdValue', { id }) : member;
};

export function AnomaliesView({ query }: { query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const state = query.get('state') === 'reviewed' ? 'reviewed' : 'open';
  const district = query.get('district') ?? '';
  const [draft, setDraft] = useState({ state, district });
  const list = useLoad(() => api.anomalies({ state, ...(district === '' ? {} : { district }), limit: 100 }), [state, district]);

  const columns: Column<Anomaly>[] = [
    { key: 'subject', label: t('subject'), render: (item) => <a href={href(['anomalies', item.anomalyId])}>{item.subject}</a> },
    { key: 'kind', label: t('anomalyKind'), render: (item) => labelFor(t, 'anomalyKind', item.kind) },
    { key: 'members', label: t('members'), numeric: true, render: (item) => formatNumber(item.members) },
    { key: 'norm', label: t('norm'), numeric: true, render: (item) => formatNumber(item.norm) },
    { key: 'district', label: t('district'), render: (item) => item.district },
    { key: 'lastSeen', label: t('lastSeen'), render: (item) => formatDateTime(item.lastSeenAt, language) },
  ];
  return (
    <>
      <h2>{t('anomaliesTitle')}</h2>
      <p class="intro">{t('anomaliesIntro')}</p>
      <FilterForm onShow={() => navigate(href(['anomalies'], { state: draft.state, district: draft.district.trim() }))}>
        <label>
          <span>{t('anomalyState')}</span>
          <select name="state" value={draft.state} onChange={(event) => setDraft({ ...draft, state: (event.target as HTMLSelectElement).value as 'open' | 'reviewed' })}>
            {(['open', 'reviewed'] as const).map((value) => (
              <option value={value}>{labelFor(t, 'anomalyState', value)}</option>
            ))}
          </select>
        </label>
        <DistrictField value={draft.district} onChange={(district) => setDraft({ ...draft, district })} />
      </FilterForm>
      <Show loaded={list}>
        {(page) => <DataTable caption={t('anomaliesTitle')} columns={columns} rows={page.items} rowKey={(item) => item.anomalyId} empty={t('noAnomalies')} />}
      </Show>
    </>
  );
}

function ReviewForm({ anomaly, onReviewed }: { anomaly: AnomalyDetail; onReviewed: () => void }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<string>(reviewOutcomes[0]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [sending, setSending] = useState(false);
  return (
    <form
      class="card review"
      aria-label={t('review')}
      onSubmit={(event) => {
        event.preventDefault();
        setSending(true);
        setProblem(undefined);
        api.reviewAnomaly(anomaly.anomalyId, { outcome, note: note.trim() }).then(onReviewed, (error: Error) => {
          setProblem(t('actionFailed', { message: errorText(t, error) }));
          setSending(false);
        });
      }}
    >
      <h3>{t('review')}</h3>
      <label>
        <span>{t('reviewOutcome')}</span>
        <select name="outcome" value={outcome} onChange={(event) => setOutcome((event.target as HTMLSelectElement).value)}>
          {reviewOutcomes.map((value) => (
            <option value={value}>{labelFor(t, 'reviewOutcome', value)}</option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('reviewNote')}</span>
        <textarea name="note" value={note} minLength={5} maxLength={500} required onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)} />
      </label>
      {problem === undefined ? null : <p class="notice notice-error" role="alert">{problem}</p>}
      <button type="submit" class="button" disabled={sending || note.trim().length < 5}>
        {t('recordReview')}
      </button>
    </form>
  );
}

export function AnomalyView({ anomalyId }: { anomalyId: string }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const detail = useLoad(() => api.anomaly(anomalyId), [anomalyId]);
  const columns: Column<AnomalyDetail['registrations'][number]>[] = [
    { key: 'member', label: t('member'), render: (item) => <span data-member={item.member}>{memberLabel(t, item.member)}</span> },
    { key: 'registration', label: t('registration'), render: (item) => <a href={href(['executions', 'registration', item.registrationId])}>{item.registrationId}</a> },
    { key: 'at', label: t('at'), render: (item) => formatDateTime(item.at, language) },
  ];
  return (
    <>
      <p>
        <a href={href(['anomalies'])}>← {t('backToList')}</a>
      </p>
      <Show loaded={detail}>
        {(anomaly: AnomalyDetail) => (
          <>
            <h2>{t('anomalyTitle', { subject: anomaly.subject })}</h2>
            <section class="card">
              <dl class="facts">
                <div>
                  <dt>{t('anomalyKind')}</dt>
                  <dd>{labelFor(t, 'anomalyKind', anomaly.kind)}</dd>
                </div>
                <div>
                  <dt>{t('members')}</dt>
                  <dd data-field="members">{formatNumber(anomaly.members)}</dd>
                </div>
                <div>
                  <dt>{t('norm')}</dt>
                  <dd>{formatNumber(anomaly.norm)}</dd>
                </div>
                <div>
                  <dt>{t('status')}</dt>
                  <dd data-field="state">{labelFor(t, 'anomalyState', anomaly.state)}</dd>
                </div>
              </dl>
              {anomaly.review === undefined ? null : (
                <p class="small" data-field="review">
                  {t('reviewedBy', {
                    outcome: labelFor(t, 'reviewOutcome', anomaly.review.outcome),
                    who: anomaly.review.by,
                    time: formatDateTime(anomaly.review.at, language),
                    note: anomaly.review.note,
                  })}
                </p>
              )}
            </section>
            {anomaly.state === 'open' ? <ReviewForm anomaly={anomaly} onReviewed={detail.reload} /> : null}
            <section class="card" aria-labelledby="anomaly-registrations">
              <h3 id="anomaly-registrations">{t('registrationsBehind')}</h3>
              <DataTable caption={t('registrationsBehind')} columns={columns} rows={anomaly.registrations} rowKey={(item) => item.member} empty={t('none')} />
            </section>
          </>
        )}
      </Show>
    </>
  );
}
