// The camps calendar of a district (and block): a month's camps, day by day, each with its counts
// (GET /v1/admin/camps?campaignId=&district=&block=&from=&to=); and one camp (GET /v1/admin/camps/{campId}): where
// and when, its outcome as bars on one axis, who was turned away and who is blocked and why, its target list with
// check-in and turned away at the camp (POST /v1/camps/{campId}/check-ins), the follow-up list, CSV and PDF.
import { useState } from 'preact/hooks';
import type { Campaign } from '../api-types.js';
import { Bar } from '../components/bars.js';
import { Choice, Facts, type FactItem } from '../components/fact.js';
import { ErrorNotice, Loading, Show } from '../components/feedback.js';
import { DataTable, type Column } from '../components/table.js';
import { biggestFirst } from '../derived.js';
import { campsByDay, formatDay, formatMonth, indianToday, monthOf, monthRange, outcomeAxis, shiftMonth } from '../field.js';
import {
  campCountKeys,
  outcomeFigures,
  targetStates,
  turnedAwayReasons,
  type Camp,
  type CampDetail,
  type CampListItem,
  type CampTarget,
  type TargetState,
  type TurnedAwayReason,
} from '../field-types.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useLoad, useSignedIn } from '../hooks.js';
import { labelFor, useI18n } from '../i18n/index.js';
import { usePaged } from '../paged.js';
import { personName } from '../review.js';
import { href, navigate } from '../router.js';
import { CampaignView, type CampaignViewProps } from './campaign-view.js';

const dates = (camp: Camp) => (camp.startsOn === camp.endsOn ? camp.startsOn : `${camp.startsOn} – ${camp.endsOn}`);
const placeOf = (camp: Camp) => [camp.block, camp.village, camp.ward].filter((part) => part !== undefined && part !== '').join(' · ');

function CampStatusBadge({ status }: { status: Camp['status'] }) {
  const { t } = useI18n();
  const tone = status === 'OPEN' ? 'ok' : status === 'PLANNED' ? 'info' : 'warn';
  return (
    <span class={`badge badge-${tone}`} data-status={status}>
      {labelFor(t, 'campStatus', status)}
    </span>
  );
}

