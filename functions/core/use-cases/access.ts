// Object-level authorization for registrations: who may see or act on which one. A registration the caller may
// not see is reported as not found, so its existence is not revealed.
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Caller } from '../identity.js';
import type { Registration } from '../../ports/registry.js';

/**
 * Whether `bound` (a scope the caller's token names) is present and equal to `recorded` (the record's field).
 * Two absent values are not a match: a token without a binding, or a record without the field, grants nothing.
 */
const boundTo = (bound: string | undefined, recorded: string | undefined): boolean =>
  bound !== undefined && bound !== '' && bound === recorded;

export const canSeeRegistration = (caller: Caller, registration: Registration): boolean =>
  caller.roles.some((role) => {
    switch (role) {
      case 'state-admin':
        return true;
      case 'portal':
        // A portal sees the registrations it created.
        return boundTo(caller.subject, registration.clientId);
      case 'operator':
      case 'verifier':
      case 'district-admin':
        return caller.districts.includes(registration.district);
      case 'ddo':
        return caller.ddoCodes.some((ddoCode) => boundTo(ddoCode, registration.ddoCode));
      case 'field-worker':
        // The registrations the worker started (recorded as their operator), to take them through the mobile code.
        return boundTo(caller.subject, registration.operatorId);
      case 'applicant':
        // Its own registration and the dependents added under it; an applicant bound to none sees nothing.
        return (
          boundTo(caller.registrationId, registration.registrationId) || boundTo(caller.registrationId, registration.primaryRegistrationId)
        );
      default:
        return false;
    }
  });

export const requireVisible = (caller: Caller | undefined, registration: Registration | undefined): Registration => {
  if (registration === undefined || caller === undefined || !canSeeRegistration(caller, registration)) {
    throw new NotFoundError({ code: 'REGISTRATION_NOT_FOUND', message: 'No such registration.' });
  }
  return registration;
};

// ---- Admin scope: a state admin sees every district, a district admin theirs. --------------------------------

export const isStateAdmin = (caller: Caller): boolean => caller.roles.includes('state-admin');

/** Whether an admin may see a record of `district` (a record with no district: state admins only). */
export const adminSees = (caller: Caller, district: string | undefined): boolean =>
  isStateAdmin(caller) || (caller.roles.includes('district-admin') && district !== undefined && caller.districts.includes(district));

/** Of `districts`, those the admin may see. */
export const adminDistricts = (caller: Caller, districts: readonly string[]): string[] =>
  districts.filter((district) => adminSees(caller, district));

/**
 * The district a list is for: a state admin may ask for one or none (all); a district admin gets theirs, must
 * name one when they have several, and is refused another's.
 */
export const listDistrict = (caller: Caller, requested: string | undefined): string | undefined => {
  if (isStateAdmin(caller)) return requested;
  if (requested === undefined) {
    if (caller.districts.length !== 1)
      throw new ValidationError({
        code: 'DISTRICT_REQUIRED',
        message: 'Say which district: ?district=<one of yours>.',
        details: { districts: caller.districts },
      });
    return caller.districts[0];
  }
  if (!caller.districts.includes(requested)) throw new ForbiddenError({ message: `District ${requested} is not one of yours.` });
  return requested;
};

/** A district an admin acts in (a roster upload, say): a state admin any, a district admin one of theirs. */
export const requireAdminDistrict = (caller: Caller, district: string): void => {
  if (!adminSees(caller, district)) throw new ForbiddenError({ message: `District ${district} is not one of yours.` });
};
