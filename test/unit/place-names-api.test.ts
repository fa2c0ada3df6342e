// Place names at the API's edge: every district a query, a body or a token names is the gazetteer's district,
// as roster imports store it. Expected names are published facts, not the resolver's output: the Census and the
// Local Government Directory name the district of Kanpur city "Kanpur Nagar" (कानपुर नगर, LGD 157), Lucknow is
// लखनऊ (LGD 162), Chhapra (छपरा) is the seat of Saran district (LGD 218), Faizabad was renamed Ayodhya in 2018;
// Bilhaur (बिल्हौर) is a development block of Kanpur Nagar and Malihabad (मलिहाबाद) and Bakshi Ka Talab (BKT) of
// Lucknow.
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  CampaignBody,
  ImportsListQuery,
  MigrateBody,
  parseWith,
  ProgressQuery,
  RosterUploadBody,
  WorklistQuery,
} from '../../functions/api/schemas.js';
import { callerFromClaims } from '../../functions/core/identity.js';
import { adminSees, listDistrict } from '../../functions/core/use-cases/access.js';
import { ValidationError } from '../../functions/core/errors.js';
import { requireBlock, requireDistrict } from '../../functions/core/place-names.js';

const refusal = (run: () => unknown): ValidationError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('districts in queries and bodies', () => {
  it.each([
    ['Kanpur Nagar', 'Kanpur Nagar'],
    ['Kanpur', 'Kanpur Nagar'],
    ['कानपुर नगर', 'Kanpur Nagar'],
    ['कानपुर', 'Kanpur Nagar'],
    ['KANPUR NAGAR district', 'Kanpur Nagar'],
    ['लखनऊ', 'Lucknow'],
    ['जनपद लखनऊ', 'Lucknow'],
    ['छपरा', 'Saran'],
    ['Chhapra', 'Saran'],
    ['Faizabad', 'Ayodhya'],
  ])('?district=%s is %s to every query and body that takes a district', (typed, canonical) => {
    expect(parseWith(ImportsListQuery, { district: typed }, 'query string').district).toBe(canonical);
    expect(parseWith(ProgressQuery, { district: typed }, 'query string').district).toBe(canonical);
    expect(
      parseWith(RosterUploadBody, { scheme: 'pmjay', district: typed, rosterType: 'ration-card-families', fileName: 'a.csv' }).district,
    ).toBe(canonical);
    expect(parseWith(MigrateBody, { district: typed, note: 'Moved for work' }).district).toBe(canonical);
    expect(requireDistrict('district', typed)).toBe(canonical);
  });

  it("names a campaign's districts canonically, one district however many ways it is written", () => {
    const body = parseWith(CampaignBody, {
      name: 'Drive',
      scheme: 'pmjay',
      districts: ['Kanpur', 'लखनऊ', 'छपरा'],
      startDate: '2026-11-01',
      endDate: '2026-12-31',
    });
    expect(body.districts).toEqual(['Kanpur Nagar', 'Lucknow', 'Saran']);
  });

  it('refuses a district it does not know with 400 UNKNOWN_DISTRICT naming the value, query and body alike', () => {
    for (const schema of [ImportsListQuery, ProgressQuery] as z.ZodType[]) {
      const refused = refusal(() => parseWith(schema, { district: 'Gotham' }, 'query string'));
      expect(refused).toMatchObject({ code: 'UNKNOWN_DISTRICT', httpStatus: 400 });
      expect(refused.message).toContain('"Gotham"');
    }
    const campaign = refusal(() =>
      parseWith(CampaignBody, {
        name: 'Drive',
        scheme: 'pmjay',
        districts: ['Lucknow', 'Kanpur Nagr'],
        startDate: '2026-11-01',
        endDate: '2026-12-31',
      }),
    );
    expect(campaign.code).toBe('UNKNOWN_DISTRICT');
    expect(campaign.message).toContain('"Kanpur Nagr"');
    expect(refusal(() => requireDistrict('district', 'गोथम'))).toMatchObject({ code: 'UNKNOWN_DISTRICT' });
  });

  it('keeps the key-safety rule first: a value that could change a key is INVALID_PLACE_NAME, known or not', () => {
    for (const value of ['Lucknow/..', '../../x', 'Mal//x', '-']) {
      expect(refusal(() => parseWith(ImportsListQuery, { district: value }, 'query string')).code, value).toBe('INVALID_PLACE_NAME');
    }
  });
});

