// The S3 adapters' reading of S3's answers, with the SDK mocked (aws-sdk-client-mock) where the adapter reads the
// error, and the real client over a stand-in HTTP handler where the throttling middleware does (it lives in the
// client's stack, which the mock replaces). Errors are the SDK's own classes (NoSuchKey, S3ServiceException) or
// what the SDK itself makes of S3's XML error answer. Over the wire, against s3rver, the integration tests keep it.
import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3CardFiles } from '../../functions/adapters/s3-card-files.js';
import { mapThrottling } from '../../functions/adapters/throttling-middleware.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';

const metadata = { $metadata: { httpStatusCode: 404, requestId: 'R1', extendedRequestId: 'X1', attempts: 1, totalRetryDelay: 0 } };

describe('a photo in the card bucket', () => {
  const client = new S3Client({ region: 'ap-south-1' });
  const s3 = mockClient(client);
  const files = new S3CardFiles(async () => client, 'cards');
  beforeEach(() => s3.reset());

  it('is read with its type from its key', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
    s3.on(GetObjectCommand, { Bucket: 'cards', Key: 'photos/reg-1.jpg' }).resolves({
      Body: { transformToByteArray: async () => bytes } as never,
    });
    await expect(files.getPhoto('photos/reg-1.jpg')).resolves.toEqual({ contentType: 'image/jpeg', bytes });
  });

  it('that is not there (NoSuchKey) is no photo, not an error', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ ...metadata, message: 'The specified key does not exist.' }));
    await expect(files.getPhoto('photos/reg-1.jpg')).resolves.toBeUndefined();
  });

  it('refused for another reason (AccessDenied) goes to the caller as S3 said it', async () => {
    const denied = new S3ServiceException({
      ...metadata,
      $metadata: { ...metadata.$metadata, httpStatusCode: 403 },
      name: 'AccessDenied',
      $fault: 'client',
      message: 'Access Denied',
    });
    s3.on(GetObjectCommand).rejects(denied);
    await expect(files.getPhoto('photos/reg-1.jpg')).rejects.toBe(denied);
  });
});

describe('S3 asking the pipeline to slow down, after the SDK retried', () => {
  // The SDK's backoff is random * base * 2^attempt: no pause, so the test takes milliseconds.
  beforeEach(() => void vi.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(() => vi.restoreAllMocks());

  it('SlowDown (HTTP 503) becomes ProviderUnavailableError, which workflows retry by name', async () => {
    let requests = 0;
    const handler = {
      handle: async () => {
        requests += 1;
        const xml =
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>R1</RequestId></Error>';
        return {
          response: {
            statusCode: 503,
            headers: { 'content-type': 'application/xml', 'x-amz-request-id': 'R1' },
            body: Readable.from([Buffer.from(xml)]),
          },
        };
      },
    };
    const client = mapThrottling(
      new S3Client({
        region: 'ap-south-1',
        forcePathStyle: true,
        endpoint: 'http://s3.invalid',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
        maxAttempts: 3,
        requestHandler: handler as never,
      }),
    );
    const failed = new S3CardFiles(async () => client, 'cards').getPhoto('photos/reg-1.jpg');
    await expect(failed).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(failed).rejects.toMatchObject({ cause: { name: 'SlowDown', $metadata: { httpStatusCode: 503, attempts: 3 } } });
    expect(requests).toBe(3);
  });
});
