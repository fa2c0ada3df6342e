// s3rver on loopback with the buckets of infra/specs.ts. Its object-created events go to the same handlers S3
// notifications reach on AWS (wired in local/stack.ts). s3rver's event keys are not URL-encoded as real S3's
// are: the listener encodes them so handlers decode one format.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { checksumOf, checksumRefusal, errorXml, isPresigned, verifyPresigned, type Refusal } from './s3-presigned.js';
import { buffer } from 'node:stream/consumers';

export interface S3ObjectCreated {
  readonly bucket: string;
  /** URL-encoded, as in a real S3 event record. */
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly versionId: string | undefined;
  /** Orders events of one key, as S3's does: a repeated delivery carries the same one, a new upload a higher one. */
  readonly sequencer: string;
  readonly eventName: string;
}

export interface RunningS3 {
  readonly endpoint: string;
  readonly directory: string;
  stop(): Promise<void>;
}

/** The one key pair s3rver knows; the embedded stack gives it to the handlers as dummy credentials. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

interface KoaContext {
  req: import('node:http').IncomingMessage | Buffer;
  method: string;
  status: number;
  type: string;
  body: unknown;
}

/**
 * In front of s3rver's router: a presigned request whose signature S3 would refuse is refused, and so is a
 * PUT whose body does not match the checksum its URL signs (local/s3-presigned.ts says why s3rver needs this).
 */
const presignedGuard = async (ctx: KoaContext, next: () => Promise<void>) => {
  const request = ctx.req as import('node:http').IncomingMessage;
  const url = request.url ?? '/';
  if (!isPresigned(url)) return next();
  const send = (refusal: Refusal) => {
    ctx.status = refusal.status;
    ctx.type = 'application/xml';
    ctx.body = errorXml(refusal);
  };
  const verdict = await verifyPresigned({ method: ctx.method, url, headers: request.headers }, s3rverCredentials);
  if (!verdict.ok) return send(verdict);
  if (verdict.checksum !== undefined && ctx.method === 'PUT') {
    const body = await buffer(request);
    if (checksumOf(verdict.checksum.algorithm, body) !== verdict.checksum.expected)
      return send(checksumRefusal(verdict.checksum.algorithm));
    // The body is read: s3rver's putObject takes the object's content from ctx.req and stores a Buffer as is.
    ctx.req = body;
  }
  return next();
};

export const encodeS3Key = (key: string): string => encodeURIComponent(key).replaceAll('%20', '+').replaceAll('%2F', '/');

export const startS3 = async (options: {
  port: number;
  directory: string | undefined;
  buckets: readonly string[];
  onObjectCreated: (event: S3ObjectCreated) => void;
}): Promise<RunningS3> => {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'healthcard-s3-'));
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  // Koa composes its middleware when the server starts listening (server.run()); the guard goes first.
  (server as unknown as { middleware: unknown[] }).middleware.unshift(presignedGuard);
  let uploads = 0;
  (server as unknown as NodeJS.EventEmitter).on('event', (raw: unknown) => {
    const records = (raw as { Records?: S3EventRecord[] }).Records ?? [];
    for (const record of records) {
      if (!record.eventName.startsWith('ObjectCreated:')) continue;
      options.onObjectCreated({
        bucket: record.s3.bucket.name,
        key: encodeS3Key(record.s3.object.key),
        size: record.s3.object.size,
        eTag: record.s3.object.eTag,
        versionId: record.s3.object.versionId,
        // s3rver's own sequencer is Date.now(): two uploads in one millisecond would share it.
        sequencer: `${Date.now().toString(16).padStart(12, '0')}${(uploads++ % 65536).toString(16).padStart(4, '0')}`,
        eventName: record.eventName,
      });
    }
  });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    directory,
    stop: async () => {
      await server.close();
      if (options.directory === undefined) rmSync(directory, { recursive: true, force: true });
    },
  };
};

interface S3EventRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size: number; eTag: string; versionId?: string } };
}