describe('blocks, within their district', () => {
  it('names a listed block canonically, in either script or a listed spelling, within an aliased district', () => {
    expect(parseWith(WorklistQuery, { district: 'कानपुर', block: 'बिल्हौर' }, 'query string')).toMatchObject({
      district: 'Kanpur Nagar',
      block: 'Bilhaur',
    });
    expect(parseWith(WorklistQuery, { district: 'Lucknow', block: 'BKT' }, 'query string')).toMatchObject({ block: 'Bakshi Ka Talab' });
    expect(parseWith(MigrateBody, { district: 'Kanpur', block: 'बिल्हौर', note: 'Moved for work' })).toMatchObject({
      district: 'Kanpur Nagar',
      block: 'Bilhaur',
    });
  });

  it('refuses a near miss of a listed block as the importer does, naming the block meant (400 UNKNOWN_BLOCK)', () => {
    const refused = refusal(() => parseWith(WorklistQuery, { district: 'लखनऊ', block: 'Malihabaad' }, 'query string'));
    expect(refused.code).toBe('UNKNOWN_BLOCK');
    expect(refused.message).toContain('Malihabad');
    expect(refusal(() => requireBlock('block', 'Lucknow', 'Malihabaad')).code).toBe('UNKNOWN_BLOCK');
  });

  it('takes any other block as written (the gazetteer cannot list every block), and `-` for no block', () => {
    expect(parseWith(WorklistQuery, { district: 'Lucknow', block: 'Sarojini Nagar' }, 'query string').block).toBe('Sarojini Nagar');
    expect(parseWith(WorklistQuery, { district: 'Jalaun', block: '-' }, 'query string').block).toBe('-');
    expect(parseWith(MigrateBody, { district: 'Saran', block: 'Ekma', note: 'Moved for work' }).block).toBe('Ekma');
    expect(refusal(() => parseWith(WorklistQuery, { district: 'Lucknow', block: 'Mal/../x' }, 'query string')).code).toBe(
      'INVALID_PLACE_NAME',
    );
  });
});

describe("a token's districts claim", () => {
  it('scopes by the canonical district, whatever spelling the user attribute holds', () => {
    const kanpurAdmin = callerFromClaims({ sub: 'a', roles: 'district-admin', districts: 'Kanpur,लखनऊ' });
    expect(kanpurAdmin.districts).toEqual(['Kanpur Nagar', 'Lucknow']);
    expect(adminSees(kanpurAdmin, 'Kanpur Nagar')).toBe(true);
    expect(adminSees(kanpurAdmin, 'Lucknow')).toBe(true);
    expect(adminSees(kanpurAdmin, 'Kanpur Dehat')).toBe(false);
    // The query, resolved by the schema, meets the claim, resolved by the caller: one district.
    expect(listDistrict(kanpurAdmin, parseWith(ImportsListQuery, { district: 'कानपुर नगर' }, 'query string').district)).toBe('Kanpur Nagar');
  });

  it('keeps a value the gazetteer does not know as it is, so it never widens a scope', () => {
    const admin = callerFromClaims({ sub: 'b', roles: 'district-admin', districts: 'Gotham,Kanpur,Kanpur Nagar' });
    expect(admin.districts).toEqual(['Gotham', 'Kanpur Nagar']);
    expect(adminSees(admin, 'Lucknow')).toBe(false);
    expect(adminSees(admin, 'Kanpur Dehat')).toBe(false);
  });
});
