// Card PDFs in the card bucket (private; downloads through short-lived presigned links). The S3 package and the
// presigner are imported on the first call: of the cards API's routes only the download link signs one
// (bench/cold-start). e-KYC photos, sealed, are s3-photos.ts's.
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
