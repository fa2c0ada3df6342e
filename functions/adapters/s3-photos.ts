// e-KYC photos in the card bucket (photos/<registrationId>), sealed before they are put and opened after they are
// read (photo-envelope.ts): what S3 holds is never the image, whatever the bucket's own encryption. The S3 package
// is imported on the first call (bench/cold-start).
import type { S3Client } from '@aws-sdk/client-s3';
import type { Photo, PhotoKey, Photos } from '../ports/photos.js';
import { openPhoto, sealPhoto } from './photo-envelope.js';

/** Deleting needs no key: the photo sweep has only this half. */
export class S3PhotoRemover implements Pick<Photos, 'remove'> {
  constructor(
    protected readonly client: () => Promise<S3Client>,
    protected readonly bucket: string,
  ) {}

  async remove(objectKey: string): Promise<void> {
    const [s3, { DeleteObjectCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
    await s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey }));
  }
}

export class S3Photos extends S3PhotoRemover implements Photos {
  constructor(
    client: () => Promise<S3Client>,
    bucket: string,
    private readonly key: PhotoKey,
  ) {
    super(client, bucket);
  }

  async put(registrationId: string, photo: Photo): Promise<string> {
    const objectKey = `photos/${registrationId}`;
    const sealed = await sealPhoto(this.key, registrationId, photo);
    const [s3, { PutObjectCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
    await s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: sealed, ContentType: 'application/octet-stream' }));
    return objectKey;
  }

  async get(registrationId: string, objectKey: string): Promise<Photo | undefined> {
    const [s3, { GetObjectCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
    let stored: Uint8Array | undefined;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      stored = await object.Body?.transformToByteArray();
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
    return stored === undefined ? undefined : openPhoto(this.key, registrationId, stored);
  }
}