function CampCard({ camp }: { camp: CampListItem }) {
  const { t } = useI18n();
  return (
    <li class="camp-card" data-camp={camp.campId}>
      <p class="camp-card-title">
        <a href={href(['camps', camp.campId])}>{camp.name}</a> <CampStatusBadge status={camp.status} />
      </p>
      <p class="small">
        {labelFor(t, 'placeKind', camp.placeKind)} · {placeOf(camp)} · {t('campHours', { opens: camp.opensAt, closes: camp.closesAt })}
        {camp.startsOn === camp.endsOn ? null : ` · ${dates(camp)}`}
      </p>
      <dl class="camp-counts">
        {campCountKeys.map((key) => (
          <div>
            <dt>{t(`campCount_${key}`)}</dt>
            <dd data-field={key}>{formatNumber(camp.counts[key])}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function Calendar({ campaign, district, blocks, query }: { campaign: Campaign; district: string; blocks: readonly string[]; query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const month = /^\d{4}-\d{2}$/.test(query.get('month') ?? '') ? (query.get('month') as string) : monthOf(indianToday());
  const block = blocks.includes(query.get('block') ?? '') ? (query.get('block') as string) : undefined;
  const { from, to } = monthRange(month);
  const go = (next: { month?: string; block?: string | undefined }) =>
    navigate(href(['camps'], { month: next.month ?? month, block: 'block' in next ? next.block : block }));
  const list = usePaged(
    (cursor) => api.camps({ campaignId: campaign.campaignId, district, ...(block === undefined ? {} : { block }), from, to, ...(cursor === undefined ? {} : { cursor }) }),
    [campaign.campaignId, district, block, from],
  );
  const days = list.items === undefined ? [] : campsByDay(list.items, from);
  return (
    <section class="card camps-calendar" aria-labelledby="camps-month">
      <div class="month-bar">
        <button type="button" class="button button-small" data-month="previous" onClick={() => go({ month: shiftMonth(month, -1) })}>
          ← {t('previousMonth')}
        </button>
        <h3 id="camps-month" data-month={month}>
          {formatMonth(month, language)}
        </h3>
        <button type="button" class="button button-small" data-month="next" onClick={() => go({ month: shiftMonth(month, 1) })}>
          {t('nextMonth')} →
        </button>
      </div>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <Choice
          name="block"
          label={t('block')}
          value={block ?? ''}
          options={[{ value: '', words: t('allBlocks') }, ...blocks.map((option) => ({ value: option, words: option }))]}
          onChoose={(value) => go({ block: value || undefined })}
        />
      </form>
      {list.error === undefined ? null : <ErrorNotice error={list.error} onRetry={list.retry} />}
      <div class="list" aria-busy={list.loading ? 'true' : 'false'} data-camps={list.items?.length}>
        {list.items === undefined ? (
          list.error === undefined ? <Loading /> : null
        ) : days.length === 0 ? (
          <p class="notice">{t('noCamps')}</p>
        ) : (
          days.map(([day, camps]) => (
            <section class="camp-day" data-day={day} aria-labelledby={`day-${day}`}>
              <h4 id={`day-${day}`}>{formatDay(day, language)}</h4>
              <ul class="camp-cards">
                {camps.map((camp) => (
                  <CampCard camp={camp} />
                ))}
              </ul>
            </section>
          ))
        )}
        {list.loadMore === undefined ? null : (
          <button type="button" class="button" disabled={list.loading} onClick={list.loadMore}>
            {list.loading ? t('loading') : t('loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}

export function CampsView(props: CampaignViewProps & { query: URLSearchParams }) {
  const { t } = useI18n();
  return (
    <CampaignView {...props} title={t('campsTitle')} intro={t('campsIntro')} districtRequired={true}>
      {(progress, { campaign, district }) =>
        district === undefined ? null : (
          <Calendar
            key={`${campaign.campaignId}/${district}`}
            campaign={campaign}
            district={district}
            blocks={(progress.districts[0]?.blocks ?? []).map((block) => block.name)}
            query={props.query}
          />
        )
      }
    </CampaignView>
  );
}

// ---- One camp ---------------------------------------------------------------------------------------------------

function CampFacts({ camp }: { camp: CampDetail }) {
  const { t } = useI18n();
  const catchment = Object.entries(camp.catchment).filter((entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0);
  const officer = [camp.nodalOfficer.name, camp.nodalOfficer.mobileMasked].filter((part) => part !== undefined);
  return (
    <Facts
      items={[
        ['placeKind', t('campPlace'), labelFor(t, 'placeKind', camp.placeKind)],
        ['address', t('campAddress'), camp.address],
        ['place', t('block'), placeOf(camp)],
        ['dates', t('campDates'), dates(camp)],
        ['hours', t('campHoursLabel'), t('campHours', { opens: camp.opensAt, closes: camp.closesAt })],
        ['nodalOfficer', t('nodalOfficer'), officer.join(' · ')],
        ['operators', t('campOperators'), formatNumber(camp.operators.length)],
        ...catchment.map(([kind, values]): FactItem => [`catchment-${kind}`, labelFor(t, 'catchment', kind), values.join(', ')]),
      ]}
    />
  );
}

/** Bars of one list of figures, all on the camp's one axis. */
function FigureBars({ id, title, items, axis }: { id: string; title: string; items: readonly { key: string; label: string; value: number }[]; axis: number }) {
  const { t } = useI18n();
  return (
    <section class="bars" aria-labelledby={id} data-axis={axis}>
      <h3 id={id}>{title}</h3>
      {items.length === 0 ? (
        <p class="small">{t('nobody')}</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li data-bar={item.key}>
              <span class="bar-label">{item.label}</span>
              <Bar value={item.value} total={axis} />
              <span class="bar-figures" data-field="count">
                {formatNumber(item.value)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Outcome({ camp }: { camp: CampDetail }) {
  const { t, language } = useI18n();
  const { outcome } = camp;
  const axis = outcomeAxis(outcome);
  return (
    <section class="card camp-outcome" aria-labelledby="camp-outcome">
      <h3 id="camp-outcome">{t('campOutcome')}</h3>
      <p class="as-of">{outcome.asOf === null ? t('asOfNothingCounted') : t('asOf', { time: formatDateTime(outcome.asOf, language) })}</p>
      <p class="small">{t('barsOfCamp', { count: formatNumber(axis) })}</p>
      <div class="columns columns-3">
        <FigureBars id="outcome-figures" title={t('campFigures')} axis={axis} items={outcomeFigures.map((key) => ({ key, label: t(`campFigure_${key}`), value: outcome[key] }))} />
        <FigureBars
          id="turned-away"
          title={t('turnedAwayTitle', { count: formatNumber(outcome.turnedAway.total) })}
          axis={axis}
          items={biggestFirst(outcome.turnedAway.byReason).map(([key, value]) => ({ key, label: labelFor(t, 'turnedAway', key), value }))}
        />
        <FigureBars
          id="camp-blocked"
          title={t('campBlockedTitle', { count: formatNumber(outcome.blocked.total) })}
          axis={axis}
          items={biggestFirst(outcome.blocked.byReason).map(([key, value]) => ({ key, label: labelFor(t, 'reason', key), value }))}
        />
      </div>
      <FileLinks campId={camp.campId} />
    </section>
  );
}

/** Saves a file the API answered with, under a name a person recognises. */
const save = (answer: { url: string } | { blob: Blob }, name: string) => {
  const link = document.createElement('a');
  link.href = 'url' in answer ? answer.url : URL.createObjectURL(answer.blob);
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  if ('blob' in answer) setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
};

function FileLinks({ campId }: { campId: string }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const files = [
    { key: 'csv', label: t('reportCsv'), get: () => api.campOutcomeFile(campId, 'csv'), name: `camp-${campId}.csv` },
    { key: 'pdf', label: t('reportPdf'), get: () => api.campOutcomeFile(campId, 'pdf'), name: `camp-${campId}.pdf` },
    { key: 'follow-up', label: t('followUpCsv'), get: () => api.campFollowUpFile(campId), name: `camp-${campId}-follow-up.csv` },
  ];
  const fetchFile = async (file: (typeof files)[number]) => {
    setBusy(file.key);
    setError(undefined);
    try {
      save(await file.get(), file.name);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <p class="links">
        {files.map((file) => (
          <button type="button" class="button" data-file={file.key} disabled={busy !== undefined} onClick={() => void fetchFile(file)}>
            {busy === file.key ? t('loading') : file.label}
          </button>
        ))}
      </p>
      {error === undefined ? null : <ErrorNotice error={error} />}
    </>
  );
}

/** Where a person of the target list stands at the camp. */
const stateOf = (target: CampTarget): Exclude<TargetState, 'all' | 'not-come'> =>
  target.turnedAway !== undefined
    ? 'turned-away'
    : target.checkedInAt !== undefined || target.registrationId !== undefined
      ? 'came'
      : target.invitedAt !== undefined
        ? 'invited'
        : 'not-invited';

function TurnAwayForm({ onTurnAway, onCancel, busy }: { onTurnAway: (reason: TurnedAwayReason, note: string) => void; onCancel: () => void; busy: boolean }) {
  const { t } = useI18n();
  const [reason, setReason] = useState<TurnedAwayReason | ''>('');
  const [note, setNote] = useState('');
  return (
    <form
      class="turn-away-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason !== '') onTurnAway(reason, note.trim());
      }}
    >
      <Choice
        name="reasonCode"
        label={t('turnAwayReason')}
        required={true}
        value={reason}
        options={[{ value: '', words: t('chooseReason') }, ...turnedAwayReasons.map((code) => ({ value: code, words: labelFor(t, 'turnedAway', code) }))]}
        onChoose={setReason}
      />
      <label>
        <span>{t('noteOptional')}</span>
        <input name="note" maxLength={200} value={note} onInput={(event) => setNote((event.target as HTMLInputElement).value)} />
      </label>
      <p class="actions">
        <button type="submit" class="button button-danger" disabled={busy || reason === ''}>
          {t('confirmTurnAway')}
        </button>
        <button type="button" class="button button-quiet" onClick={onCancel}>
          {t('cancel')}
        </button>
      </p>
    </form>
  );
}

function TargetList({
  camp,
  state,
  onState,
  onChanged,
  id,
  title,
  withActions,
  version,
  search,
}: {
  camp: Pick<Camp, 'campId' | 'status'>;
  state: TargetState;
  onState?: (state: TargetState) => void;
  onChanged: () => void;
  id: string;
  title: string;
  withActions: boolean;
  /** Goes up when someone was checked in or turned away: every list of the camp reads again. */
  version: number;
  /** At the desk: the camp's queue searched by this (a name, a ration card, an employee id), not its list by state. */
  search?: string;
}) {
  const { api } = useSignedIn();
  const { t, language } = useI18n();
  const nameOf = (row: CampTarget) => personName(row, language);
  const list = usePaged(
    (cursor) => {
      const page = { limit: 100, ...(cursor === undefined ? {} : { cursor }) };
      return search === undefined ? api.campTargets(camp.campId, { state, ...page }) : api.campQueue(camp.campId, { q: search, ...page });
    },
    [camp.campId, state, version, search],
  );
  const [busy, setBusy] = useState<string | undefined>();
  const [turningAway, setTurningAway] = useState<string | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const act = async (target: CampTarget, action: () => Promise<unknown>, message: string) => {
    setBusy(target.personKey);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
      setDone(message);
      setTurningAway(undefined);
      onChanged();
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(undefined);
    }
  };
  // A camp that has closed takes no more check-ins (the API says so too): no buttons then.
  const actionable = withActions && camp.status !== 'CLOSED';
  const columns: Column<CampTarget>[] = [
    { key: 'name', label: t('person'), render: (row) =>
        row.registrationId === undefined ? nameOf(row) : <a href={href(['executions', 'registration', row.registrationId])}>{nameOf(row)}</a>, },
    ...(actionable
      ? [
          {
            key: 'action',
            label: t('atTheCamp'),
            render: (row: CampTarget) => {
              const current = stateOf(row);
              if (current === 'came' || current === 'turned-away') return '—';
              if (turningAway === row.personKey)
                return (
                  <TurnAwayForm
                    busy={busy !== undefined}
                    onCancel={() => setTurningAway(undefined)}
                    onTurnAway={(reasonCode, note) =>
                      void act(row, () => api.turnAway(camp.campId, row.personKey, { reasonCode, ...(note === '' ? {} : { note }) }), t('turnedAwayDone', { name: nameOf(row) }))
                    }
                  />
                );
              const actions = [
                {
                  key: 'check-in',
                  label: busy === row.personKey ? t('loading') : t('checkIn'),
                  name: t('checkInOf', { name: nameOf(row) }),
                  tone: ' button-primary',
                  run: () => void act(row, () => api.checkIn(camp.campId, row.personKey), t('checkedInDone', { name: nameOf(row) })),
                },
                { key: 'turn-away', label: t('turnAway'), name: t('turnAwayOf', { name: nameOf(row) }), tone: '', run: () => setTurningAway(row.personKey) },
              ];
              return (
                <span class="actions">
                  {actions.map((action) => (
                    <button type="button" class={`button button-small${action.tone}`} data-action={action.key} aria-label={action.name} disabled={busy !== undefined} onClick={action.run}>
                      {action.label}
                    </button>
                  ))}
                </span>
              );
            },
          },
        ]
      : []),
    {
      key: 'state',
      label: t('campState'),
      render: (row) => {
        const current = stateOf(row);
        const when = current === 'came' ? row.checkedInAt : current === 'invited' ? row.invitedAt : undefined;
        return (
          <span data-state={current}>
            {labelFor(t, 'targetState', current)}
            {current === 'turned-away' && row.turnedAway !== undefined ? `: ${labelFor(t, 'turnedAway', row.turnedAway.reasonCode)}` : ''}
            {when === undefined ? '' : ` · ${formatDateTime(when, language)}`}
          </span>
        );
      },
    },
    { key: 'block', label: t('block'), render: (row) => row.block },
    { key: 'village', label: t('village'), render: (row) => row.village ?? '—' },
    { key: 'reason', label: t('reason'), render: (row) => labelFor(t, 'reason', row.reason) },
  ];
  const total = list.last?.total;
  return (
    <section class="card" aria-labelledby={id} data-targets={state}>
      <h3 id={id}>{title}</h3>
      {onState === undefined ? null : (
        <form class="filters" onSubmit={(event) => event.preventDefault()}>
          <Choice
            name="state"
            label={t('campState')}
            value={state}
            options={targetStates}
            words={(option) => labelFor(t, 'targetState', option)}
            onChoose={(value) => onState(value === '' ? 'all' : value)}
          />
        </form>
      )}
      {done === undefined ? null : (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      {error === undefined ? null : <ErrorNotice error={error} />}
      {list.error === undefined ? null : <ErrorNotice error={list.error} onRetry={list.retry} />}
      <div class="list" aria-busy={list.loading ? 'true' : 'false'} data-total={total} data-state={state}>
        {list.items === undefined ? (
          list.error === undefined ? <Loading /> : null
        ) : (
          <>
            <p class="as-of" data-field="total">
              {t('peopleCount', { shown: formatNumber(list.items.length), total: formatNumber(total ?? list.items.length) })}
            </p>
            <DataTable caption={title} columns={columns} rows={list.items} rowKey={(row) => row.personKey} empty={t('noPeople')} />
            {list.loadMore === undefined ? null : (
              <button type="button" class="button" disabled={list.loading} onClick={list.loadMore}>
                {list.loading ? t('loading') : t('loadMore')}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}

export function CampView({ campId, query }: { campId: string; query: URLSearchParams }) {
  const { api } = useSignedIn();
  const { t } = useI18n();
  const camp = useLoad(() => api.camp(campId), [campId]);
  const [version, setVersion] = useState(0);
  const changed = () => {
    setVersion((value) => value + 1);
    camp.reload();
  };
  const state = (targetStates as readonly string[]).includes(query.get('state') ?? '') ? (query.get('state') as TargetState) : 'all';
  return (
    <>
      <p>
        <a href={href(['camps'])}>← {t('backToCamps')}</a>
      </p>
      <Show loaded={camp}>
        {(data) => (
          <>
            <h2>
              {data.name} <CampStatusBadge status={data.status} />
            </h2>
            <section class="card" aria-labelledby="camp-details">
              <h3 id="camp-details">{t('campDetails')}</h3>
              <CampFacts camp={data} />
            </section>
            <Outcome camp={data} />
            <TargetList
              id="camp-targets"
              title={t('campTargets')}
              camp={data}
              state={state}
              onState={(next) => navigate(href(['camps', campId], { state: next === 'all' ? undefined : next }))}
              onChanged={changed}
              withActions={true}
              version={version}
            />
            <TargetList id="camp-follow-up" title={t('followUpTitle')} camp={data} state="not-come" onChanged={changed} withActions={false} version={version} />
          </>
        )}
      </Show>
    </>
  );
}

/**
 * The desk of a camp, for its operator: the camp's list searched by name, ration card or employee id (GET
 * /v1/camps/{campId}/queue), each person checked in or turned away with a reason. An operator reads no admin route:
 * the camp's own page is the admins'.
 */
export function CampDesk({ campId }: { campId: string | undefined }) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [version, setVersion] = useState(0);
  return (
    <>
      <h2>{t('campDeskTitle')}</h2>
      <p class="intro">{t('campDeskIntro')}</p>
      {campId === undefined ? (
        <p class="notice">{t('campDeskNoCamp')}</p>
      ) : (
        <>
          <form
            class="filters"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              setSearch(typed.trim());
            }}
          >
            <label>
              <span>{t('campDeskSearch')}</span>
              <input name="q" type="search" maxLength={80} value={typed} onInput={(event) => setTyped((event.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="button">
              {t('search')}
            </button>
          </form>
          <TargetList
            id="camp-desk"
            title={t('campTargets')}
            camp={{ campId, status: 'OPEN' }}
            state="all"
            onChanged={() => setVersion((value) => value + 1)}
            withActions={true}
            version={version}
            search={search}
          />
        </>
      )}
    </>
  );
}
