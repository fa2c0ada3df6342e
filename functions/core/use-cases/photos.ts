// e-KYC photos after e-KYC: short-lived links for approvers in scope, the image behind a link, and the sweep that
// deletes each photo once its time is up (core/photos.ts says when).
import { createHash, randomBytes } from 'node:crypto';
import { GoneError, NotFoundError } from '../errors.js';
import type { Caller } from '../identity.js';
import { photoDeleteAt, photoRetention, type PhotoRetention } from '../photos.js';
import type { Approvals } from '../../ports/approvals.js';
import type { Photo, PhotoRecords, Photos } from '../../ports/photos.js';
import { queuesOf } from './approval.js';
import type { CoreDeps } from './deps.js';

/** Drills and tests on the embedded stack compress the periods (photo-factories.ts); unset in production. */
export interface RetentionDeps {
  readonly retentionOverride?: Partial<Record<keyof PhotoRetention, number>>;
}

const retentionOf = (deps: RetentionDeps): Record<keyof PhotoRetention, number> => ({ ...photoRetention, ...deps.retentionOverride });

/** When the sweep first looks at a photo stored now (epoch ms). */
export const firstPhotoReview = (deps: RetentionDeps & Pick<CoreDeps, 'clock'>): string =>
  new Date(deps.clock.now() + retentionOf(deps).reviewEverySeconds * 1000).toISOString();

const notAvailable = () =>
  new NotFoundError({ code: 'PHOTO_NOT_AVAILABLE', message: 'This case has no e-KYC photo (none was given, or it has been deleted).' });

/** The hash a link is kept under: the token itself is never stored. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface PhotoLinkDeps extends CoreDeps, RetentionDeps {
  readonly approvals: Pick<Approvals, 'get'>;
  readonly photoRecords: Pick<PhotoRecords, 'saveLink' | 'findLink'>;
  readonly photos: Pick<Photos, 'get'>;
}

/** A short-lived link to the photo of an approval task in the caller's queues (the same scope as deciding it). */
export const photoLink = async (deps: PhotoLinkDeps, taskId: string, caller: Caller): Promise<{ token: string; expiresAt: string }> => {
  const task = await deps.approvals.get(taskId);
  // Another approver's task is reported as not found: its existence is not revealed.
  if (task === undefined || !queuesOf(caller).includes(task.queue))
    throw new NotFoundError({ code: 'APPROVAL_NOT_FOUND', message: 'No such approval task.' });
  const photoKey = (await deps.registry.getRegistration(task.registrationId))?.ekyc?.photoKey;
  if (photoKey === undefined) throw notAvailable();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now() + retentionOf(deps).linkSeconds * 1000).toISOString();
  await deps.photoRecords.saveLink(hashOf(token), { registrationId: task.registrationId, photoKey, expiresAt });
  return { token, expiresAt };
};

/** The image behind a link: refused once the link has expired, and once the photo is gone. */
export const photoByLink = async (deps: PhotoLinkDeps, token: string): Promise<Photo> => {
  const link = await deps.photoRecords.findLink(hashOf(token));
  if (link === undefined || Date.parse(link.expiresAt) <= deps.clock.now())
    throw new GoneError({
      code: 'PHOTO_LINK_EXPIRED',
      message: 'This photo link has expired (links last 5 minutes); open the case again.',
    });
  const photo = await deps.photos.get(link.registrationId, link.photoKey);
  if (photo === undefined) throw notAvailable();
  return photo;
};

export interface PhotoSweepDeps extends CoreDeps, RetentionDeps {
  readonly photoRecords: Pick<PhotoRecords, 'due' | 'reschedule' | 'forget'>;
  readonly photos: Pick<Photos, 'remove'>;
}

/** Look at the photos whose time has come: delete those past it, and set the next look for the others. */
export const sweepPhotos = async (deps: PhotoSweepDeps, options: { pageSize: number }): Promise<{ deleted: number; kept: number }> => {
  const now = deps.clock.now();
  const retention = retentionOf(deps);
  const due = await deps.photoRecords.due(new Date(now).toISOString(), options.pageSize);
  let deleted = 0;
  for (const { registrationId, photoKey } of due) {
    const registration = await deps.registry.getRegistration(registrationId);
    const { at, settled } = photoDeleteAt(registration, now, retention);
    if (at > now) {
      const next = settled ? at : Math.min(at, now + retention.reviewEverySeconds * 1000);
      await deps.photoRecords.reschedule(registrationId, new Date(next).toISOString());
      continue;
    }
    await deps.photos.remove(photoKey);
    if (registration?.ekyc?.photoKey !== undefined) {
      const { photoKey: _gone, ...ekyc } = registration.ekyc;
      // The registration no longer names a photo (the case view says none); a status change meanwhile leaves the
      // record for the next sweep, which finds the object gone and tries again.
      await deps.registry.update(registrationId, { ekyc }, [registration.status]);
    }
    await deps.photoRecords.forget(registrationId);
    deleted += 1;
  }
  return { deleted, kept: due.length - deleted };
};
