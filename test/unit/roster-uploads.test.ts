// Naming a roster upload's object: the documented key, `.full` for a declared snapshot, the importer's key rules.
import { describe, expect, it } from 'vitest';
import { rosterUploadKey } from '../../functions/core/use-cases/roster-uploads.js';

const families = { scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families', fullSnapshot: false };

describe('rosterUploadKey', () => {
  it('puts the file at rosters/{scheme}/{district}/{rosterType}/{file}', () => {
    expect(rosterUploadKey({ ...families, fileName: 'nfsa march 2026.csv' })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa march 2026.csv',
    });
  });

  it('names a declared full snapshot .full.csv / .full.xlsx, once', () => {
    expect(rosterUploadKey({ ...families, fileName: 'nfsa.CSV', fullSnapshot: true })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.full.CSV',
    });
    expect(rosterUploadKey({ ...families, fileName: 'nfsa.full.xlsx', fullSnapshot: true })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.full.xlsx',
    });
  });

  it('refuses a name that declares a snapshot the request does not', () => {
    expect(rosterUploadKey({ ...families, fileName: 'nfsa.full.csv' })).toMatchObject({ ok: false, code: 'SNAPSHOT_NOT_DECLARED' });
  });

  it.each([
    ['a roster type the scheme does not import', { rosterType: 'employees', fileName: 'a.csv' }, {}],
    ['a district the gazetteer does not know', { district: 'Lucknow 2', fileName: 'a.csv' }, {}],
    ['a bidi override in the file name', { fileName: 'list\u202Excs.csv' }, { message: expect.stringContaining('U+202E') }],
  ])('refuses what the importer would refuse for the key: %s', (_, request, more) => {
    expect(rosterUploadKey({ ...families, ...request })).toMatchObject({ ok: false, code: 'ROSTER_KEY_REFUSED', ...more });
  });

  it.each([
    ['लखनऊ', 'सूची.csv', 'rosters/pmjay/Lucknow/ration-card-families/सूची.csv'],
    ['Allahabad', 'a.csv', 'rosters/pmjay/Prayagraj/ration-card-families/a.csv'],
  ])('names the district as the gazetteer does, however the request spells it: %s', (district, fileName, key) => {
    expect(rosterUploadKey({ ...families, district, fileName })).toEqual({ ok: true, key });
  });
});
