// Starting a registration: eligibility against the roster, idempotency by the caller's key, and the workflow
// execution (input: ids only). Adding a dependent starts a linked registration by the scheme's rules.
import { createHash } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  HealthcardError,
  NotFoundError,
  RateLimitedError,
  RefusedError,
  ValidationError,
} from '../errors.js';
import type { Caller } from '../identity.js';
import { lockedUntil, normalizeIndianMobile, otpGuardKeys } from '../otp.js';
import { personIdOf, type Gender, type Person, type RosterReference } from '../person.js';
import { terminalStatuses, type RegistrationStatus } from '../registration.js';
import { findScheme, type Scheme } from '../schemes.js';
import type { Registration } from '../../ports/registry.js';
import { mobileToken } from '../anomalies.js';
import { requireVisible } from './access.js';
import { requireInSegment } from './field-force.js';
import { observeRegistration } from './anomalies.js';
import { actorOf, type StartDeps } from './deps.js';

export interface StartRegistrationInput {
  readonly scheme: string;
  readonly mobile: string;
  readonly roster: RosterReference;
  readonly channel: 'portal' | 'camp' | 'csc' | 'self';
  readonly operatorId?: string;
  readonly campId?: string;
}

export interface Started {
  readonly registrationId: string;
  readonly status: RegistrationStatus;
  /** False when an earlier request with the same Idempotency-Key already started it. */
  readonly created: boolean;
}

/** What an Idempotency-Key's first request was: the same key with another body is a conflict, not a repeat. */
export const requestHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

const schemeOrRefuse = (id: string): Scheme => {
  const scheme = findScheme(id);
  if (scheme === undefined)
    throw new ValidationError({ code: 'UNKNOWN_SCHEME', message: `Unknown scheme ${id}.`, details: { scheme: id } });
  return scheme;
};

const mobileOrRefuse = (text: string): string => {
  const mobile = normalizeIndianMobile(text);
  if (mobile === undefined)
    throw new ValidationError({ code: 'INVALID_MOBILE', message: 'The mobile number must be a 10-digit Indian mobile number.' });
  return mobile;
};

/** A person on no roster, and one outside the caller's districts, get this same answer. */
const notOnRoster = () =>
  new RefusedError({
    code: 'NOT_ON_ROSTER',
    message: 'This person is not on the eligible list for the scheme. Check the roster reference, or contact the department.',
  });

const eligiblePerson = async (deps: StartDeps, scheme: Scheme, reference: RosterReference): Promise<Person> => {
  if (!scheme.rosterTypes.includes(reference.rosterType)) {
    throw new ValidationError({
      code: 'WRONG_ROSTER_TYPE',
      message: `Scheme ${scheme.id} registers people from ${scheme.rosterTypes.join(', ')} rosters.`,
    });
  }
  const person = await deps.people.getPerson(scheme.id, personIdOf(reference));
  if (person === undefined || !scheme.eligibleRosterStatuses.includes(person.status)) throw notOnRoster();
  return person;
};

/**
 * Run `create` at most once per (caller, key): a repeat with the same body returns the first result. The key is
 * claimed first (a conditional write): a new request reads nothing, and only a repeat reads what the first left.
 * `create` is told whether the id is new (nothing of it can exist yet) or a repeat's.
 */
