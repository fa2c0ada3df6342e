// Names, not codes, in the admin lists: who a case is (the roster's name, masked as the viewer's role requires),
// who holds an approval queue (the approver directory, else what the employee roster says of the DDO's office),
// and which step a case is at. Pure.
//
// Who sees a person's name whole in a list: a district admin of the person's district (they run the drive there:
// visits, calls, camps; the worklist CSV gives them the same names). Anyone else an admin list reaches — a state
// admin looking across districts — sees initials (`R*** K***`): enough to tell cases apart, no more than the
// oversight needs. Opening one case (GET /v1/registrations/{id}) shows what views.ts lets the role see, as before.
// A mobile number is never shown whole to anyone: an approver's as `******3210`, as the directory answers it.
import { maskMobile } from './anomalies.js';
import type { Caller } from './identity.js';
import { terminalStatuses, type RegistrationStatus } from './registration.js';
import { hasPassed, registrationSteps, type RegistrationStepName } from './steps.js';

/** Whether the caller sees the whole names of people of `district` in lists. */
export const seesFullNames = (caller: Caller, district: string | undefined): boolean =>
  district !== undefined && caller.roles.includes('district-admin') && caller.districts.includes(district);

const graphemes = new Intl.Segmenter('hi', { granularity: 'grapheme' });

/** Each word's first letter (a whole Devanagari syllable: `कु` of `कुमार`) and three stars. */
export const maskName = (name: string): string =>
  name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => `${graphemes.segment(word)[Symbol.iterator]().next().value?.segment ?? ''}***`)
    .join(' ');

export interface NamedPerson {
  /** The roster's key of the person (`emp:EMP-3006`), for machines. */
  readonly personKey: string;
  readonly name?: string;
  readonly nameLocal?: string;
}

/** A person as the caller may see them in a list. */
export const personFor = (
  caller: Caller,
  district: string | undefined,
  personKey: string,
  names: { readonly name?: string | undefined; readonly nameLocal?: string | undefined } | undefined,
): NamedPerson => {
  const whole = seesFullNames(caller, district);
  const shown = (name: string | undefined) => (name === undefined || name === '' ? undefined : whole ? name : maskName(name));
  const name = shown(names?.name);
  const nameLocal = shown(names?.nameLocal);
  return { personKey, ...(name === undefined ? {} : { name }), ...(nameLocal === undefined ? {} : { nameLocal }) };
};

/** Who holds an approval queue. */
export interface Holder {
  readonly queue: string;
  readonly name?: string;
  readonly office?: string;
  readonly mobileMasked?: string;
}

/**
 * The holder of a queue from its directory entry, or, for a DDO's queue with none, the office the employee
 * roster gives the DDO code's employees (the office the DDO draws for).
 */
export const holderOf = (
  queue: string,
  entry: { readonly name: string; readonly office?: string; readonly mobile: string } | undefined,
  rosterOffice?: string,
): Holder => {
  if (entry !== undefined)
    return {
      queue,
      name: entry.name,
      ...(entry.office === undefined ? {} : { office: entry.office }),
      mobileMasked: maskMobile(entry.mobile),
    };
  return { queue, ...(rosterOffice === undefined || !queue.startsWith('ddo:') ? {} : { office: rosterOffice }) };
};

/**
 * The step a registration is at: the first it has not passed; for one that ended, the step it ended in (a
 * rejection at approval, a locked code at the mobile step); a stopped one, the step it was stopped at; none for
 * one that expired (it may have been anywhere).
 */
export const currentStepOf = (status: RegistrationStatus, stoppedFrom?: RegistrationStatus): RegistrationStepName | undefined => {
  if (status === 'STOPPED') return stoppedFrom === undefined ? undefined : currentStepOf(stoppedFrom);
  if (status === 'EXPIRED') return undefined;
  const passed = registrationSteps.filter((step) => hasPassed(status, step.name));
  if (terminalStatuses.has(status)) return (passed.at(-1) ?? registrationSteps[0]).name;
  return registrationSteps.find((step) => !hasPassed(status, step.name))?.name;
};

/** Who a stuck case waits on, in words, by name where the name is known ("DDO DDO-LKO-0003: R. Singh, Treasury"). */
export const waitingOnNamed = (
  label: { readonly en: string; readonly hi: string },
  kind: 'applicant' | 'approver' | 'system',
  person: NamedPerson | undefined,
  holder: Holder | undefined,
): { en: string; hi: string } => {
  if (kind === 'applicant' && person?.name !== undefined)
    return { en: `${person.name}, the applicant`, hi: `${person.nameLocal ?? person.name}, आवेदक` };
  const who = [holder?.name, holder?.office].filter((part) => part !== undefined).join(', ');
  return who === '' ? { ...label } : { en: `${label.en}: ${who}`, hi: `${label.hi}: ${who}` };
};
