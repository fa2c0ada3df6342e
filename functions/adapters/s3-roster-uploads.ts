// Presigned PUTs to the roster bucket. The presigning client computes no checksum (WHEN_REQUIRED): with the
// SDK's default (WHEN_SUPPORTED) a PutObject presigned without a body signs the CRC32 of an empty body
// (x-amz-checksum-crc32=AAAAAA==) into the URL, and S3 refuses every real file PUT to it.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { RosterUploadLinks, UploadLink } from '../ports/roster-uploads.js';

export class S3RosterUploadLinks implements RosterUploadLinks {
  constructor(
    private readonly presigningS3: S3Client,
    private readonly rosterBucket: string,
  ) {}

  async uploadLink(key: string, expiresInSeconds: number): Promise<UploadLink> {
    const url = await getSignedUrl(this.presigningS3, new PutObjectCommand({ Bucket: this.rosterBucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
    return { url, headers: {} };
  }
}