const idempotently = async (
  deps: StartDeps,
  scope: string,
  key: string,
  body: unknown,
  create: (registrationId: string, fresh: boolean) => Promise<void>,
): Promise<{ registrationId: string; created: boolean }> => {
  const hash = requestHash(body);
  const registrationId = deps.newId();
  if (await deps.idempotency.claimIdempotent(scope, key, hash, registrationId)) {
    try {
      await create(registrationId, true);
    } catch (error) {
      // Refused (the person has a registration in progress, say): nothing else was written, so neither is the
      // claim. A failure worth retrying keeps it, and the retry finishes the work under the same id.
      if (error instanceof HealthcardError && error.httpStatus < 500) await deps.idempotency.releaseIdempotent(scope, key, registrationId);
      throw error;
    }
    return { registrationId, created: true };
  }
  const existing = await deps.idempotency.findIdempotent(scope, key);
  // Released between the claim and the read (the first was refused): claim again.
  if (existing === undefined) return idempotently(deps, scope, key, body, create);
  if (existing.requestHash !== hash) {
    throw new ConflictError({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This Idempotency-Key was used with a different request.' });
  }
  // The first attempt may have stopped anywhere after claiming the key (a crash, a timeout): between the claim and
  // the record, or between the record and its execution. `create` does what is missing of it, and only that.
  await create(existing.registrationId, false);
  return { registrationId: existing.registrationId, created: false };
};

interface Origin {
  readonly channel: string;
  readonly operatorId?: string;
  readonly campId?: string;
  readonly clientId: string;
}

/** A new registration for a roster person, started through `origin` (a primary's dependents inherit it). */
const newRegistration = (
  deps: StartDeps,
  registrationId: string,
  scheme: Scheme,
  person: Person,
  mobile: string,
  origin: Origin,
  extra: Partial<Pick<Registration, 'ddoCode' | 'primaryRegistrationId' | 'relation' | 'declared'>> = {},
): Registration => {
  const now = new Date(deps.clock.now()).toISOString();
  return {
    registrationId,
    scheme: scheme.id,
    personId: person.personId,
    rosterType: person.rosterType,
    district: person.district,
    ...(person.block === undefined ? {} : { block: person.block }),
    ...(person.village === undefined ? {} : { village: person.village }),
    ...(person.department === undefined ? {} : { department: person.department }),
    ...(person.ddoCode === undefined ? {} : { ddoCode: person.ddoCode }),
    ...(person.categories === undefined || extra.declared !== undefined ? {} : { categories: person.categories }),
    mobile,
    channel: origin.channel,
    ...(origin.operatorId === undefined ? {} : { operatorId: origin.operatorId }),
    ...(origin.campId === undefined ? {} : { campId: origin.campId }),
    clientId: origin.clientId,
    ...extra,
    // Roster people are counted in campaign progress; a declared dependent is on no roster.
    ...(extra.declared === undefined ? { progressKey: 'STARTED' } : {}),
    status: 'STARTED',
    createdAt: now,
    updatedAt: now,
  };
};

/**
 * A person or a mobile locked for wrong codes (or a passed resend limit) starts nothing until the lock ends:
 * 429 OTP_LOCKED with the time to wait. Which of the two is locked is not said: the caller learns no more than
 * "not this person with this mobile, not yet".
 */
const refuseWhileLocked = async (deps: StartDeps, registration: Registration, mobileTokenOfRegistration: string): Promise<void> => {
  const now = deps.clock.now();
  const guards = await deps.otpGuards.getOtpGuards([
    otpGuardKeys.person(registration.scheme, registration.personId),
    otpGuardKeys.mobile(mobileTokenOfRegistration),
  ]);
  const until = lockedUntil(guards, now);
  if (until === undefined) return;
  throw new RateLimitedError({
    code: 'OTP_LOCKED',
    message: `Too many wrong codes were entered, or too many codes asked for, for this person or this mobile number. Start again after ${new Date(until).toISOString()}, or visit a registration camp.`,
    details: { lockedUntil: new Date(until).toISOString() },
    retryAfterSeconds: Math.ceil((until - now) / 1000),
  });
};

/** `fresh`: the id was just made, so no record of it can exist (a repeat's may: it is looked for). */
const createAndStart = async (deps: StartDeps, registration: Registration, caller: Caller, fresh: boolean) => {
  if (fresh || (await deps.registry.getRegistration(registration.registrationId)) === undefined) {
    const { mobileHmacKey } = await deps.keys();
    await refuseWhileLocked(deps, registration, mobileToken(registration.mobile, mobileHmacKey));
    try {
      await deps.registry.createRegistration(registration, actorOf(caller));
    } catch (error) {
      // A concurrent repeat of the same request created it a moment ago: the same registration, carry on.
      if (!(error instanceof ConflictError && error.code === 'REGISTRATION_EXISTS')) throw error;
    }
  }
  // Listed for review if the mobile or the operator is past its norm; the registration goes on regardless.
  const { mobileHmacKey } = await deps.keys();
  await observeRegistration(deps, registration, mobileToken(registration.mobile, mobileHmacKey));
  await deps.starter.startRegistration(registration.registrationId, registration.scheme);
};

/**
 * Who may register whom, and which operator is recorded:
 * - an operator registers people of its own districts (the token's `districts`) and is recorded as itself (the
 *   token's subject); a body `operatorId` naming anyone else is refused (403);
 * - a portal registers people anywhere, unless its token carries `districts` (a district's camp app): then only
 *   there. The camp operator it names is recorded under the portal, `<portal subject>/<operatorId>`, so it can
 *   never pass for a staff operator (whose id is a token subject) nor for another portal's operator.
 * A person outside the caller's districts is answered as a person not on the roster: nobody learns whom another
 * district's roster holds.
 */
const originOf = (input: StartRegistrationInput, caller: Caller, person: Person): { operatorId?: string } => {
  if (caller.roles.includes('operator') || caller.roles.includes('field-worker')) {
    if (!caller.districts.includes(person.district)) throw notOnRoster();
    if (input.operatorId !== undefined && input.operatorId !== caller.subject) {
      throw new ForbiddenError({ message: 'An operator registers as themselves: leave operatorId out, or send your own.' });
    }
    return { operatorId: caller.subject };
  }
  if (caller.districts.length > 0 && !caller.districts.includes(person.district)) throw notOnRoster();
  return input.operatorId === undefined ? {} : { operatorId: `${caller.subject}/${input.operatorId}` };
};

/** Idempotency-Key's characters: what the API publishes (functions/api/openapi.ts) and the only ones it takes. */
export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,128}$/;

/** A missing key and a malformed one are told apart: a client that sends one with a bad character should hear so. */
const requireIdempotencyKey: (idempotencyKey: string | undefined, what: 'registration' | 'dependent') => asserts idempotencyKey is string =
  (idempotencyKey, what) => {
    if (idempotencyKey === undefined || idempotencyKey === '') {
      throw new ValidationError({
        code: 'IDEMPOTENCY_KEY_REQUIRED',
        message: `Send an Idempotency-Key header (8-128 letters, digits, - or _) with every new ${what}.`,
      });
    }
    if (!idempotencyKeyPattern.test(idempotencyKey)) {
      throw new ValidationError({
        code: 'IDEMPOTENCY_KEY_INVALID',
        message: `The Idempotency-Key header must be 8 to 128 characters, each a letter (A-Z, a-z), a digit, - or _; this one is ${idempotencyKey.length} characters${/[^A-Za-z0-9_-]/.test(idempotencyKey) ? ' with others among them' : ''}.`,
      });
    }
  };

export const startRegistration = async (
  deps: StartDeps,
  input: StartRegistrationInput,
  caller: Caller,
  idempotencyKey: string | undefined,
): Promise<Started> => {
  requireIdempotencyKey(idempotencyKey, 'registration');
  const scheme = schemeOrRefuse(input.scheme);
  const mobile = mobileOrRefuse(input.mobile);
  const person = await eligiblePerson(deps, scheme, input.roster);
  // A field worker (not also an operator) registers only the people of their segment.
  if (caller.roles.includes('field-worker') && !caller.roles.some((role) => role === 'operator' || role === 'portal'))
    await requireInSegment(deps, caller, person);
  const origin = { ...input, ...originOf(input, caller, person), clientId: caller.subject };
  const { registrationId, created } = await idempotently(deps, caller.subject, idempotencyKey, input, (id, fresh) =>
    createAndStart(deps, newRegistration(deps, id, scheme, person, mobile, origin), caller, fresh),
  );
  // Created by this request: STARTED, as it wrote it. A repeat answers the status the registration has reached.
  const current = created ? undefined : await deps.registry.getRegistration(registrationId);
  return { registrationId, status: current?.status ?? 'STARTED', created };
};

export type DependentInput =
  | {
      readonly kind: 'declared';
      readonly relation: string;
      readonly name: string;
      readonly nameLocal?: string;
      readonly yearOfBirth: number;
      readonly gender: Gender;
      readonly mobile?: string;
    }
  | { readonly kind: 'roster-member'; readonly memberId: string; readonly mobile?: string };

const ageIn = (yearOfBirth: number, now: number) => new Date(now).getUTCFullYear() - yearOfBirth;

export const addDependent = async (
  deps: StartDeps,
  primaryId: string,
  input: DependentInput,
  caller: Caller,
  idempotencyKey: string | undefined,
): Promise<Started> => {
  requireIdempotencyKey(idempotencyKey, 'dependent');
  const primary = requireVisible(caller, await deps.registry.getRegistration(primaryId));
  if (primary.primaryRegistrationId !== undefined) {
    throw new RefusedError({
      code: 'NOT_A_PRIMARY',
      message: 'Dependents are added to the primary registration (the employee or the family member who registered first).',
    });
  }
  if (terminalStatuses.has(primary.status) && primary.status !== 'CARD_ISSUED') {
    throw new RefusedError({
      code: 'PRIMARY_CLOSED',
      message: `The primary registration ended (${primary.status}); dependents cannot be added to it.`,
    });
  }
  const scheme = schemeOrRefuse(primary.scheme);
  if (!scheme.dependents.allowed)
    throw new RefusedError({ code: 'DEPENDENTS_NOT_ALLOWED', message: `Scheme ${scheme.id} has no dependents.` });
  const existing = await deps.registry.dependentsOf(primaryId);
  if (existing.length >= scheme.dependents.maxDependents) {
    throw new RefusedError({
      code: 'TOO_MANY_DEPENDENTS',
      message: `Scheme ${scheme.id} allows ${scheme.dependents.maxDependents} dependents.`,
    });
  }
  const mobile = input.mobile === undefined ? primary.mobile : mobileOrRefuse(input.mobile);

  let person: Person;
  let declared: Registration['declared'];
  let relation: string;
  if (input.kind === 'declared') {
    if (scheme.dependents.source !== 'declared') {
      throw new ValidationError({
        code: 'DEPENDENT_FROM_ROSTER',
        message: `In scheme ${scheme.id} family members come from the roster: send memberId.`,
      });
    }
    if (!scheme.dependents.relations.includes(input.relation)) {
      throw new RefusedError({
        code: 'RELATION_NOT_COVERED',
        message: `Scheme ${scheme.id} covers: ${scheme.dependents.relations.join(', ')}.`,
      });
    }
    const isChild = input.relation === 'son' || input.relation === 'daughter';
    const maxChildAge = scheme.dependents.maxChildAgeYears;
    if (isChild && maxChildAge !== null && ageIn(input.yearOfBirth, deps.clock.now()) > maxChildAge) {
      throw new RefusedError({ code: 'DEPENDENT_TOO_OLD', message: `Children are covered up to ${maxChildAge} years of age.` });
    }
    const primaryPerson = await deps.people.getPerson(scheme.id, primary.personId);
    if (primaryPerson === undefined)
      throw new NotFoundError({ code: 'NOT_ON_ROSTER', message: 'The primary person is no longer on the roster.' });
    person = { ...primaryPerson, personId: `${primary.personId}:dep:${input.relation}:${input.yearOfBirth}:${input.name.toLowerCase()}` };
    declared = {
      name: input.name,
      ...(input.nameLocal === undefined ? {} : { nameLocal: input.nameLocal }),
      yearOfBirth: input.yearOfBirth,
      gender: input.gender,
    };
    relation = input.relation;
  } else {
    if (scheme.dependents.source !== 'roster' || !primary.personId.startsWith('rc:')) {
      throw new ValidationError({
        code: 'DEPENDENT_DECLARED',
        message: `In scheme ${scheme.id} dependents are declared: send relation, name, yearOfBirth and gender.`,
      });
    }
    const rationCardNumber = primary.personId.split(':')[1] as string;
    person = await eligiblePerson(deps, scheme, { rosterType: 'ration-card-families', rationCardNumber, memberId: input.memberId });
    relation = person.relation ?? 'member';
  }
  if (existing.some((dependent) => dependent.personId === person.personId && !terminalStatuses.has(dependent.status))) {
    throw new ConflictError({ code: 'DEPENDENT_EXISTS', message: 'This family member already has a registration in progress.' });
  }

  const { registrationId, created } = await idempotently(deps, caller.subject, idempotencyKey, { primaryId, input }, (id, fresh) =>
    createAndStart(
      deps,
      newRegistration(deps, id, scheme, person, mobile, primary, {
        // A dependent is approved by the primary's DDO.
        ...(primary.ddoCode === undefined ? {} : { ddoCode: primary.ddoCode }),
        primaryRegistrationId: primary.registrationId,
        relation,
        ...(declared === undefined ? {} : { declared }),
      }),
      caller,
      fresh,
    ),
  );
  return { registrationId, status: 'STARTED', created };
};

/** Camps are planned under the same key rules (core/use-cases/camps.ts). */
export { requireIdempotencyKey };
