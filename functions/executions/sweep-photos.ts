// The photo sweep: e-KYC photos past their time deleted, the others' next look set (core/use-cases/photos.ts says
// when, SECURITY.md why). On AWS an EventBridge schedule invokes it (infra/specs.ts schedules); the embedded stack
// runs it on a timer. It deletes sealed objects and never opens one: no photo key. Counts only in its log.
import { logger } from '../adapters/logger.js';
import { createPhotoRecords, createPhotoRemover, photoRetentionOverride } from '../adapters/photo-factories.js';
import { createRegistry, systemClock } from '../adapters/table-factories.js';
import { sweepPhotos } from '../core/use-cases/photos.js';

const deps = {
  registry: createRegistry(),
  photoRecords: createPhotoRecords(),
  photos: createPhotoRemover(),
  clock: systemClock,
  ...photoRetentionOverride(),
};

export const handler = async (): Promise<{ deleted: number; kept: number }> => {
  const result = await sweepPhotos(deps, { pageSize: 200 });
  // A line when there was something to look at: the sweep runs hourly, and most runs find nothing due.
  if (result.deleted + result.kept > 0) logger.info('photo sweep', result);
  return result;
};
