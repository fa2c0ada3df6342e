// A roster upload through the API: an admin on AWS holds a token, not S3 credentials, so the API names the
// object (the documented key, rosters/{scheme}/{district}/{rosterType}/{file}) and hands out a presigned PUT for
// it. The key is checked by the importer's own rules first, so a file the importer would refuse for its key is
// refused here, before anything is uploaded. The import itself starts from the S3 event, as for any upload.
import { ValidationError } from '../errors.js';
import { requirePlaceName } from '../place-names.js';
import { resolveDistrict } from '../places/gazetteer.js';
import { parseRosterKey } from '../roster/uploads.js';
import type { Caller } from '../identity.js';
import type { RosterUploadLinks } from '../../ports/roster-uploads.js';
import { requireAdminDistrict } from './access.js';
import type { Clock } from './deps.js';
import { isFullSnapshot } from './roster-import.js';

export interface RosterUploadDeps {
  readonly uploads: RosterUploadLinks;
  readonly clock: Clock;
}

export interface RosterUploadRequest {
  readonly scheme: string;
  readonly district: string;
  readonly rosterType: string;
  readonly fileName: string;
  readonly fullSnapshot: boolean;
}

/** Long enough to upload a district roster over a slow office line; short enough not to linger. */
export const uploadLinkSeconds = 15 * 60;

/**
 * The object key for an upload. A full snapshot is declared by the file name (`.full.csv`), so the flag adds
 * `.full`; a name that says `.full` without the flag is refused rather than taken as a snapshot by surprise
 * (a snapshot marks everyone it does not list removed).
 */
export const rosterUploadKey = (request: RosterUploadRequest): { ok: true; key: string } | { ok: false; code: string; message: string } => {
  const named = isFullSnapshot(request.fileName);
  if (named && !request.fullSnapshot) {
    return {
      ok: false,
      code: 'SNAPSHOT_NOT_DECLARED',
      message: `${request.fileName} is named as a full snapshot: people of the roster it does not list would be marked removed. Declare it (fullSnapshot: true) or rename the file.`,
    };
  }
  const fileName = request.fullSnapshot && !named ? request.fileName.replace(/\.(csv|xlsx)$/i, '.full.$1') : request.fileName;
  // The key names the district as the gazetteer does (लखनऊ is uploaded as Lucknow): one spelling in every listing.
  const district = resolveDistrict(request.district);
  const key = `rosters/${request.scheme}/${district.ok ? district.name : request.district}/${request.rosterType}/${fileName}`;
  const parsed = parseRosterKey(key);
  return parsed.ok ? { ok: true, key } : { ok: false, code: 'ROSTER_KEY_REFUSED', message: parsed.reason };
};

export const requestRosterUpload = async (deps: RosterUploadDeps, caller: Caller, request: RosterUploadRequest) => {
  requirePlaceName('district', request.district);
  const district = resolveDistrict(request.district);
  requireAdminDistrict(caller, district.ok ? district.name : request.district);
  const named = rosterUploadKey(request);
  if (!named.ok) throw new ValidationError({ code: named.code, message: named.message, details: { fileName: request.fileName } });
  const now = deps.clock.now();
  const issuedAt = new Date(now).toISOString();
  const link = await deps.uploads.uploadLink(named.key, uploadLinkSeconds);
  const find = new URLSearchParams({ district: district.ok ? district.name : request.district, key: named.key, since: issuedAt });
  return {
    uploadUrl: link.url,
    method: 'PUT' as const,
    headers: link.headers,
    key: named.key,
    fullSnapshot: request.fullSnapshot,
    issuedAt,
    expiresAt: new Date(now + uploadLinkSeconds * 1000).toISOString(),
    imports: `/v1/admin/imports?${find.toString()}`,
  };
};
