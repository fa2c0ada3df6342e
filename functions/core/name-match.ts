// Does the e-KYC identity match the roster record? Names come in Devanagari and in many English spellings of
// the same sounds ("Mohd. Irfan" / "मोहम्मद इरफान", "Suneeta" / "Sunita", "Srivastava" / "Shrivastav"). Each name is
// turned into phonetic Latin keys: Devanagari is transliterated (sanscript, IAST) with Hindi schwa deletion, and
// both scripts go through one table of spelling rules. Tokens are then aligned (order may differ, initials may
// stand for names, a middle name may be missing) and scored; the weakest aligned token bounds the score, so
// "Rajesh Kumar" and "Rakesh Kumar" do not match just because "Kumar" does. Pure. Measured in docs/name-matching.md.
import Sanscript from '@indic-transliteration/sanscript';
import { distance } from 'fastest-levenshtein';

/** Default thresholds, set from the test corpus in test/unit/name-match.test.ts. */
export const defaultNameScore = 0.85;
export const defaultYearTolerance = 1;

const honorifics = new Set([
  'shri',
  'sri',
  'shree',
  'smt',
  'shrimati',
  'srimati',
  'kumari',
  'km',
  'kum',
  'dr',
  'late',
  'lt',
  'mr',
  'mrs',
  'ms',
  'miss',
  'sh',
  'ku',
  'sushri',
  'janab',
]);

/** Abbreviations and spellings that stand for one name. */
const canonicalTokens: Record<string, string> = {
  md: 'mohammad',
  mohd: 'mohammad',
  mohammed: 'mohammad',
  muhammad: 'mohammad',
  mohamad: 'mohammad',
  muhammed: 'mohammad',
  kr: 'kumar',
  pd: 'prasad',
  prashad: 'prasad',
  chandra: 'chand',
  ch: 'chand',
  rehman: 'rahman',
  agarwal: 'agrawal',
  aggarwal: 'agrawal',
  agarwala: 'agrawal',
};

/** Spelling rules on lower-case Latin, in order: each pair is (pattern, replacement). */
const spellingRules: readonly (readonly [RegExp, string])[] = [
  [/qu/g, 'k'],
  [/ksh|x/g, 'ks'],
  [/ngh$|nh$|ng$/g, 'n'],
  [/chh/g, 'c'],
  [/ch/g, 'c'],
  [/sh/g, 's'],
  [/ph/g, 'f'],
  [/(?<=[kgtdbjp])h/g, ''],
  [/w/g, 'v'],
  [/z/g, 'j'],
  [/q/g, 'k'],
  [/ck/g, 'k'],
  [/ee|ii|ie/g, 'i'],
  [/oo|uu/g, 'u'],
  [/au|ou|ow/g, 'o'],
  [/ai|ei|ay/g, 'e'],
  [/(.)\1+/g, '$1'],
  // "Verma" / वर्मा (varmā), "Begum" / बेगम (begam): English spellings of the same short a.
  [/er(?=[^aeiou])/g, 'ar'],
  [/um$/g, 'am'],
  [/(?<=[aeiou])h$/g, ''],
  // Hindi's silent inherent vowel, written or not in English spellings: "Kamala" / "Kamla", "Irafan" / "Irfan".
  [/(?<=[aeiou][^aeiou])a(?=[^aeiou][aeiou])/g, ''],
  // Final short a is silent in Hindi and often written ("Yadava", "Srivastava"): drop it everywhere.
  [/(?<=[^aeiou])a$/g, ''],
  [/y$/g, 'i'],
];

/** IAST letters to the plain Latin a Hindi speaker would write. */
const iastToLatin: Record<string, string> = {
  ā: 'a',
  ī: 'i',
  ū: 'u',
  ṛ: 'ri',
  ṝ: 'ri',
  ḷ: 'l',
  ṅ: 'n',
  ñ: 'n',
  ṇ: 'n',
  ṃ: 'n',
  ṁ: 'n',
  ḥ: 'h',
  ś: 'sh',
  ṣ: 'sh',
  ṭ: 't',
  ḍ: 'd',
  c: 'ch',
};

