// Card PDFs and e-KYC photos in the card bucket (private; downloads through short-lived presigned links).
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { CardFiles } from '../ports/files.js';

export class S3CardFiles implements CardFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putPhoto(registrationId: string, contentType: 'image/png' | 'image/jpeg', bytes: Uint8Array): Promise<string> {
    const key = `photos/${registrationId}.${contentType === 'image/png' ? 'png' : 'jpg'}`;
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
    return key;
  }

  async getPhoto(key: string) {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
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
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: 'application/pdf' }));
    return key;
  }

  downloadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}
