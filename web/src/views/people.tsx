// The people behind a count: whoever the overview, the gap ledger or the trend counted under one key, in one
// district or block (GET /v1/admin/campaigns/{id}/people), names masked as the viewer's role requires. A person's
// registration opens its timeline, one click further.
import { ErrorNotice, Loading } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useSignedIn } from '../hooks.js';
import { usePaged } from '../paged.js';
import { labelFor, useI18n, type Translate } from '../i18n/index.js';
import type { LabelKey } from '../i18n/en.js';
import { funnelKeys, peopleTargetFrom, personName, type PeopleTarget } from '../review.js';
import type { PersonRow } from '../review-types.js';
import { href } from '../router.js';

/** What a key counts, in words: a funnel figure, a gap reason, a status, or the cards of one day. */
export const keyLabel = (t: Translate, key: string): string => {
  const funnel = (Object.entries(funnelKeys) as [LabelKey, string][]).find(([, value]) => value === key);
  if (funnel !== undefined) return t(funnel[0]);
  const day = /^day:(\d{4}-\d{2}-\d{2}):cardsIssued$/.exec(key);
  if (day !== null) return t('cardsIssuedOn', { day: day[1] as string });
  const reason = labelFor(t, 'reason', key);
  return reason === key ? labelFor(t, 'registrationStatus', key) : reason;
};

/** `query`: the route's query, written on the list so that a reader knows which count it shows. */
function PeopleList({ target, query }: { target: PeopleTarget; query: string }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const list = usePaged((cursor) =>
    api.people(target.campaignId, {
      key: target.key,
      district: target.district,
      ...(target.block === undefined ? {} : { block: target.block }),
      ...(cursor === undefined ? {} : { cursor }),
      limit: 100,
    }),
  [],
  );
  const { items, loading, error, loadMore } = list;
  const total = list.last?.total;
  const columns: Column<PersonRow>[] = [
    {
      key: 'name',
      label: t('person'),
      render: (row) => (row.registrationId === undefined ? personName(row, language) : <a href={href(['executions', 'registration', row.registrationId])}>{personName(row, language)}</a>),
    },
    { key: 'block', label: t('block'), render: (row) => row.block },
    { key: 'village', label: t('village'), render: (row) => row.village ?? '—' },
    { key: 'status', label: t('status'), render: (row) => labelFor(t, 'registrationStatus', row.status) },
    { key: 'reason', label: t('reason'), render: (row) => (row.reason === undefined ? '—' : labelFor(t, 'reason', row.reason)) },
    { key: 'since', label: t('since'), render: (row) => (row.since === undefined ? '—' : formatDateTime(row.since, language)) },
  ];
  const caption = t('peopleOf', { what: keyLabel(t, target.key), place: target.block ?? target.district });
  return (
    <>
      <h2>{caption}</h2>
      {error === undefined ? null : <ErrorNotice error={error} />}
      <div class="list" aria-busy={loading ? 'true' : 'false'} data-total={total} data-query={query}>
        {items === undefined ? (
          error === undefined ? <Loading /> : null
        ) : (
          <>
            <p class="as-of" data-field="total">
              {t('peopleCount', { shown: formatNumber(items.length), total: formatNumber(total ?? items.length) })}
            </p>
            <DataTable caption={caption} columns={columns} rows={items} rowKey={(row) => row.personKey} empty={t('noPeople')} />
            {loadMore === undefined ? null : (
              <button type="button" class="button" disabled={loading} onClick={loadMore}>
                {loading ? t('loading') : t('loadMore')}
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}

export function PeopleView({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const target = peopleTargetFrom(query);
  return (
    <>
      <p>
        <a href={href(['overview'])}>← {t('navOverview')}</a>
      </p>
      {target === undefined ? <p class="notice">{t('noPeopleChosen')}</p> : <PeopleList key={query.toString()} target={target} query={query.toString()} />}
    </>
  );
}