const devanagari = /[\u0900-\u097F]/;

// The package's type declarations leave `t` unexported from its namespace; the function is there at run time.
const sanscript = Sanscript as unknown as { t: (text: string, from: string, to: string) => string };

/** Hindi drops the inherent vowel at the end of a word and between VC_CV: राम ram, कमला kamla. */
const deleteSchwa = (iast: string): string =>
  iast.replace(/(?<=[^aāiīuūeoṛ\s])a(?=\s|$)/g, '').replace(/(?<=[aāiīuūeo][^aāiīuūeoṛ\s])a(?=[^aāiīuūeoṛ\s][aāiīuūeo])/g, '');

const transliterate = (text: string): string => {
  const iast = deleteSchwa(sanscript.t(text.replace(/\u093C/g, ''), 'devanagari', 'iast'));
  return [...iast].map((letter) => iastToLatin[letter] ?? letter).join('');
};

export const normalizeName = (raw: string): string =>
  raw
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\s]/gu, ' ')
    .split(/\s+/)
    .filter((token) => token !== '' && !honorifics.has(token))
    .join(' ');

const phonetic = (token: string): string =>
  spellingRules.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), token);

/** Tokens as phonetic keys, from Devanagari or Latin. */
export const nameKey = (raw: string): string[] => {
  const normalized = normalizeName(raw);
  const latin = devanagari.test(normalized) ? transliterate(normalized) : normalized.normalize('NFD').replace(/\p{M}/gu, '');
  return latin
    .split(/\s+/)
    .filter((token) => token !== '' && !honorifics.has(token))
    .map((token) => canonicalTokens[token] ?? token)
    .map(phonetic)
    .map((token) => canonicalTokens[token] ?? token)
    .filter((token) => token !== '');
};

const similarity = (a: string, b: string): number => (a === b ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length));

/** Consonants after the first letter. */
const skeleton = (token: string) => token.charAt(0) + token.slice(1).replace(/[aeiou]/g, '');

const isSubsequence = (short: string, long: string) => {
  let index = 0;
  for (const letter of long) if (letter === short[index]) index += 1;
  return index === short.length;
};

const tokenScore = (a: string, b: string): number => {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) return a.charAt(0) === b.charAt(0) ? 0.9 : 0;
  // Only vowels written in or left out ("Fatima" / "Fatma"): the same name. A changed vowel ("Kiran" / "Karan") is not.
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (skeleton(a) === skeleton(b) && isSubsequence(short, long)) return Math.max(0.9, similarity(a, b));
  return similarity(a, b);
};

export type NameMethod = 'exact' | 'phonetic' | 'fuzzy' | 'initials';

export interface NameComparison {
  readonly score: number;
  readonly method: NameMethod;
}

/** Each token of the shorter name to its best partner in the longer one; the weakest pair bounds the score. */
const alignedScore = (
  short: readonly string[],
  long: readonly string[],
): { score: number; initials: boolean; weakest: number; weakestAt: number } => {
  const free = [...long];
  let weakest = 1;
  let weakestAt = -1;
  let initials = false;
  for (const [position, token] of short.entries()) {
    let best = -1;
    let bestIndex = -1;
    for (const [index, candidate] of free.entries()) {
      const score = tokenScore(token, candidate);
      if (score > best) [best, bestIndex] = [score, index];
    }
    if (bestIndex < 0) return { score: 0, initials, weakest: 0, weakestAt: position };
    if ((token.length === 1 || (free[bestIndex] as string).length === 1) && best > 0) initials = true;
    free.splice(bestIndex, 1);
    if (best < weakest) [weakest, weakestAt] = [best, position];
  }
  // A missing middle name costs a little per token; a missing first or last name shows up as a weak pair.
  return { score: weakest * 0.95 ** free.length, initials, weakest, weakestAt };
};

