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

  it('refuses what the importer would refuse for the key', () => {
    expect(rosterUploadKey({ ...families, rosterType: 'employees', fileName: 'a.csv' })).toMatchObject({
      ok: false,
      code: 'ROSTER_KEY_REFUSED',
    });
    expect(rosterUploadKey({ ...families, district: 'Lucknow 2', fileName: 'a.csv' })).toMatchObject({
      ok: false,
      code: 'ROSTER_KEY_REFUSED',
    });
    expect(rosterUploadKey({ ...families, fileName: 'list\u202Excs.csv' })).toMatchObject({
      ok: false,
      code: 'ROSTER_KEY_REFUSED',
      message: expect.stringContaining('U+202E'),
    });
  });

  it('names the district as the gazetteer does, however the request spells it', () => {
    expect(rosterUploadKey({ ...families, district: 'लखनऊ', fileName: 'सूची.csv' })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Lucknow/ration-card-families/सूची.csv',
    });
    expect(rosterUploadKey({ ...families, district: 'Allahabad', fileName: 'a.csv' })).toEqual({
      ok: true,
      key: 'rosters/pmjay/Prayagraj/ration-card-families/a.csv',
    });
  });
});
