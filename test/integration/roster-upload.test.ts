// A roster dropped into the roster bucket reaches its handler the way an S3 notification does on AWS: filtered
// by the shared spec, recorded once per upload (bucket + key + version, or the event's sequencer where the bucket
// has no versions), a bad key refused with why. What the import then does is roster-import.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../support/eventually.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let env: TestStack;
let s3: S3Client;

beforeAll(async () => {
  env = await startTestStack();
  s3 = new S3Client({
    region: env.endpoints.region,
    endpoint: env.endpoints.s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  s3?.destroy();
  await env?.stop();
});

const upload = (key: string, body: string) =>
  s3.send(new PutObjectCommand({ Bucket: env.endpoints.s3.buckets.rosters, Key: key, Body: body, ContentType: 'text/csv' }));

const importsIn = async (district: string) => {
  const { Items = [] } = await env.documents.send(
    new QueryCommand({
      TableName: env.endpoints.dynamodb.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `IMPORTS#${district}` },
    }),
  );
  return Items;
};

describe('roster uploads', () => {
  it('records each upload of a key as its own import', async () => {
    const body = 'Ration Card No,Member ID,Name,Gender,District\nUP1,01,Ramesh Kumar,M,Lucknow\n';
    await upload('rosters/pmjay/Lucknow/ration-card-families/families march 2026.csv', body);
    const [record] = await eventually('the import record', async () => {
      const items = await importsIn('Lucknow');
      return items.length > 0 ? items : undefined;
    });
    expect(record).toMatchObject({
      status: 'RECEIVED',
      scheme: 'pmjay',
      district: 'Lucknow',
      rosterType: 'ration-card-families',
      key: 'rosters/pmjay/Lucknow/ration-card-families/families march 2026.csv',
      size: body.length,
    });

    // The same bytes again, then a changed file: each upload is an import (the first changes nothing).
    await upload('rosters/pmjay/Lucknow/ration-card-families/families march 2026.csv', body);
    await upload('rosters/pmjay/Lucknow/ration-card-families/families march 2026.csv', `${body}UP1,02,Sunita Devi,F,Lucknow\n`);
    const after = await eventually('the later uploads recorded', async () => {
      const items = await importsIn('Lucknow');
      return items.length >= 3 ? items : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await importsIn('Lucknow')).length).toBe(after.length);
    expect(new Set(after.map((item) => item.importId)).size).toBe(3);
  });

  it('refuses a key that does not say what the file is, and ignores files outside rosters/', async () => {
    await upload('rosters/pmjay/Jalaun/pensioners/list.csv', 'a,b\n1,2\n');
    await upload('notes/readme.csv', 'a\n');
    const [refused] = await eventually('the refused upload', async () => {
      const items = await importsIn('unknown');
      return items.length > 0 ? items : undefined;
    });
    expect(refused).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('Unknown roster type "pensioners"') });
    expect(await importsIn('unknown')).toHaveLength(1);
  });
});
