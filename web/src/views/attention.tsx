// What needs someone this morning, on the landing page: executions that failed, cases past their SLA by who holds
// them, open anomalies, refused roster imports and the blocks furthest behind their target
// (GET /v1/admin/attention). Each item opens the people, the execution or the import behind it. The same answer
// gives the tabs their counts, so the shell loads it once and shares it.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { ErrorNotice, Loading } from '../components/feedback.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useLoad, useSignedIn, type Loaded } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { href } from '../router.js';
import { personName, queueLabel, stepLabel } from '../review.js';
import type { Attention } from '../review-types.js';
import { BlocksBehind } from './trend.js';

export const AttentionContext = createContext<Loaded<Attention> | undefined>(undefined);

/** The shell's one request for the attention answer: again on each change of campaign, district or view. */
export const useAttention = (campaignId: string | undefined, district: string | undefined, view: string | undefined): Loaded<Attention> | undefined => {
  const { api } = useSignedIn();
  const loaded = useLoad(campaignId === undefined ? undefined : () => api.attention({ campaignId, district }), [campaignId, district, view]);
  return campaignId === undefined ? undefined : loaded;
};

/** One item of a group: where it leads, what the link says, the details beside it (joined by ·) and a note after. */
interface Entry {
  readonly key: string;
  readonly href: string;
  readonly label: string;
  readonly details: readonly (string | undefined)[];
  readonly note?: ComponentChildren;
}

function Group({ id, title, count, entries }: { id: string; title: string; count: number; entries: readonly Entry[] }) {
  return (
    <section class="attention-group" data-attention={id} aria-labelledby={`attention-${id}`}>
      <h4 id={`attention-${id}`}>
        {title}{' '}
        <span class={`badge ${count > 0 ? 'badge-bad' : 'badge-ok'}`} data-field="count">
          {formatNumber(count)}
        </span>
      </h4>
      <ul>
        {entries.map((entry) => (
          <li data-item={entry.key}>
            <a href={entry.href}>{entry.label}</a>
            <span class="small">{entry.details.filter((part) => part !== undefined).join(' · ')}</span> {entry.note}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AttentionPanel() {
  const { t, language } = useI18n();
  const attention = useContext(AttentionContext);
  if (attention === undefined) return null;
  if (attention.data === undefined) return attention.error === undefined ? <Loading /> : <ErrorNotice error={attention.error} onRetry={attention.reload} />;
  const data = attention.data;
  const failed = data.failedExecutions.items.map(
    (item): Entry => ({
      key: item.name,
      href: href(['executions', item.workflow, item.name]),
      label: item.person ?? item.registrationId ?? item.name,
      details: [item.block, item.step === undefined ? undefined : stepLabel(t, item.step), formatDateTime(item.failedAt, language)],
      note: <span data-error={item.error}>{labelFor(t, 'errorName', item.error)}</span>,
    }),
  );
  const overdue = data.overdue.byHolder.map(
    (holder): Entry => ({
      key: holder.queue,
      href: href(['stuck'], { holder: holder.queue }),
      label: holder.name ?? queueLabel(t, holder.queue),
      details: [holder.office, holder.mobileMasked],
      note: t('overdueHeld', { count: formatNumber(holder.count), days: formatNumber(holder.oldestDays) }),
    }),
  );
  const anomalies = data.anomalies.items.map(
    (item): Entry => ({
      key: item.anomalyId,
      href: href(['anomalies', item.anomalyId]),
      label: labelFor(t, 'anomalyKind', item.kind),
      // The masked mobile or the operator, the latest person behind it by name, and the count against the norm.
      details: [
        item.subject,
        item.lastPerson === undefined ? undefined : t('anomalyLatest', { name: personName(item.lastPerson, language) }),
        item.operator === undefined || item.operator === item.subject ? undefined : t('operatorIs', { name: item.operator }),
        t('anomalyMembers', { members: formatNumber(item.members), norm: formatNumber(item.norm) }),
      ],
    }),
  );
  const refused = data.refusedImports.items.map(
    (item): Entry => ({
      key: item.importId,
      href: href(['imports', item.importId]),
      label: item.fileName,
      details: [formatDateTime(item.refusedAt, language)],
      note: <span data-code={item.code}>{labelFor(t, 'refusal', item.code)}</span>,
    }),
  );
  return (
    <section class="card attention" aria-labelledby="attention-title">
      <h3 id="attention-title">{t('attentionTitle')}</h3>
      <div class="attention-groups">
        <Group id="failed" title={t('attentionFailed')} count={data.failedExecutions.count} entries={failed} />
        <Group id="overdue" title={t('attentionOverdue')} count={data.overdue.count} entries={overdue} />
        <Group id="anomalies" title={t('attentionAnomalies')} count={data.anomalies.open} entries={anomalies} />
        <Group id="refused" title={t('attentionRefused')} count={data.refusedImports.count} entries={refused} />
      </div>
      {data.blocksBehind.length === 0 ? null : (
        <section class="attention-group" data-attention="blocks" aria-labelledby="attention-blocks">
          <h4 id="attention-blocks">{t('blocksBehindTitle')}</h4>
          <BlocksBehind blocks={data.blocksBehind} />
        </section>
      )}
    </section>
  );
}
