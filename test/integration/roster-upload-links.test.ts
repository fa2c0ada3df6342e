// Roster uploads through the API, for an admin who holds a token and no S3 credentials: POST
// /v1/admin/imports/uploads names the object and hands out a presigned PUT; the PUT starts the import as any
// upload does; the `imports` path the route returns finds that import. Roles, district scope, the key rules
// and the snapshot rule are checked before anything is uploaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let env: TestStack;
beforeAll(async () => {
  env = await startTestStack();
});
afterAll(async () => {
  await env?.stop();
});

type Role = keyof TestStack['endpoints']['tokens'];

const requestUpload = async (body: Record<string, unknown>, role: Role = 'district-admin') => {
  const response = await env.api('/v1/admin/imports/uploads', {
    method: 'POST',
    role,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { code?: string } };
};

const families = { scheme: 'pmjay', district: 'Lucknow', rosterType: 'ration-card-families' };
const roster = 'Ration Card No,Member ID,Name,Gender,District\nUP7001,01,Ramesh Kumar,M,Lucknow\nUP7001,02,Sunita Devi,X,Lucknow\n';

interface Listed {
  importId: string;
  key: string;
  status: string;
  counts?: Record<string, number>;
}

describe('roster upload links', () => {
  it('hands a district admin a presigned PUT for the documented key; the PUT starts the import, which the returned path finds', async () => {
    const granted = await requestUpload({ ...families, fileName: 'nfsa march.csv' });
    expect(granted.status, JSON.stringify(granted.body)).toBe(201);
    expect(granted.body).toMatchObject({
      method: 'PUT',
      headers: {},
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa march.csv',
      fullSnapshot: false,
    });
    const uploadUrl = String(granted.body.uploadUrl);
    // No checksum signed into the URL: the SDK's default would sign the CRC32 of an empty body.
    expect(new URL(uploadUrl).searchParams.has('x-amz-checksum-crc32')).toBe(false);
    expect(Date.parse(String(granted.body.expiresAt)) - Date.parse(String(granted.body.issuedAt))).toBe(15 * 60 * 1000);

    // Nothing there yet: the path lists imports of this key since the link was issued.
    const imports = String(granted.body.imports);
    const before = await env.api(imports, { role: 'district-admin' });
    expect(((await before.json()) as { items: Listed[] }).items).toEqual([]);

    // The file, with no credentials but the URL.
    const put = await fetch(uploadUrl, { method: 'PUT', body: Buffer.from(roster) });
    expect(put.status).toBe(200);

    const finished = await eventually(
      "the upload's import to finish",
      async () => {
        const response = await env.api(imports, { role: 'district-admin' });
        const { items } = (await response.json()) as { items: Listed[] };
        return items.length === 1 && items[0]?.status === 'DONE' ? items[0] : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(finished).toMatchObject({
      key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa march.csv',
      counts: { read: 2, inserted: 1, rejected: 1 },
    });

    // The filters: another key finds nothing; a later `since` finds nothing.
    const otherKey = await env.api(
      `/v1/admin/imports?district=Lucknow&key=${encodeURIComponent('rosters/pmjay/Lucknow/ration-card-families/other.csv')}`,
      { role: 'district-admin' },
    );
    expect(((await otherKey.json()) as { items: Listed[] }).items).toEqual([]);
    const later = await env.api(
      `/v1/admin/imports?district=Lucknow&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      { role: 'district-admin' },
    );
    expect(((await later.json()) as { items: Listed[] }).items).toEqual([]);
  });

  it('names a full snapshot .full.csv, and refuses a name that says .full without the flag', async () => {
    const snapshot = await requestUpload({ ...families, fileName: 'nfsa.csv', fullSnapshot: true });
    expect(snapshot).toMatchObject({
      status: 201,
      body: { key: 'rosters/pmjay/Lucknow/ration-card-families/nfsa.full.csv', fullSnapshot: true },
    });
    const already = await requestUpload({ ...families, fileName: 'nfsa.full.xlsx', fullSnapshot: true });
    expect(already.body.key).toBe('rosters/pmjay/Lucknow/ration-card-families/nfsa.full.xlsx');
    const undeclared = await requestUpload({ ...families, fileName: 'nfsa.full.csv' });
    expect(undeclared).toMatchObject({ status: 400, body: { code: 'SNAPSHOT_NOT_DECLARED' } });
  });

  it('admits admins only, a district admin for their districts only; a state admin for any', async () => {
    expect(await requestUpload({ ...families, district: 'Jhansi', fileName: 'a.csv' })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    for (const role of ['ddo', 'portal', 'operator'] as const) {
      expect((await requestUpload({ ...families, fileName: 'a.csv' }, role)).status, role).toBe(403);
    }
    const anonymous = await env.api('/v1/admin/imports/uploads', {
      method: 'POST',
      body: JSON.stringify({ ...families, fileName: 'a.csv' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await requestUpload({ ...families, district: 'Jhansi', fileName: 'a.csv' }, 'state-admin')).toMatchObject({
      status: 201,
      body: { key: 'rosters/pmjay/Jhansi/ration-card-families/a.csv' },
    });
  });

  it('refuses what the importer would refuse for its key, and malformed requests, each with a code', async () => {
    const typeNotInScheme = await requestUpload({ ...families, rosterType: 'employees', fileName: 'a.csv' });
    expect(typeNotInScheme).toMatchObject({ status: 400, body: { code: 'ROSTER_KEY_REFUSED' } });
    expect(String(typeNotInScheme.body.message)).toContain('pmjay takes ration-card-families');
    const badDistrict = await requestUpload({ ...families, district: 'Lucknow2', fileName: 'a.csv' }, 'state-admin');
    expect(badDistrict).toMatchObject({ status: 400, body: { code: 'UNKNOWN_DISTRICT' } });
    expect(String(badDistrict.body.message)).toContain('"Lucknow2"');

    const invalid = async (body: Record<string, unknown>, field: string) => {
      const refused = await requestUpload(body);
      expect(refused, JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
      expect((refused.body.details as { fields: { field: string }[] }).fields.map((entry) => entry.field)).toContain(field);
    };
    await invalid({ ...families, scheme: 'no-such-scheme', fileName: 'a.csv' }, 'scheme');
    await invalid({ ...families, fileName: 'folder/a.csv' }, 'fileName');
    await invalid({ ...families, fileName: 'a.pdf' }, 'fileName');
    await invalid({ ...families }, 'fileName');
    await invalid({ ...families, fileName: 'a.csv', bucket: 'elsewhere' }, '(whole)');
  });
});
