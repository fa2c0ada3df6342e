// Object-level authorization for registrations: who may see or act on which one. A registration the caller may
// not see is reported as not found, so its existence is not revealed.
import { NotFoundError } from '../errors.js';
import type { Caller } from '../identity.js';
import type { Registration } from '../../ports/registry.js';

export const canSeeRegistration = (caller: Caller, registration: Registration): boolean =>
  caller.roles.some((role) => {
    switch (role) {
      case 'state-admin':
        return true;
      case 'portal':
        // A portal sees the registrations it created.
        return registration.clientId === caller.subject;
      case 'operator':
      case 'verifier':
      case 'district-admin':
        return caller.districts.includes(registration.district);
      case 'ddo':
        return registration.ddoCode !== undefined && caller.ddoCodes.includes(registration.ddoCode);
      case 'applicant':
        return caller.registrationId === registration.registrationId || caller.registrationId === registration.primaryRegistrationId;
      default:
        return false;
    }
  });

export const requireVisible = (caller: Caller | undefined, registration: Registration | undefined): Registration => {
  if (registration === undefined || caller === undefined || !canSeeRegistration(caller, registration)) {
    throw new NotFoundError('No such registration.', 'REGISTRATION_NOT_FOUND');
  }
  return registration;
};
