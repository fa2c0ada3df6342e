// What a roster upload is, from its object key: rosters/{scheme}/{district}/{rosterType}/{file}.csv|.xlsx.
// And its import id: the same bucket, key and version (or bytes, where there is no version) is the same import,
// so a repeated S3 event or a re-upload of identical bytes imports nothing twice.
import { createHash } from 'node:crypto';
import { findScheme, rosterTypes, type RosterType } from '../schemes.js';

export interface RosterUpload {
  readonly scheme: string;
  readonly district: string;
  readonly rosterType: RosterType;
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
}

export type ParsedKey = { readonly ok: true; readonly upload: RosterUpload } | { readonly ok: false; readonly reason: string };

export const parseRosterKey = (key: string): ParsedKey => {
  const parts = key.split('/');
  if (parts.length !== 5 || parts[0] !== 'rosters') {
    return { ok: false, reason: 'Roster files go to rosters/{scheme}/{district}/{rosterType}/{file}.csv (or .xlsx).' };
  }
  const [, scheme, district, rosterType, file] = parts as [string, string, string, string, string];
  const format = /\.csv$/i.test(file) ? 'csv' : /\.xlsx$/i.test(file) ? 'xlsx' : undefined;
  const known = findScheme(scheme);
  if (known === undefined) return { ok: false, reason: `Unknown scheme "${scheme}".` };
  if (!(rosterTypes as readonly string[]).includes(rosterType)) {
    return { ok: false, reason: `Unknown roster type "${rosterType}" (one of ${rosterTypes.join(', ')}).` };
  }
  if (!(known.rosterTypes as readonly string[]).includes(rosterType)) {
    return { ok: false, reason: `Scheme ${scheme} takes ${known.rosterTypes.join(', ')} rosters, not ${rosterType}.` };
  }
  if (!/^[\p{L}][\p{L} .-]{1,40}$/u.test(district)) return { ok: false, reason: `"${district}" is not a district name.` };
  if (format === undefined) return { ok: false, reason: 'Only .csv and .xlsx files are imported.' };
  return { ok: true, upload: { scheme, district, rosterType: rosterType as RosterType, file, format } };
};

export const importIdOf = (bucket: string, key: string, versionOrETag: string): string =>
  createHash('sha256').update(`${bucket}\n${key}\n${versionOrETag}`).digest('hex').slice(0, 32);
