// Place names a caller sends (query strings, bodies): resolved through the gazetteer the same way roster rows are
// (core/places/gazetteer.ts), so "Kanpur", "कानपुर नगर" and "Kanpur Nagar" are one district to the API as they are
// to an import. Every name is also held to a strict pattern, since districts and blocks become segments of object
// keys (worklists/{campaign}/{district}/{block}/…, rosters/{scheme}/{district}/…): no value can add a folder,
// climb out of one (`..`, `/`) or leave an empty segment (`Mal//x`). Pure.
import { containsAadhaarNumber } from './aadhaar.js';
import { ValidationError } from './errors.js';
import { resolveBlock, resolveDistrict } from './places/gazetteer.js';

/** The longest place name taken (the longest district or block names are well under it). */
export const placeNameMaxLength = 80;

/** What a block is called on the worklist when the roster gives none. */
export const noBlock = '-';

// Letters of any script with their combining marks (Devanagari vowel signs, nukta, virama), digits, spaces and
// a few marks names carry: - . ( ) & ' and, inside a word, ZWNJ/ZWJ (Devanagari half forms). It starts with a
// letter or digit and ends with one, a mark, '.' or ')'. No slash, backslash, control or other character.
const placeNamePattern = /^[\p{L}\p{Nd}](?:[\p{L}\p{M}\p{Nd} .()&'\u200C\u200D-]*[\p{L}\p{M}\p{Nd}.)])?$/u;

/**
 * Whether `value` may stand for a district or block, and so be one segment of an object key (and of the bucket's
 * access logs: an Aadhaar number is never a place).
 */
export const isPlaceName = (value: string): boolean =>
  value === noBlock ||
  (value.length <= placeNameMaxLength && placeNamePattern.test(value) && !value.includes('..') && !containsAadhaarNumber(value));

/** `value` as a place name, or a 400 INVALID_PLACE_NAME naming the parameter it came in. */
export const requirePlaceName = (parameter: string, value: string): string => {
  if (!isPlaceName(value)) {
    throw new ValidationError({
      code: 'INVALID_PLACE_NAME',
      message: `${parameter} "${value}" is not a place name: letters, digits, spaces and - . ( ) & ' only, up to ${placeNameMaxLength} characters.`,
      details: { parameter },
    });
  }
  return value;
};

/** A place name a caller sent, resolved: its canonical name, or why it is refused and the code to answer with. */
export type PlaceCheck =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly code: 'INVALID_PLACE_NAME' | 'UNKNOWN_DISTRICT' | 'UNKNOWN_BLOCK'; readonly message: string };

const notAPlace = (value: string): PlaceCheck => ({
  ok: false,
  code: 'INVALID_PLACE_NAME',
  message: `"${value}" is not a place name: letters, digits, spaces and - . ( ) & ' only, up to ${placeNameMaxLength} characters.`,
});

/**
 * A district as the gazetteer names it ("Kanpur" and "कानपुर नगर" are Kanpur Nagar, "छपरा" is Saran). A district
 * the gazetteer does not know is refused (UNKNOWN_DISTRICT), as a roster row naming it is: stored or queried, it
 * would match nothing and say nothing.
 */
export const checkDistrict = (value: string): PlaceCheck => {
  if (!isPlaceName(value) || value === noBlock) return notAPlace(value);
  const district = resolveDistrict(value);
  return district.ok ? { ok: true, name: district.name } : { ok: false, code: 'UNKNOWN_DISTRICT', message: district.reason };
};

/**
 * A block of a (canonical) district, by the importer's one rule (resolveBlock): a listed block in either script
 * or a listed spelling is its canonical name; a near miss of a listed block is refused (UNKNOWN_BLOCK) naming the
 * block meant; any other block is taken as written, since the gazetteer cannot list every block. `-` (no block)
 * stays as it is.
 */
export const checkBlock = (district: string, value: string): PlaceCheck => {
  if (!isPlaceName(value)) return notAPlace(value);
  if (value === noBlock) return { ok: true, name: value };
  const block = resolveBlock(district, value);
  if (!block.ok) return { ok: false, code: 'UNKNOWN_BLOCK', message: block.reason };
  // A name taken as written is still a key segment: cleaning must not have made it something the pattern refuses.
  return isPlaceName(block.name) ? { ok: true, name: block.name } : notAPlace(value);
};

const required = (parameter: string, check: PlaceCheck): string => {
  if (!check.ok) throw new ValidationError({ code: check.code, message: `${parameter}: ${check.message}`, details: { parameter } });
  return check.name;
};

/** `value` as a canonical district, or a 400 (UNKNOWN_DISTRICT, INVALID_PLACE_NAME) naming the parameter. */
export const requireDistrict = (parameter: string, value: string): string => required(parameter, checkDistrict(value));

/** `value` as a block of `district` (canonical), or a 400 (UNKNOWN_BLOCK, INVALID_PLACE_NAME) naming the parameter. */
export const requireBlock = (parameter: string, district: string, value: string): string =>
  required(parameter, checkBlock(district, value));