export const compareNames = (a: string, b: string): NameComparison => {
  if (normalizeName(a) === normalizeName(b) && normalizeName(a) !== '') return { score: 1, method: 'exact' };
  const keysA = nameKey(a);
  const keysB = nameKey(b);
  if (keysA.length === 0 || keysB.length === 0) return { score: 0, method: 'fuzzy' };
  if (keysA.join(' ') === keysB.join(' ')) return { score: 1, method: 'phonetic' };
  const [short, long] = keysA.length <= keysB.length ? [keysA, keysB] : [keysB, keysA];
  const aligned = alignedScore(short, long);
  // "Shyam Lal" / "Shyamlal": when the token counts differ, the names joined, compared whole.
  const joined = keysA.length === keysB.length ? 0 : tokenScore(keysA.join(''), keysB.join(''));
  const score = Math.max(aligned.score, joined);
  const method: NameMethod = aligned.initials && aligned.score >= joined ? 'initials' : score === 1 ? 'phonetic' : 'fuzzy';
  return { score: Math.round(score * 1000) / 1000, method };
};

export type Gender = 'M' | 'F' | 'T';

export interface IdentityMatch {
  readonly outcome: 'match' | 'mismatch';
  readonly nameScore: number;
  readonly checks: {
    readonly name: 'pass' | 'fail';
    readonly yearOfBirth: 'pass' | 'fail' | 'missing';
    readonly gender: 'pass' | 'fail' | 'missing';
  };
  /** Stable codes: NAME_MISMATCH, YEAR_OF_BIRTH_MISMATCH, GENDER_MISMATCH, YEAR_OF_BIRTH_MISSING, GENDER_MISSING. */
  readonly reasons: string[];
}

export const matchIdentity = (
  ekyc: { name: string; nameLocal?: string; yearOfBirth: number; gender: Gender },
  roster: { name?: string; nameLocal?: string; yearOfBirth?: number; dateOfBirth?: string; gender?: Gender },
  thresholds: { nameScore: number; yearTolerance: number },
): IdentityMatch => {
  const ekycNames = [ekyc.name, ekyc.nameLocal].filter((name): name is string => name !== undefined && name.trim() !== '');
  const rosterNames = [roster.name, roster.nameLocal].filter((name): name is string => name !== undefined && name.trim() !== '');
  const nameScore = Math.max(0, ...ekycNames.flatMap((a) => rosterNames.map((b) => compareNames(a, b).score)));
  const rosterYear = roster.yearOfBirth ?? (roster.dateOfBirth === undefined ? undefined : Number(roster.dateOfBirth.slice(0, 4)));
  const checks = {
    name: nameScore >= thresholds.nameScore ? ('pass' as const) : ('fail' as const),
    yearOfBirth:
      rosterYear === undefined || Number.isNaN(rosterYear)
        ? ('missing' as const)
        : Math.abs(rosterYear - ekyc.yearOfBirth) <= thresholds.yearTolerance
          ? ('pass' as const)
          : ('fail' as const),
    gender: roster.gender === undefined ? ('missing' as const) : roster.gender === ekyc.gender ? ('pass' as const) : ('fail' as const),
  };
  const reasons = [
    ...(checks.name === 'fail' ? ['NAME_MISMATCH'] : []),
    ...(checks.yearOfBirth === 'fail' ? ['YEAR_OF_BIRTH_MISMATCH'] : checks.yearOfBirth === 'missing' ? ['YEAR_OF_BIRTH_MISSING'] : []),
    ...(checks.gender === 'fail' ? ['GENDER_MISMATCH'] : checks.gender === 'missing' ? ['GENDER_MISSING'] : []),
  ];
  // Missing roster fields are not a pass: a person checks what the roster could not.
  const outcome = checks.name === 'pass' && checks.yearOfBirth === 'pass' && checks.gender === 'pass' ? 'match' : 'mismatch';
  return { outcome, nameScore: Math.round(nameScore * 1000) / 1000, checks, reasons };
};

