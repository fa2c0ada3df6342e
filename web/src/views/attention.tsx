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
import { queueLabel, stepLabel } from '../review.js';
import type { Attention } from '../review-types.js';
import { BlocksBehind } from './trend.js';

export const AttentionContext = createContext<Loaded<Attention> | undefined>(undefined);

/** The shell's one request for the attention answer: again on each change of campaign, district or view. */
export const useAttention = (campaignId: string | undefined, district: string | undefined, view: string | undefined): Loaded<Attention> | undefined => {
  const { api } = useSignedIn();
  const loaded = useLoad(campaignId === undefined ? undefined : () => api.attention({ campaignId, district }), [campaignId, district, view]);
  return campaignId === undefined ? undefined : loaded;
};

function Group({ id, title, count, children }: { id: string; title: string; count: number; children: ComponentChildren }) {
  return (
    <section class="attention-group" data-attention={id} aria-labelledby={`attention-${id}`}>
      <h4 id={`attention-${id}`}>
        {title} <span class={`badge ${count > 0 ? 'badge-bad' : 'badge-ok'}`} data-field="count">{formatNumber(count)}</span>
      </h4>
      {children}
    </section>
  );
}

export function AttentionPanel() {
  const { t, language } = useI18n();
  const attention = useContext(AttentionContext);
  if (attention === undefined) return null;
  if (attention.data === undefined) return attention.error === undefined ? <Loading /> : <ErrorNotice error={attention.error} onRetry={attention.reload} />;
  const data = attention.data;
  return (
    <section class="card attention" aria-labelledby="attention-title">
      <h3 id="attention-title">{t('attentionTitle')}</h3>
      <div class="attention-groups">
        <Group id="failed" title={t('attentionFailed')} count={data.failedExecutions.count}>
          <ul>
            {data.failedExecutions.items.map((item) => (
              <li data-item={item.name}>
                <a href={href(['executions', item.workflow, item.name])}>{item.person ?? item.registrationId ?? item.name}</a>
                <span class="small">
                  {[item.block, item.step === undefined ? undefined : stepLabel(t, item.step), formatDateTime(item.failedAt, language)].filter((part) => part !== undefined).join(' · ')}
                </span>{' '}
                <span data-error={item.error}>{labelFor(t, 'errorName', item.error)}</span>
              </li>
            ))}
          </ul>
        </Group>
        <Group id="overdue" title={t('attentionOverdue')} count={data.overdue.count}>
          <ul>
            {data.overdue.byHolder.map((holder) => (
              <li data-item={holder.queue}>
                <a href={href(['stuck'], { holder: holder.queue })}>{holder.name ?? queueLabel(t, holder.queue)}</a>
                <span class="small">{[holder.office, holder.mobileMasked].filter((part) => part !== undefined).join(' · ')}</span>{' '}
                {t('overdueHeld', { count: formatNumber(holder.count), days: formatNumber(holder.oldestDays) })}
              </li>
            ))}
          </ul>
        </Group>
        <Group id="anomalies" title={t('attentionAnomalies')} count={data.anomalies.open}>
          <ul>
            {data.anomalies.items.map((item) => (
              <li data-item={item.anomalyId}>
                <a href={href(['anomalies', item.anomalyId])}>{labelFor(t, 'anomalyKind', item.kind)}</a>
                <span class="small">
                  {item.subject} · {t('anomalyMembers', { members: formatNumber(item.members), norm: formatNumber(item.norm) })}
                </span>
              </li>
            ))}
          </ul>
        </Group>
        <Group id="refused" title={t('attentionRefused')} count={data.refusedImports.count}>
          <ul>
            {data.refusedImports.items.map((item) => (
              <li data-item={item.importId}>
                <a href={href(['imports', item.importId])}>{item.fileName}</a>
                <span class="small">{formatDateTime(item.refusedAt, language)}</span> <span data-code={item.code}>{labelFor(t, 'refusal', item.code)}</span>
              </li>
            ))}
          </ul>
        </Group>
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
