// One card's claims, as an up-sects employee's card carries them: the input the card tests sign and render.
import { formatCardNumber, type CardClaims } from '../../functions/core/card.js';

export const employeeCardClaims: CardClaims = {
  cardNumber: formatCardNumber({ prefix: 'UPS', districtCode: 'LKO', sequence: 1234 }),
  scheme: 'up-sects',
  name: 'Kishori Lal Sharma',
  nameLocal: 'किशोरी लाल शर्मा',
  yearOfBirth: 1978,
  gender: 'M',
  validFrom: '2026-11-23',
  validUntil: '2031-11-22',
  aadhaarLast4: '1234',
  registrationId: 'reg-3f0c6a52',
  issuedAt: '2026-11-23T10:15:30.123Z',
  familyId: 'EMP-LKO-778812',
};
