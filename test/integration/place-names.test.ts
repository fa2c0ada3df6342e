// One district however it is written, on the embedded stack: a ration-card roster dropped under "Kanpur" (the
// city's name), with rows naming the district and blocks in English and Devanagari, is the district the Census
// and the Local Government Directory call Kanpur Nagar (कानपुर नगर); its imports, a campaign's progress and a
// district admin's scope answer the same figures whichever spelling a query or a token uses. Expected figures are
// read off the roster below: three members, two of Bilhaur block (बिल्हौर) and one of Ghatampur, both blocks of
// Kanpur Nagar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterClient, type ImportView } from '../support/rosters.js';
import { startTestStack, type TestStack } from '../support/stack.js';
import { countedResponse } from '../support/progress.js';

let env: TestStack;
let rosters: ReturnType<typeof rosterClient>;

beforeAll(async () => {
  env = await startTestStack();
  rosters = rosterClient(env);
});
afterAll(async () => {
  rosters?.close();
  await env?.stop();
});

const roster = [
  'Ration Card No,Member ID,Name,Gender,Year of Birth,Village,Block,District',
  'KNP0001,01,Ramesh Kumar,M,1975,Araul,Bilhaur,Kanpur Nagar',
  'KNP0001,02,Sunita Devi,F,1980,Araul,बिल्हौर,कानपुर नगर',
  'KNP0002,01,Shyam Lal,M,1960,Ghatampur,Ghatampur,Kanpur',
].join('\n');

const call = async (path: string, init: { token?: string; role?: 'state-admin'; body?: unknown; method?: string } = {}) => {
  const headers = new Headers(init.body === undefined ? {} : { 'content-type': 'application/json' });
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const response = await env.api(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.role === undefined ? {} : { role: init.role }),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

interface PlaceFigures {
  name: string;
  eligible: number;
  started: number;
  blocks: { name: string; eligible: number }[];
}

describe('a district written many ways', () => {
  it("is one district to roster keys, imports, campaigns, progress and a token's claim", async () => {
    const key = 'rosters/pmjay/Kanpur/ration-card-families/kanpur-nfsa.csv';
    await rosters.upload(key, roster);
    const imported = await rosters.finished('कानपुर नगर', key);
    expect(imported).toMatchObject({ status: 'DONE', district: 'Kanpur Nagar', counts: { read: 3, inserted: 3, rejected: 0 } });

    // The import list, asked for under four spellings, is one list.
    const listed = async (district: string) => {
      const answer = await call(`/v1/admin/imports?district=${encodeURIComponent(district)}&limit=100`, { role: 'state-admin' });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return (answer.body.items as ImportView[]).map((item) => item.importId);
    };
    const canonical = await listed('Kanpur Nagar');
    expect(canonical).toContain(imported.importId);
    for (const spelling of ['Kanpur', 'कानपुर नगर', 'कानपुर', 'kanpur nagar district'])
      expect(await listed(spelling), spelling).toEqual(canonical);
    const unknown = await call('/v1/admin/imports?district=Gotham', { role: 'state-admin' });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'UNKNOWN_DISTRICT' } });
    expect(String(unknown.body.message)).toContain('"Gotham"');

    // A campaign for "Kanpur" is a campaign for Kanpur Nagar, and counts the roster's people.
    const campaign = await call('/v1/admin/campaigns', {
      method: 'POST',
      role: 'state-admin',
      body: { name: 'Kanpur PM-JAY, place names', scheme: 'pmjay', districts: ['Kanpur'], startDate: '2026-11-01', endDate: '2026-12-31' },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
    expect(campaign.body.districts).toEqual(['Kanpur Nagar']);
    const figures = async (district: string, token?: string) => {
      const answer = await countedResponse(() =>
        call(
          `/v1/admin/campaigns/${String(campaign.body.campaignId)}/progress?district=${encodeURIComponent(district)}`,
          token === undefined ? { role: 'state-admin' } : { token },
        ),
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return (answer.body.districts as PlaceFigures[]).find((place) => place.name === 'Kanpur Nagar');
    };
    const kanpurNagar = await figures('Kanpur Nagar');
    expect(kanpurNagar).toMatchObject({ name: 'Kanpur Nagar', eligible: 3, started: 0 });
    expect(Object.fromEntries((kanpurNagar?.blocks ?? []).map((block) => [block.name, block.eligible]))).toEqual({
      Bilhaur: 2,
      Ghatampur: 1,
    });
    expect(await figures('कानपुर नगर')).toEqual(kanpurNagar);
    expect(await figures('Kanpur')).toEqual(kanpurNagar);

    // A district admin whose user attribute says "कानपुर" is Kanpur Nagar's admin: same imports, same figures,
    // and no other district's.
    const admin = await env.stack.issuer.sign({ roles: ['district-admin'], districts: 'कानपुर' }, 'place-names-kanpur-admin');
    const own = await call('/v1/admin/imports?limit=100', { token: admin });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((own.body.items as ImportView[]).map((item) => item.importId)).toEqual(canonical);
    expect(await figures('Kanpur', admin)).toEqual(kanpurNagar);
    expect((await call('/v1/admin/imports?district=Kanpur%20Dehat', { token: admin })).status).toBe(403);
  });
});
