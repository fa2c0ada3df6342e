// Card PDFs and e-KYC photos in the card bucket (private; downloads through short-lived presigned links). The S3
// package and the presigner are imported on the first call: of the registrations API's routes only e-KYC stores a
// photo, of the cards API's only the download link signs one (bench/cold-start).
import type { S3Client } from '@aws-sdk/client-s3';
import type { CardFiles } from '../ports/files.js';

export class S3CardFiles implements CardFiles {
  constructor(
    /** The client, made on the first call (s3-client-config.ts); the SDK package with it. */
    private readonly client: () => Promise<S3Client>,
    private readonly bucket: string,
  ) {}

  private async put(key: string, bytes: Uint8Array, contentType: string) {
    const [s3, { PutObjectCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
    await s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async putPhoto(registrationId: string, contentType: 'image/png' | 'image/jpeg', bytes: Uint8Array): Promise<string> {
    const key = `photos/${registrationId}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.put(key, bytes, contentType);
    return key;
  }

  async getPhoto(key: string) {
    try {
      const [s3, { GetObjectCommand }] = await Promise.all([this.client(), import('@aws-sdk/client-s3')]);
      const object = await s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = await object.Body?.transformToByteArray();
      if (bytes === undefined) return undefined;
      return { contentType: (key.endsWith('.png') ? 'image/png' : 'image/jpeg') as 'image/png' | 'image/jpeg', bytes };
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async putCardPdf(scheme: string, cardNumber: string, bytes: Uint8Array): Promise<string> {
    const key = `cards/${scheme}/${cardNumber}.pdf`;
    await this.put(key, bytes, 'application/pdf');
    return key;
  }

  async downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    const [s3, { GetObjectCommand }, { getSignedUrl }] = await Promise.all([
      this.client(),
      import('@aws-sdk/client-s3'),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    return getSignedUrl(s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}
