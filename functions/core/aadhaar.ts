// Aadhaar numbers at the edge: 12 digits, the first 2-9, the last a Verhoeff check digit (UIDAI's scheme; it
// catches every single-digit error and every swap of neighbours). Never stored: kept as an HMAC token, keyed
// from the pipeline master key, and the last four digits.
import { createHmac } from 'node:crypto';
import { asciiDigits } from './text.js';

// Verhoeff's tables: multiplication in the dihedral group D5, the position permutation, and the inverse. The
// permutation table's row k is p applied k times, p = (0 1 5 8 9 4 2 7)(3 6) (row 4 was once wrong here, so
// numbers valid under the standard check were refused; test/unit/aadhaar-ekyc.test.ts derives the rows from p).
const multiply = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const permute: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const inverse = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** The position permutation table, read-only: a test holds it against the powers of p. */
export const verhoeffPermutation: readonly (readonly number[])[] = permute;

const checksum = (digits: string, offset: number): number =>
  [...digits]
    .reverse()
    .reduce(
      (c, digit, index) => (multiply[c] as number[])[(permute[(index + offset) % 8] as number[])[Number(digit)] as number] as number,
      0,
    );

/** The check digit to append to `digits`. */
export const verhoeffCheckDigit = (digits: string): string => String(inverse[checksum(digits, 1)]);

export const verhoeffValid = (digits: string): boolean => /^\d+$/.test(digits) && checksum(digits, 0) === 0;

/**
 * People write Aadhaar numbers with spaces or dashes ("2345 6789 0124"), and in Devanagari digits
 * (२३४५ ६७८९ ०१२४) as Hindi forms and rosters do: the same number to every check here.
 */
export const normalizeAadhaarInput = (text: string): string => asciiDigits(text.replace(/[\s-]/g, ''));

export const isValidAadhaarNumber = (text: string): boolean => /^[2-9]\d{11}$/.test(text) && verhoeffValid(text);

export const maskAadhaar = (last4: string): string => `XXXX XXXX ${last4}`;

// Twelve digits, ASCII or Devanagari, first 2-9, as people group them (4-4-4 with a space or a dash), not inside
// a longer number.
const aadhaarRun =
  /(?<![\d\u0966-\u096F])[2-9\u0968-\u096F][\d\u0966-\u096F]{3}[ -]?[\d\u0966-\u096F]{4}[ -]?[\d\u0966-\u096F]{4}(?![\d\u0966-\u096F])/g;

/** Whether text holds an Aadhaar number anywhere in it ("Ram 2345 6789 0124" does). */
export const containsAadhaarNumber = (text: string): boolean =>
  // Most cells (a million-row roster's names, years, member ids) are too short for twelve digits, or have no run
  // of four: those tests are the cheap ones.
  text.length >= 12 &&
  fourDigits.test(text) &&
  [...text.matchAll(aadhaarRun)].some((match) => isValidAadhaarNumber(normalizeAadhaarInput(match[0])));
const fourDigits = /[\d\u0966-\u096F]{4}/;

/** Text with every Aadhaar number in it masked to its last four digits; other numbers left as they are. */
export const maskAadhaarNumbers = (text: string): string =>
  text.replace(aadhaarRun, (run) => {
    const digits = normalizeAadhaarInput(run);
    return isValidAadhaarNumber(digits) ? maskAadhaar(digits.slice(-4)) : run;
  });

/** The only form of an Aadhaar number that is stored: one card per Aadhaar per scheme is checked on it. */
export const aadhaarToken = (aadhaarNumber: string, key: Buffer | string): string =>
  createHmac('sha256', key).update(`aadhaar:${aadhaarNumber}`).digest('hex');
