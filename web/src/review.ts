// What the morning review works out from the API's answers, kept apart from rendering: the progress key behind
// each count the overview shows (what the people route is asked for), the link to those people, who may set a
// target, and the tab counts from the attention answer.
import type { Me } from './api-types.js';
import { labelFor, type Language, type Translate } from './i18n/index.js';
import type { Attention, Holder, NamedPerson } from './review-types.js';
import { href } from './router.js';

/**
 * The funnel's figures the people route lists (GET .../people?key= takes the figure's own name). Eligible is the
 * roster's whole population, not a count of registrations: the route does not list it.
 */
export const funnelKeys = {
  eligible: undefined,
  started: 'started',
  mobileVerified: 'mobileVerified',
  ekycDone: 'ekycDone',
  pendingApproval: 'pendingApproval',
  issued: 'issued',
} as const;
/** Cards issued on one Indian day. */
export const dayKey = (day: string): string => `day:${day}:cardsIssued`;

export interface PeopleTarget {
  readonly campaignId: string;
  /** The people route lists one district's people (a state admin picks the district first). */
  readonly district: string;
  readonly block?: string | undefined;
  readonly key: string;
}

/** The people route behind a count: `#/people?campaignId=…&district=…&block=…&key=…`. */
export const peopleHref = (target: PeopleTarget): string =>
  href(['people'], { campaignId: target.campaignId, district: target.district, block: target.block, key: target.key });

export const peopleTargetFrom = (query: URLSearchParams): PeopleTarget | undefined => {
  const campaignId = query.get('campaignId') ?? '';
  const key = query.get('key') ?? '';
  const district = query.get('district') ?? '';
  if (campaignId === '' || key === '' || district === '') return undefined;
  const block = query.get('block') ?? '';
  return { campaignId, key, district, ...(block === '' ? {} : { block }) };
};

/** A state admin sets any district's target; a district admin their own district's. */
export const maySetTarget = (me: Pick<Me, 'roles' | 'districts'>, district: string | undefined): boolean =>
  district !== undefined && (me.roles.includes('state-admin') || (me.roles.includes('district-admin') && me.districts.includes(district)));

/** The count each tab carries: what waits there for someone to act. */
export const tabCounts = (attention: Attention): Readonly<Record<string, number>> => ({
  executions: attention.failedExecutions.count,
  stuck: attention.overdue.count,
  anomalies: attention.anomalies.open,
  imports: attention.refusedImports.count,
});

/** Whole days from one Indian day to another (YYYY-MM-DD). */
export const daysFrom = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** A person as a list names them: in Hindi the roster's Hindi name where it has one; a dash when nobody is named. */
export const personName = (person: NamedPerson | undefined, language: Language): string =>
  (language === 'hi' ? (person?.nameLocal ?? person?.name) : person?.name) ?? '—';

const rates = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 1 });
/** Cards a day, to one decimal (0.4, 12, 1,250.5): a rate, not a count of people. */
export const formatRate = (value: number): string => rates.format(value);

/**
 * An approver's queue when the directory has no name for it: a DDO by their code, an admin or verifier queue by
 * its role and district (`district-admin:Lucknow`), the applicant as such.
 */
export const queueLabel = (t: Translate, queue: string): string => {
  const [kind = '', place] = queue.split(':', 2);
  if (kind === 'ddo') return place ?? queue;
  if (kind === 'applicant') return t('queueApplicant');
  const role = labelFor(t, 'role', kind);
  return place === undefined || place === 'all' ? role : `${role}, ${place}`;
};

/** A registration's step in words: a waiting step's label, else the workflow state's (`IssueCard`), else as sent. */
export const stepLabel = (t: Translate, step: string): string => {
  const waiting = labelFor(t, 'step', step);
  return waiting !== step ? waiting : labelFor(t, 'state', step);
};

/** A DDO row by who holds the queue (name, office, masked mobile, as the directory or roster gives them), then the code. */
export const holderLabel = (code: string, holder: Omit<Holder, 'queue'> | undefined): string => {
  const who = [holder?.name, holder?.office, holder?.mobileMasked].filter((part) => part !== undefined);
  return who.length === 0 ? code : `${who.join(' · ')} (${code})`;
};