/**
 * Why a pair of names scored as it did, as stable codes an approver's screen puts in words (the inbox's case view):
 * SAME_NAME (the same once case, punctuation and titles are set aside), TRANSLITERATION (one in Devanagari, the
 * other in Latin letters), SPELLING_VARIANT (another spelling of the same sounds, an abbreviation), INITIALS (an
 * initial stands for a name), NAME_PART_MISSING (a middle name left out on one side), NAMES_JOINED ("Shyam Lal" /
 * "Shyamlal"), DIFFERENT_FIRST_NAME, DIFFERENT_SURNAME, DIFFERENT_NAME (a middle part, or a one-word name), and
 * NO_ROSTER_NAME (nothing to compare with).
 */
export const nameExplanations = [
  'SAME_NAME',
  'TRANSLITERATION',
  'SPELLING_VARIANT',
  'INITIALS',
  'NAME_PART_MISSING',
  'NAMES_JOINED',
  'DIFFERENT_FIRST_NAME',
  'DIFFERENT_SURNAME',
  'DIFFERENT_NAME',
  'NO_ROSTER_NAME',
] as const;
export type NameExplanation = (typeof nameExplanations)[number];

const crossScript = (a: string, b: string) => devanagari.test(a) !== devanagari.test(b);

/** The best-scoring pair of the e-KYC's and the roster's names (both scripts each), explained; `threshold` is the scheme's. */
export const explainNameMatch = (
  ekycNames: readonly string[],
  rosterNames: readonly string[],
  threshold: number,
): { score: number; explanation: NameExplanation[] } => {
  const pairs = ekycNames.flatMap((a) => rosterNames.map((b) => ({ a, b, ...compareNames(a, b) })));
  const [first, ...others] = pairs;
  if (first === undefined) return { score: 0, explanation: ['NO_ROSTER_NAME'] };
  // Of pairs scoring the same, one in a single script explains more plainly than a transliteration.
  const best = others.reduce(
    (kept, pair) =>
      pair.score > kept.score || (pair.score === kept.score && crossScript(kept.a, kept.b) && !crossScript(pair.a, pair.b)) ? pair : kept,
    first,
  );
  if (best.method === 'exact') return { score: best.score, explanation: ['SAME_NAME'] };
  const codes = new Set<NameExplanation>(crossScript(best.a, best.b) ? ['TRANSLITERATION'] : []);
  const keysA = nameKey(best.a);
  const keysB = nameKey(best.b);
  if (keysA.join(' ') === keysB.join(' ')) {
    if (codes.size === 0) codes.add('SPELLING_VARIANT');
    return { score: best.score, explanation: [...codes] };
  }
  const [short, long] = keysA.length <= keysB.length ? [keysA, keysB] : [keysB, keysA];
  const aligned = alignedScore(short, long);
  if (short.length !== long.length) {
    codes.add(tokenScore(keysA.join(''), keysB.join('')) >= aligned.score ? 'NAMES_JOINED' : 'NAME_PART_MISSING');
  }
  if (aligned.initials) codes.add('INITIALS');
  if (aligned.weakest < threshold && aligned.weakestAt >= 0 && !codes.has('NAMES_JOINED')) {
    codes.add(
      short.length === 1
        ? 'DIFFERENT_NAME'
        : aligned.weakestAt === 0
          ? 'DIFFERENT_FIRST_NAME'
          : aligned.weakestAt === short.length - 1
            ? 'DIFFERENT_SURNAME'
            : 'DIFFERENT_NAME',
    );
  } else if (aligned.weakest < 1 && codes.size === 0) {
    // Nothing else explains the difference (a transliteration, an initial, a joined name brings its own spellings).
    codes.add('SPELLING_VARIANT');
  }
  return { score: best.score, explanation: [...codes] };
};
