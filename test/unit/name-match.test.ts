// The name-matching corpus: same people written differently must reach the default threshold; different
// people with deliberately close names must not. Scores measured on this corpus are quoted in
// docs/name-matching.md.
import { describe, expect, it } from 'vitest';
import { compareNames, defaultNameScore, defaultYearTolerance, matchIdentity, nameKey } from '../../functions/core/name-match.js';
import { differentPeople, samePerson } from '../fixtures/name-pairs.js';

describe('name matching', () => {
  it('turns both scripts into the same phonetic keys', () => {
    expect(nameKey('रमेश कुमार यादव')).toEqual(nameKey('Ramesh Kumar Yadav'));
    expect(nameKey('Smt. Sunita Devi')).toEqual(nameKey('सुनीता देवी'));
    expect(nameKey('Mohd. Irfan')).toEqual(nameKey('Mohammad Irfan'));
  });

  it.each(samePerson)('matches %s ~ %s', (a, b) => {
    expect(compareNames(a, b).score).toBeGreaterThanOrEqual(defaultNameScore);
    expect(compareNames(b, a).score).toBe(compareNames(a, b).score);
  });

  it.each(differentPeople)('tells apart %s and %s', (a, b) => {
    expect(compareNames(a, b).score).toBeLessThan(defaultNameScore);
  });

  it('checks year of birth with a tolerance and gender, and counts missing roster fields as unchecked', () => {
    const thresholds = { nameScore: defaultNameScore, yearTolerance: defaultYearTolerance };
    const ekyc = { name: 'Sunita Devi', nameLocal: 'सुनीता देवी', yearOfBirth: 1982, gender: 'F' as const };
    expect(matchIdentity(ekyc, { nameLocal: 'सुनीता देवी', yearOfBirth: 1983, gender: 'F' }, thresholds)).toMatchObject({
      outcome: 'match',
      reasons: [],
    });
    expect(matchIdentity(ekyc, { name: 'Sunita Devi', yearOfBirth: 1985, gender: 'F' }, thresholds).reasons).toEqual([
      'YEAR_OF_BIRTH_MISMATCH',
    ]);
    expect(matchIdentity(ekyc, { name: 'Sunita Devi', dateOfBirth: '1982-04-01', gender: 'M' }, thresholds).reasons).toEqual([
      'GENDER_MISMATCH',
    ]);
    expect(matchIdentity(ekyc, { name: 'Anita Devi', yearOfBirth: 1982, gender: 'F' }, thresholds)).toMatchObject({
      outcome: 'mismatch',
      reasons: ['NAME_MISMATCH'],
    });
    expect(matchIdentity(ekyc, { name: 'Sunita Devi' }, thresholds)).toMatchObject({
      outcome: 'mismatch',
      checks: { name: 'pass', yearOfBirth: 'missing', gender: 'missing' },
    });
  });
});
