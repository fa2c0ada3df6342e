// The embedded S3 holds presigned requests to what S3 holds them to (local/s3-presigned.ts): s3rver alone
// checks expiry but not the signature, and ignores checksums, so each case below passed on s3rver as shipped.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3rverCredentials, startS3, type RunningS3, type S3ObjectCreated } from '../../local/s3.js';

let s3: RunningS3;
const created: S3ObjectCreated[] = [];
const clients: S3Client[] = [];
const client = (options: { requestChecksumCalculation?: 'WHEN_REQUIRED' } = {}) => {
  const made = new S3Client({
    region: 'ap-south-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: s3rverCredentials,
    ...options,
  });
  clients.push(made);
  return made;
};

beforeAll(async () => {
  s3 = await startS3({ port: 0, directory: undefined, buckets: ['presigned-test'], onObjectCreated: (event) => created.push(event) });
});
afterAll(async () => {
  for (const made of clients) made.destroy();
  await s3?.stop();
});

const key = 'rosters/pmjay/Lucknow/ration-card-families/nfsa (march) 2026.csv';
const body = Buffer.from('Ration Card No,Member ID,Name,Gender,District\nUP1,01,Ramesh Kumar,M,Lucknow\n');
const presignPut = (from: S3Client, objectKey = key, expiresIn = 900, signingDate?: Date) =>
  getSignedUrl(from, new PutObjectCommand({ Bucket: 'presigned-test', Key: objectKey }), {
    expiresIn,
    ...(signingDate === undefined ? {} : { signingDate }),
  });
const put = async (url: string, payload: Buffer = body) => {
  const response = await fetch(url, { method: 'PUT', body: new Uint8Array(payload) });
  return { status: response.status, text: await response.text() };
};

describe('presigned requests to the embedded S3', () => {
  it('stores a PUT through a URL signed without a checksum, and sends its object-created event', async () => {
    const before = created.length;
    expect(await put(await presignPut(client({ requestChecksumCalculation: 'WHEN_REQUIRED' })))).toMatchObject({ status: 200 });
    expect(created.slice(before).map((event) => decodeURIComponent(event.key.replace(/\+/g, ' ')))).toEqual([key]);
  });

  it('refuses a file PUT to a URL that signs the CRC32 of an empty body (the SDK default), as S3 does', async () => {
    const url = await presignPut(client());
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    const refused = await put(url);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<Code>BadDigest</Code>');
    // The checksum is checked, not the parameter: an empty body matches it.
    expect((await put(url, Buffer.alloc(0))).status).toBe(200);
  });

  it('refuses a URL used for another key, or with its expiry changed, or signed with another secret', async () => {
    const url = await presignPut(client({ requestChecksumCalculation: 'WHEN_REQUIRED' }));
    const before = created.length;
    const otherKey = await put(url.replace('nfsa%20%28march%29', 'other'));
    expect(otherKey.status).toBe(403);
    expect(otherKey.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await put(url.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604000'))).status).toBe(403);
    const stranger = new S3Client({
      region: 'ap-south-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3rverCredentials.accessKeyId, secretAccessKey: 'not-the-secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    clients.push(stranger);
    expect((await put(await presignPut(stranger))).status).toBe(403);
    expect(created.length).toBe(before);
  });

  it("still refuses an expired URL (s3rver's own check)", async () => {
    // Signed a minute ago for one second: expired before it is used, with no waiting.
    const url = await presignPut(client({ requestChecksumCalculation: 'WHEN_REQUIRED' }), key, 1, new Date(Date.now() - 60_000));
    const refused = await put(url);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('<Message>Request has expired</Message>');
  });

  it('serves a presigned GET as the SDK writes report links (x-amz-checksum-mode=ENABLED is no checksum to check)', async () => {
    const sdk = client();
    await sdk.send(new PutObjectCommand({ Bucket: 'presigned-test', Key: 'imports/report.csv', Body: body }));
    const url = await getSignedUrl(sdk, new GetObjectCommand({ Bucket: 'presigned-test', Key: 'imports/report.csv' }), { expiresIn: 900 });
    expect(new URL(url).searchParams.get('x-amz-checksum-mode')).toBe('ENABLED');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
    expect((await fetch(url.replace('report.csv', 'other.csv'))).status).toBe(403);
  });

  it('leaves header-signed SDK requests to s3rver, checksums and all', async () => {
    const sdk = client();
    await sdk.send(new PutObjectCommand({ Bucket: 'presigned-test', Key: 'rosters/sdk-upload.csv', Body: body }));
    expect(created.some((event) => event.key === 'rosters/sdk-upload.csv')).toBe(true);
  });
});
