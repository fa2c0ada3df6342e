// The Hindi glossary: one Hindi word per idea, as a district office writes it, with the usage it was chosen
// from (terms.json, reviewed term by term; docs/glossary.md lists it). The dashboard's dictionary, the SMS texts,
// the daily report and the API's Hindi labels take their words from it; test/unit/glossary.test.ts holds them to it.
import terms from './glossary/terms.json' with { type: 'json' };

export interface GlossaryTerm {
  readonly id: string;
  /** English words or phrases that carry the idea (matched whole, any case, `{placeholders}` left out). */
  readonly en: readonly string[];
  /** The Hindi word, and its inflected forms: a Hindi text for the idea contains one of them. */
  readonly hi: readonly string[];
  /** Words not to use for the idea (jargon, a second word for it, a word that misleads). */
  readonly avoid: readonly string[];
  /** The government usage found, or why the word was chosen. */
  readonly note: string;
}

export const glossary: readonly GlossaryTerm[] = terms;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const placeholders = /\{\w+\}/g;

/** Whether an English text speaks of the term's idea. */
export const speaksOf = (term: GlossaryTerm, english: string): boolean => {
  const text = english.replace(placeholders, ' ');
  return term.en.some((phrase) => new RegExp(`(^|[^A-Za-z-])${escape(phrase)}($|[^A-Za-z-])`, 'i').test(text));
};

/** Whether a Hindi text uses the term's word (any of its forms). */
export const usesTerm = (term: GlossaryTerm, hindi: string): boolean => term.hi.some((form) => hindi.includes(form));

export interface TermProblem {
  readonly where: string;
  readonly term: string;
  readonly problem: string;
}

/**
 * Pairs of English and Hindi texts (a dictionary key, an SMS template, a report column) checked against the
 * glossary: where the English speaks of a term's idea, the Hindi must use its word; no Hindi uses a word to avoid.
 */
export const glossaryProblems = (pairs: readonly { readonly where: string; readonly en: string; readonly hi: string }[]): TermProblem[] =>
  pairs.flatMap(({ where, en, hi }) =>
    glossary.flatMap((term) => [
      ...(speaksOf(term, en) && !usesTerm(term, hi)
        ? [{ where, term: term.id, problem: `"${en}" speaks of ${term.id}; its Hindi "${hi}" should use ${term.hi.join(' / ')}` }]
        : []),
      ...term.avoid
        .filter((word) => hi.includes(word))
        .map((word) => ({ where, term: term.id, problem: `"${hi}" uses ${word}, to avoid` })),
    ]),
  );

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** docs/glossary.md: the glossary as a reviewer reads it, one row per term (test/support/write-glossary.ts writes it). */
export const glossaryMarkdown = (): string =>
  [
    '# Hindi glossary',
    '',
    'One Hindi word per idea, as a district office writes it. The data is `functions/core/glossary/terms.json`;',
    'this page is written from it (`npx tsx test/support/write-glossary.ts`) and `test/unit/glossary.test.ts` checks that it',
    'is current. How the glossary is used and how to add a term: docs/dashboard.md, "Words: the Hindi glossary".',
    '',
    '| idea | English (matched) | Hindi | not | why |',
    '|---|---|---|---|---|',
    ...glossary.map(
      (term) =>
        `| ${term.id} | ${cell(term.en.join(', '))} | ${cell(term.hi.join(', '))} | ${cell(term.avoid.join(', ') || '—')} | ${cell(term.note)} |`,
    ),
    '',
  ].join('\n');
