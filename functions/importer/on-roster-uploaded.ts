// S3 ObjectCreated on the roster bucket (rosters/…): record the upload once, named by bucket + key + version,
// refusing a key that does not say what the file is, and start its roster-import execution under the same name.
// On AWS an S3 notification invokes this; on the embedded stack s3rver's events do (local/stack.ts), with the
// same event shape. A repeated event finds its record and its execution: nothing runs twice.
import type { S3Event } from 'aws-lambda';
import { createImports, systemClock } from '../adapters/table-factories.js';
import { createImportStarter } from '../adapters/starter-factories.js';
import { logger } from '../adapters/logger.js';
import { importIdOf, parseRosterKey } from '../core/roster/uploads.js';
import { parseFieldForceKey } from '../core/field-force-roster.js';
import { importFieldForceRoster } from '../core/use-cases/field-force-roster.js';
import { createFieldForceImportDeps } from '../adapters/field-force-import-factories.js';

const imports = createImports();
const starter = createImportStarter();
const fieldForceDeps = createFieldForceImportDeps();

export const handler = async (event: S3Event): Promise<{ recorded: number; repeated: number }> => {
  let recorded = 0;
  let repeated = 0;
  for (const record of event.Records) {
    // S3 URL-encodes keys in events, with + for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    // A versioned bucket names each upload by its version. Without versions (the embedded stack's s3rver), the
    // event's sequencer tells one upload from another and a repeated delivery of one event from a new upload.
    const versionOrETag = record.s3.object.versionId ?? `${record.s3.object.eTag}@${record.s3.object.sequencer}`;
    const importId = importIdOf(record.s3.bucket.name, key, versionOrETag);
    // What every upload's record says of it, whatever the file is.
    const received = {
      importId,
      bucket: record.s3.bucket.name,
      key,
      ...(record.s3.object.versionId === undefined ? {} : { versionId: record.s3.object.versionId }),
      eTag: record.s3.object.eTag,
      size: record.s3.object.size,
      receivedAt: new Date(systemClock.now()).toISOString(),
    };
    // A field-force roster (rosters/field-force/{district}/{file}): a few hundred workers, imported here in one pass.
    const fieldForce = parseFieldForceKey(key);
    if (fieldForce !== undefined) {
      const isNewFieldForce = await imports.recordReceived({
        ...received,
        rosterType: 'field-force',
        ...(fieldForce.ok
          ? { status: 'RECEIVED' as const, district: fieldForce.district, format: fieldForce.format }
          : { status: 'REFUSED' as const, reason: fieldForce.reason }),
      });
      if (isNewFieldForce) recorded += 1;
      else repeated += 1;
      if (fieldForce.ok) {
        const object = { bucket: received.bucket, key, ...(received.versionId === undefined ? {} : { versionId: received.versionId }) };
        await importFieldForceRoster(fieldForceDeps, { importId, object, district: fieldForce.district, format: fieldForce.format });
      }
      logger.info('field-force roster upload', { importId, status: fieldForce.ok ? 'IMPORTED' : 'REFUSED', repeated: !isNewFieldForce });
      continue;
    }
    const parsed = parseRosterKey(key);
    const isNew = await imports.recordReceived({
      ...received,
      ...(parsed.ok
        ? {
            status: 'RECEIVED' as const,
            scheme: parsed.upload.scheme,
            district: parsed.upload.district,
            rosterType: parsed.upload.rosterType,
          }
        : { status: 'REFUSED' as const, reason: parsed.reason }),
    });
    if (isNew) recorded += 1;
    else repeated += 1;
    // Started for a repeated event too: the first delivery may have stopped between the record and the start.
    if (parsed.ok) await starter.startImport(importId);
    logger.info('roster upload', { importId, status: parsed.ok ? 'RECEIVED' : 'REFUSED', repeated: !isNew });
  }
  return { recorded, repeated };
};
