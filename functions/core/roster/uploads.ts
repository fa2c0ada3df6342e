// What a roster upload is, from its object key: rosters/{scheme}/{district}/{rosterType}/{file}.csv|.xlsx.
// And its import id: the same bucket, key and version (or bytes, where there is no version) is the same import,
// so a repeated S3 event or a re-upload of identical bytes imports nothing twice.
import { createHash } from 'node:crypto';
import { resolveDistrict } from '../places/gazetteer.js';
import { findScheme, rosterTypes, type RosterType } from '../schemes.js';
import { hiddenCharactersIn } from '../text.js';

export interface RosterUpload {
  readonly scheme: string;
  /** The district's canonical name (the gazetteer's), however the key spells it: लखनऊ and Lucknow are one scope. */
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
  // A name that could show as another (bidi controls) or differ from how it looks (zero-width characters) is
  // refused: the key is what admins read in every listing, and an object key cannot be cleaned once uploaded.
  const hidden = hiddenCharactersIn(key);
  if (hidden.length > 0) {
    return {
      ok: false,
      reason: `The file name or path holds invisible characters (${hidden.join(', ')}) that change how it reads; rename the file and upload again.`,
    };
  }
  if (district.length > 60) return { ok: false, reason: `"${district.slice(0, 60)}..." is not a district name.` };
  const resolved = resolveDistrict(district);
  if (!resolved.ok) return { ok: false, reason: resolved.reason };
  if (format === undefined) return { ok: false, reason: 'Only .csv and .xlsx files are imported.' };
  return { ok: true, upload: { scheme, district: resolved.name, rosterType: rosterType as RosterType, file, format } };
};

export const importIdOf = (bucket: string, key: string, versionOrETag: string): string =>
  createHash('sha256').update(`${bucket}\n${key}\n${versionOrETag}`).digest('hex').slice(0, 32);
