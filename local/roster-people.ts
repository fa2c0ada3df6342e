// The up-sects employee whose roster record matches a simulated e-KYC identity, as the roster import would have
// stored it from a Lucknow department's file: the demo, the benchmark and the tests each put one on the roster
// before a registration.
import type { EkycIdentity } from '../functions/core/ekyc.js';
import type { Person } from '../functions/core/person.js';

export const employeeMatching = (
  identity: Pick<EkycIdentity, 'name' | 'nameLocal' | 'yearOfBirth' | 'gender'>,
  employeeId: string,
): Person => ({
  scheme: 'up-sects',
  personId: `emp:${employeeId}`,
  rosterType: 'employees',
  name: identity.name,
  ...(identity.nameLocal === undefined ? {} : { nameLocal: identity.nameLocal }),
  yearOfBirth: identity.yearOfBirth,
  gender: identity.gender,
  district: 'Lucknow',
  block: 'Sarojini Nagar',
  department: 'Education',
  ddoCode: 'DDO-LKO-0001',
  employeeId,
  status: 'active',
});
