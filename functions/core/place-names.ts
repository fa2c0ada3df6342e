// Place names that become part of an object key (worklists/{campaign}/{district}/{block}/…, rosters/{scheme}/
// {district}/…): held to a strict pattern, so no value a caller sends can add a folder, climb out of one (`..`,
// `/`) or leave an empty segment (`Mal//x`). One pure function, so a gazetteer can take its place: a name is a
// place when the gazetteer knows it; until then, when it looks like one. Pure.
import { containsAadhaarNumber } from './aadhaar.js';
import { ValidationError } from './errors.js';

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
  value === noBlock || (value.length <= placeNameMaxLength && placeNamePattern.test(value) && !value.includes('..') && !containsAadhaarNumber(value));

/** `value` as a place name, or a 400 INVALID_PLACE_NAME naming the parameter it came in. */
export const requirePlaceName = (parameter: string, value: string): string => {
  if (!isPlaceName(value)) {
    throw new ValidationError(
      `${parameter} "${value}" is not a place name: letters, digits, spaces and - . ( ) & ' only, up to ${placeNameMaxLength} characters.`,
      { parameter },
      'INVALID_PLACE_NAME',
    );
  }
  return value;
};
