// The S3 adapters' reading of S3's answers, with the SDK mocked (aws-sdk-client-mock) where the adapter reads the
// error, and the real client over a stand-in HTTP handler where the throttling middleware does (it lives in the
// client's stack, which the mock replaces). Errors are the SDK's own classes (NoSuchKey, S3ServiceException) or
// what the SDK itself makes of S3's XML error answer. Over the wire, against s3rver, the integration tests keep it.
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalPhotoKey } from '../../functions/adapters/photo-keys.js';
import { S3Photos } from '../../functions/adapters/s3-photos.js';
import { simulatedPhoto, simulatedPhotoMarker } from '../../local/simulators/photos.js';
import { mapThrottling } from '../../functions/adapters/throttling-middleware.js';
import { ProviderUnavailableError } from '../../functions/core/errors.js';

const metadata = { $metadata: { httpStatusCode: 404, requestId: 'R1', extendedRequestId: 'X1', attempts: 1, totalRetryDelay: 0 } };

describe('a sealed e-KYC photo in the card bucket', () => {
  const client = new S3Client({ region: 'ap-south-1' });
  const s3 = mockClient(client);
  const photos = new S3Photos(async () => client, 'cards', new LocalPhotoKey(randomBytes(32)));
  // The e-KYC simulator's photo of a test identity: a JPEG, as UIDAI's `Pht` is.
  const jpeg = Buffer.from(simulatedPhoto('999941057058').base64, 'base64');
  beforeEach(() => s3.reset());

  const stored = async () => {
    s3.on(PutObjectCommand).resolves({});
    const key = await photos.put('reg-1', { contentType: 'image/jpeg', bytes: jpeg });
    const body = Buffer.from(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body as Uint8Array);
    return { key, body };
  };

  it('is stored sealed: what S3 receives is not the image, and opens back to it', async () => {
    const { key, body } = await stored();
    expect(key).toBe('photos/reg-1');
    // JPEG files start FF D8 FF (SOI and a marker); the image's bytes appear nowhere in what is stored.
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(body.subarray(0, 3).equals(jpeg.subarray(0, 3))).toBe(false);
    expect(body.includes(jpeg.subarray(100, 132))).toBe(false);
    expect(body.includes(Buffer.from(simulatedPhotoMarker))).toBe(false);
    s3.on(GetObjectCommand, { Bucket: 'cards', Key: key }).resolves({ Body: { transformToByteArray: async () => body } as never });
    const opened = await photos.get('reg-1', key);
    expect(opened?.contentType).toBe('image/jpeg');
    expect(Buffer.from(opened?.bytes ?? []).equals(jpeg)).toBe(true);
  });

  it("opens only as its own registration's photo, and only under its key", async () => {
    const { key, body } = await stored();
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => body } as never });
    await expect(photos.get('reg-2', key)).rejects.toThrow();
    const otherKey = new S3Photos(async () => client, 'cards', new LocalPhotoKey(randomBytes(32)));
    await expect(otherKey.get('reg-1', key)).rejects.toThrow();
  });

  it('that is not there (NoSuchKey) is no photo, not an error', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ ...metadata, message: 'The specified key does not exist.' }));
    await expect(photos.get('reg-1', 'photos/reg-1')).resolves.toBeUndefined();
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
    await expect(photos.get('reg-1', 'photos/reg-1')).rejects.toBe(denied);
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
    const failed = new S3Photos(async () => client, 'cards', new LocalPhotoKey(randomBytes(32))).get('reg-1', 'photos/reg-1');
    await expect(failed).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(failed).rejects.toMatchObject({ cause: { name: 'SlowDown', $metadata: { httpStatusCode: 503, attempts: 3 } } });
    expect(requests).toBe(3);
  });
});
