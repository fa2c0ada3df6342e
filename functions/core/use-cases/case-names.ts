// Names behind the admin lists (core/names.ts has the rules): a page's registrations, their roster people and the
// holders of the queues they wait in, each read in one batch per page, never one read per row.
import type { Caller } from '../identity.js';
import { currentStepOf, holderOf, personFor, type Holder, type NamedPerson } from '../names.js';
import { registrationIdOfExecution } from '../parking.js';
import type { CaseFacts, CaseNames, PersonName } from '../../ports/case-names.js';
import type { ExecutionEntry } from '../../ports/executions.js';

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
export const withCases = async <Entry extends Pick<ExecutionEntry, 'workflow' | 'name'>>(
  deps: CaseNamesDeps,
  caller: Caller,
  entries: readonly Entry[],
) => {
  const ids = entries.filter((entry) => entry.workflow === 'registration').map((entry) => registrationIdOfExecution(entry.name));
  const facts = ids.length === 0 ? new Map<string, CaseFacts>() : await deps.names.registrations(ids);
  const roster = await rosterNames(deps, [...facts.values()]);
  return entries.map((entry) => {
    const found = entry.workflow === 'registration' ? facts.get(registrationIdOfExecution(entry.name)) : undefined;
    if (found === undefined) return entry;
    const step = currentStepOf(found.status, found.stoppedFrom);
    return {
      ...entry,
      registrationId: found.registrationId,
      person: namedPerson(caller, found, roster),
      ...(found.block === undefined ? {} : { block: found.block }),
      ...(step === undefined ? {} : { step }),
    };
  });
};
