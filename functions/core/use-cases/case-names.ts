// Names behind the admin lists (core/names.ts has the rules): a page's registrations, their roster people and the
// holders of the queues they wait in, each read in one batch per page, never one read per row.
import type { Caller } from '../identity.js';
import { currentStepOf, holderOf, personFor, type Holder, type NamedPerson } from '../names.js';
import { registrationIdOfExecution } from '../parking.js';
import type { CaseFacts, CaseNames, PersonName } from '../../ports/case-names.js';
import type { ExecutionEntry } from '../../ports/executions.js';
import type { SetMember } from '../../ports/anomalies.js';
import type { Anomaly } from '../anomalies.js';
import type { CampaignProgress, DistrictProgress, PlaceProgress } from './campaigns.js';
import type { People } from '../../ports/people.js';

export interface CaseNamesDeps {
  readonly names: CaseNames;
}

interface Whose {
  readonly scheme: string;
  readonly personId: string;
}

/** The roster records of these people, keyed `<scheme>#<personId>`. */
export const rosterNames = async (deps: CaseNamesDeps, people: readonly Whose[]): Promise<Map<string, PersonName>> => {
  const found = new Map<string, PersonName>();
  const schemes = [...new Set(people.map((person) => person.scheme))];
  for (const scheme of schemes) {
    const ids = people.filter((person) => person.scheme === scheme).map((person) => person.personId);
    for (const [personId, record] of await deps.names.people(scheme, ids)) found.set(`${scheme}#${personId}`, record);
  }
  return found;
};

/** The person of a case as the caller may see them: the roster's name, or a declared dependent's own. */
export const namedPerson = (
  caller: Caller,
  facts: Pick<CaseFacts, 'scheme' | 'personId' | 'district' | 'declaredName'>,
  roster: ReadonlyMap<string, PersonName>,
): NamedPerson => {
  const record = roster.get(`${facts.scheme}#${facts.personId}`);
  return personFor(caller, facts.district, facts.personId, record ?? { name: facts.declaredName });
};

/**
 * Holders of these queues: the directory's entry, else (a DDO's queue) the office the roster gives the people
 * of that DDO code among `rosterPeople`.
 */
export const holdersOf = async (
  deps: CaseNamesDeps,
  queues: readonly string[],
  rosterPeople: Iterable<PersonName> = [],
): Promise<Map<string, Holder>> => {
  const unique = [...new Set(queues)];
  if (unique.length === 0) return new Map();
  const entries = await deps.names.approvers(unique);
  const offices = new Map<string, string>();
  for (const person of rosterPeople)
    if (person.ddoCode !== undefined && person.office !== undefined && !offices.has(`ddo:${person.ddoCode}`))
      offices.set(`ddo:${person.ddoCode}`, person.office);
  return new Map(unique.map((queue) => [queue, holderOf(queue, entries.get(queue), offices.get(queue))]));
};

/**
 * Executions of a ledger page with the registration behind each (a registration's execution: its first or a
 * resume, named after it): its id, person, block and the step it is at now. Two batch reads a page.
 */
export const withCases = <Entry extends Pick<ExecutionEntry, 'workflow' | 'name'>>(
  deps: CaseNamesDeps,
  caller: Caller,
  entries: readonly Entry[],
) =>
  nameEach(
    deps,
    caller,
    entries,
    (entry) => (entry.workflow === 'registration' ? registrationIdOfExecution(entry.name) : undefined),
    (_entry, { facts, person }) => {
      const step = currentStepOf(facts.status, facts.stoppedFrom);
      return {
        registrationId: facts.registrationId,
        person,
        ...(facts.block === undefined ? {} : { block: facts.block }),
        ...(step === undefined ? {} : { step }),
      };
    },
  );

/**
 * A progress view with each DDO row (the approvals heat-map's) naming its holder: the directory's entries in one
 * batch read, else the office the roster gave the DDO code's employees (kept with the eligible population).
 */
export const withDdoHolders = async (deps: CaseNamesDeps & { readonly people: Pick<People, 'eligible'> }, progress: CampaignProgress) => {
  const detailed = progress.districts.filter((district) => district.ddos !== undefined);
  const populations = await Promise.all(detailed.map((district) => deps.people.eligible(progress.campaign.scheme, district.name)));
  const offices = populations
    .flat()
    .filter((population) => progress.campaign.rosterTypes.includes(population.rosterType))
    .flatMap((population) => Object.entries(population.officeOfDdo ?? {}).map(([ddoCode, office]) => ({ personId: '', ddoCode, office })));
  const queues = detailed.flatMap((district) => (district.ddos ?? []).map((ddo) => `ddo:${ddo.name}`));
  const holders = await holdersOf(deps, queues, offices);
  return {
    ...progress,
    districts: progress.districts.map((district): Omit<DistrictProgress, 'ddos'> & { ddos?: (PlaceProgress & { holder: Holder })[] } => {
      const { ddos, ...rest } = district;
      if (ddos === undefined) return rest;
      return { ...rest, ddos: ddos.map((ddo) => ({ ...ddo, holder: holders.get(`ddo:${ddo.name}`) ?? { queue: `ddo:${ddo.name}` } })) };
    }),
  };
};

/** A registration's facts and its person, named as the caller may see them. */
interface NamedCase {
  readonly facts: CaseFacts;
  readonly person: NamedPerson;
}

/**
 * Items each with what `add` makes of the registration it names (`idOf`; none for an item naming none, or one
 * not found): the registrations and their people read in two batches for all the items.
 */
const nameEach = async <Item extends object, Added extends object>(
  deps: CaseNamesDeps,
  caller: Caller,
  items: readonly Item[],
  idOf: (item: Item) => string | undefined,
  add: (item: Item, found: NamedCase) => Added,
): Promise<(Item | (Item & Added))[]> => {
  const ids = items.flatMap((item) => idOf(item) ?? []);
  const facts = ids.length === 0 ? new Map<string, CaseFacts>() : await deps.names.registrations(ids);
  const roster = await rosterNames(deps, [...facts.values()]);
  return items.map((item) => {
    const id = idOf(item);
    const found = id === undefined ? undefined : facts.get(id);
    return found === undefined ? item : { ...item, ...add(item, { facts: found, person: namedPerson(caller, found, roster) }) };
  });
};

/** Anomalies of a list page, each naming the person of its latest registration and, for an operator's day, the operator. */
export const withAnomalyNames = async <Item extends Pick<Anomaly, 'kind' | 'subject' | 'lastRegistrationId'>>(
  deps: CaseNamesDeps,
  caller: Caller,
  page: { readonly items: readonly Item[]; readonly cursor?: string },
) => ({
  ...page,
  items: await nameEach(
    deps,
    caller,
    page.items.map((item) => ({ ...item, ...(item.kind === 'operator-volume' ? { operator: item.subject } : {}) })),
    (item) => item.lastRegistrationId,
    (_item, found) => ({ lastPerson: found.person }),
  ),
});

/** One anomaly's registrations, each with its person (by name, the member key kept), block, operator and camp. */
export const withMemberNames = async <Detail extends { readonly registrations: readonly SetMember[] }>(
  deps: CaseNamesDeps,
  caller: Caller,
  detail: Detail,
) => ({
  ...detail,
  registrations: await nameEach(
    deps,
    caller,
    detail.registrations,
    (member) => member.registrationId,
    (_member, { facts, person }) => ({
      person,
      ...(facts.block === undefined ? {} : { block: facts.block }),
      ...(facts.operatorId === undefined ? {} : { operator: facts.operatorId }),
      ...(facts.campId === undefined ? {} : { campId: facts.campId }),
    }),
  ),
});
