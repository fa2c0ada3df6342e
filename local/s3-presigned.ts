// Presigned requests to the embedded S3, held to what S3 holds them to. s3rver checks a presigned URL's expiry
// but not its signature (its SigV4 check is not implemented: any URL with its key id passes), and it ignores
// checksums. So a URL S3 refuses would work here and fail only on AWS: one signed for another key, or one that
// signs the CRC32 of an empty body (the AWS SDK's default when presigning PutObject, see
// functions/adapters/s3-roster-uploads.ts). This module re-signs a presigned request with the AWS SDK's own
// presigner and compares, and checks any checksum the URL signs against the body. docs/cli.md has the story.
import { createHash, createHmac, type BinaryLike } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

export interface PresignedRequest {
  readonly method: string;
  /** Path and query as sent, still percent-encoded. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type Refusal = { readonly status: number; readonly code: string; readonly message: string };

export type Verdict =
  | { readonly ok: true; readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly expected: string } }
  | ({ readonly ok: false } & Refusal);

type ChecksumAlgorithm = 'crc32' | 'sha1' | 'sha256';

const authParameters = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
  'X-Amz-Content-Sha256',
]);

/** Query parameters as sent, decoded; `+` is a plus (S3 signers encode spaces as %20). */
const queryOf = (url: string): Map<string, string> => {
  const query = new Map<string, string>();
  const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const pair of search.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
    query.set(name, decodeURIComponent(at < 0 ? '' : pair.slice(at + 1)));
  }
  return query;
};

export const isPresigned = (url: string): boolean => queryOf(url).has('X-Amz-Algorithm');

/** SHA-256 (and its HMAC) in the shape the SDK's signer takes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData): BinaryLike =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class NodeSha256 {
  private hash;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error('not used by the signer');
  }
}

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

const refuse = (status: number, code: string, message: string): Verdict => ({ ok: false, status, code, message });

/**
 * Whether a query-string SigV4 request carries the signature S3 would compute for it with `credentials`.
 * Expiry is left to s3rver, which checks it.
 */
export const verifyPresigned = async (
  request: PresignedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
): Promise<Verdict> => {
  const query = queryOf(request.url);
  const credential = (query.get('X-Amz-Credential') ?? '').split('/');
  const [accessKeyId, , region, service] = credential;
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(query.get('X-Amz-Date') ?? '');
  const expiresIn = Number(query.get('X-Amz-Expires'));
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';').filter((name) => name !== '');
  const provided = query.get('X-Amz-Signature');
  if (
    credential.length !== 5 ||
    region === undefined ||
    service === undefined ||
    date === null ||
    !Number.isInteger(expiresIn) ||
    provided === undefined ||
    !signedHeaders.includes('host')
  ) {
    return refuse(
      400,
      'AuthorizationQueryParametersError',
      'The presigned URL lacks or garbles X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders or X-Amz-Signature.',
    );
  }
  if (accessKeyId !== credentials.accessKeyId)
    return refuse(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');

  const [, year, month, day, hour, minute, second] = date.map(Number) as number[];
  const signingDate = new Date(Date.UTC(year as number, (month as number) - 1, day, hour, minute, second));
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(request.headers[name]);
    if (value === undefined) return refuse(403, 'SignatureDoesNotMatch', `The request lacks the signed header ${name}.`);
    headers[name] = value;
  }
  headers['X-Amz-Content-Sha256'] = query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const unsigned = Object.fromEntries([...query].filter(([name]) => !authParameters.has(name)));
  const path = request.url.split('?')[0] ?? '/';
  const [hostname, port] = (headers.host ?? '').split(':');
  const presigner = new S3RequestPresigner({ credentials, region, service, sha256: NodeSha256 });
  const expected = await presigner.presign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: hostname ?? '',
      ...(port === undefined ? {} : { port: Number(port) }),
      path,
      query: unsigned,
      headers,
    },
    { signingDate, expiresIn, signingRegion: region, signingService: service, unhoistableHeaders: new Set(signedHeaders) },
  );
  if (expected.query?.['X-Amz-Signature'] !== provided) {
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  }

  const signedChecksums = (['crc32', 'sha1', 'sha256'] as const).filter((algorithm) => query.has(`x-amz-checksum-${algorithm}`));
  // (x-amz-checksum-mode, on GETs, asks for the stored checksum back: not a checksum of this request.)
  const otherChecksum = [...query.keys()].find((name) => /^x-amz-checksum-(crc32c|crc64nvme)$/i.test(name));
  if (otherChecksum !== undefined) return refuse(501, 'NotImplemented', `The embedded S3 does not check ${otherChecksum}.`);
  const algorithm = signedChecksums[0];
  return algorithm === undefined
    ? { ok: true }
    : { ok: true, checksum: { algorithm, expected: query.get(`x-amz-checksum-${algorithm}`) as string } };
};

/** The base64 checksum S3 compares an x-amz-checksum-* value with. */
export const checksumOf = (algorithm: ChecksumAlgorithm, body: Uint8Array): string => {
  if (algorithm === 'crc32') {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(crc32(body));
    return bytes.toString('base64');
  }
  return createHash(algorithm).update(body).digest('base64');
};

export const checksumRefusal = (algorithm: ChecksumAlgorithm): Refusal => ({
  status: 400,
  code: 'BadDigest',
  message: `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
});

export const errorXml = (refusal: Refusal): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message.replace(/[<>&]/g, (c) => `&#${c.charCodeAt(0)};`)}</Message></Error>`;
