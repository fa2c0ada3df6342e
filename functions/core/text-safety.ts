// Text a person types, checked before it is stored or shown to another person. Pure.
// - Characters that change how text is displayed without being seen: bidi controls (embeddings, overrides and
//   isolates U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C) can make "Ram" read as another
//   name or a file name end in another extension; zero-width characters (U+200B, U+2060, U+FEFF, U+180E) make two
//   strings that look the same differ. They are refused. ZWNJ (U+200C) and ZWJ (U+200D) are not: Devanagari
//   text needs them to choose a half form or a ligature.
// - Aadhaar numbers typed into notes, names and reasons are masked to their last four digits, as in rosters.
import { maskAadhaarNumbers } from './aadhaar.js';

const hiddenCharacter = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\u180E]/gu;

/** The hidden characters in `text`, each as U+XXXX (once each, in order of first appearance). */
export const hiddenCharacters = (text: string): string[] => [
  ...new Set([...text.matchAll(hiddenCharacter)].map((match) => `U+${(match[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`)),
];

const devanagariDigit = /[\u0966-\u096F]/;
const numberRun = /[\d\u0966-\u096F][\d\u0966-\u096F -]{10,16}[\d\u0966-\u096F]/g;

/**
 * Free text with every Aadhaar number in it masked (XXXX XXXX 1234). A number typed in Devanagari digits
 * (९९९९ ४१०५ ७०५८) is one too: its digits are read as ASCII first, then masked like any other.
 */
export const maskAadhaarInText = (text: string): string =>
  maskAadhaarNumbers(
    devanagariDigit.test(text)
      ? text.replace(numberRun, (run) => (devanagariDigit.test(run) && maskAadhaarNumbers(asciiDigits(run)) !== asciiDigits(run) ? asciiDigits(run) : run))
      : text,
  );

const asciiDigits = (text: string): string => text.replace(/[\u0966-\u096F]/g, (digit) => String((digit.codePointAt(0) as number) - 0x0966));
