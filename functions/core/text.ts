// Text people see, cleaned of what they cannot see. A name, a place or a file name that carries a bidi override
// can display as something else than it is ("‮vsc.exe" shows as "exe.csv"), and one with a zero-width space is
// a different string that looks the same (two "Ram Prasad"s that never match). Pure; used for roster cells and
// roster file names, and every string the API takes (functions/api/schemas.ts refuses what this finds).

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the direction marks (U+200E, U+200F,
 * U+061C): none belongs in a name, a place or a file name in the scripts a roster uses.
 */
const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/** Zero-width space, word joiner, byte order mark / zero-width no-break space, Mongolian vowel separator, soft hyphen. */
const zeroWidth = /[\u200B\u2060\uFEFF\u180E\u00AD]/gu;

/**
 * ZWNJ (U+200C) and ZWJ (U+200D) are kept between two letters or marks: in Devanagari and other Indic scripts
 * they choose a conjunct's form (क्‍ष, half forms after a virama) and are part of how a name is spelt. Anywhere
 * else (at either end, beside a space, digit or punctuation) they shape nothing and only make the text differ.
 */
const strayJoiner = /(?<![\p{L}\p{M}])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}])/gu;

/** Other control characters (C0 and C1, but tab, CR and LF, which spaces fold) become a space. */
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;

const invisible =
  /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u180E\u00AD\u200C\u200D\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/** Whether `text` holds any character cleanPersonText would remove or change (a quick test for the common case). */
export const hasHiddenCharacters = (text: string): boolean => invisible.test(text);

/**
 * Person-facing text as it should be stored: NFC, without bidi controls, zero-width characters or control
 * characters, with stray ZWNJ/ZWJ removed (those between letters kept), spaces folded and trimmed.
 */
// Roster imports run this on every non-ASCII cell of a million rows: each step runs only when the text needs it.
const unfoldedSpace = /\s\s|[^\S ]/u;
export const cleanPersonText = (text: string): string => {
  let cleaned = text.normalize('NFC');
  if (invisible.test(cleaned)) {
    cleaned = cleaned.replace(bidiControls, '').replace(zeroWidth, '').replace(controls, ' ').replace(strayJoiner, '');
  }
  if (unfoldedSpace.test(cleaned)) cleaned = cleaned.replace(/\s+/gu, ' ');
  return cleaned.charCodeAt(0) === 32 || cleaned.charCodeAt(cleaned.length - 1) === 32 ? cleaned.trim() : cleaned;
};

/**
 * The characters in `text` that make it display as something else (bidi controls) or differ from how it looks
 * (zero-width characters, controls other than tab and line ends), each once as U+XXXX in order of first
 * appearance. ZWNJ/ZWJ between letters are spelling (a Hindi name or file name may have them), as in
 * cleanPersonText. Where text cannot be cleaned (an object key once uploaded) or should not be silently changed
 * (what a caller sends the API), it is refused naming these.
 */
export const hiddenCharactersIn = (text: string): string[] =>
  [
    ...new Set([...text.replace(/(?<=[\p{L}\p{M}])[\u200C\u200D](?=[\p{L}\p{M}])/gu, '')].filter((character) => invisible.test(character))),
  ].map((character) => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);

/** Devanagari digits (०-९) as ASCII: Hindi forms and exports write numbers, dates, mobiles and Aadhaar in either. */
const devanagariDigit = /[\u0966-\u096F]/u;
const devanagariDigits = /[\u0966-\u096F]/gu;
export const asciiDigits = (text: string): string =>
  devanagariDigit.test(text) ? text.replace(devanagariDigits, (digit) => String((digit.codePointAt(0) ?? 0x0966) - 0x0966)) : text;
