// Beneficiary categories are data: each is a JSON file (categories/*.json) with its labels, its rule and the
// published source of the rule, validated here once when the module loads. Whether a roster person is in a
// category is decided by pure functions of the person and the day their row is imported; the importer stores the
// answer on the person, and a registration carries it, so eligible and carded people are counted by the same
// decision (core/progress.ts counts a registration in a `category#<id>` slot).
import * as z from 'zod';
import ashaAnganwadi from './categories/asha-anganwadi.json' with { type: 'json' };
import pmJanman from './categories/pm-janman.json' with { type: 'json' };
import vayVandana from './categories/vay-vandana.json' with { type: 'json' };
import type { Person } from './person.js';
import { normalizeHeader } from './roster/columns.js';

const bilingual = z.object({ en: z.string().min(1), hi: z.string().min(1) }).strict();

const ruleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tribe'),
      note: z.string().min(1),
      groups: z
        .array(
          z
            .object({ name: z.string().min(1), spellings: z.array(z.string().min(1)).min(1), states: z.array(z.string().min(1)).min(1) })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  z.object({ kind: z.literal('age'), note: z.string().min(1), atLeastYears: z.number().int().min(1).max(125) }).strict(),
  z.object({ kind: z.literal('designation'), note: z.string().min(1), designations: z.array(z.string().min(1)).min(1) }).strict(),
]);

export const categorySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    label: bilingual,
    rule: ruleSchema,
    source: z.object({ title: z.string().min(1), url: z.url(), note: z.string().min(1).optional() }).strict(),
  })
  .strict();

export type Category = z.infer<typeof categorySchema>;
export type CategoryRule = Category['rule'];

export const categories: readonly Category[] = [pmJanman, vayVandana, ashaAnganwadi].map((data) => categorySchema.parse(data));
export const categoryIds = categories.map((category) => category.id);
export const findCategory = (id: string): Category | undefined => categories.find((category) => category.id === id);

/** A roster's text compared as headers are (case, spacing, punctuation, nukta, candrabindu folded), a bracketed note dropped. */
const folded = (text: string): string => normalizeHeader(text.replace(/\s*[([{][^()[\]{}]*[)\]}]\s*$/u, '') || text);

/** A Latin plural `s` dropped: lists write "Saharias", rosters "Sahariya". */
const singular = (text: string): string => text.replace(/(?<=[a-z]{3})s$/u, '');

const tribeIndexes = new Map<Category, ReadonlySet<string>>();
const designationIndexes = new Map<Category, ReadonlySet<string>>();
for (const category of categories) {
  if (category.rule.kind === 'tribe') {
    tribeIndexes.set(
      category,
      new Set(category.rule.groups.flatMap((group) => [group.name, ...group.spellings].map((s) => singular(folded(s))))),
    );
  }
  if (category.rule.kind === 'designation') designationIndexes.set(category, new Set(category.rule.designations.map(folded)));
}

const parseDay = (day: string) => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return { year, month, date };
};

/**
 * Completed years of age on `day` (yyyy-mm-dd): from the date of birth, else from the year of birth taken as
 * 1 January of it (what Aadhaar records for a person who gives only a year). Undefined when the row gives neither.
 * A birthday on 29 February is reached on 1 March in other years.
 */
export const ageOn = (person: Pick<Person, 'dateOfBirth' | 'yearOfBirth'>, day: string): number | undefined => {
  const born = person.dateOfBirth ?? (person.yearOfBirth === undefined ? undefined : `${person.yearOfBirth}-01-01`);
  if (born === undefined) return undefined;
  const [birth, on] = [parseDay(born), parseDay(day)];
  const hadBirthday = on.month > birth.month || (on.month === birth.month && on.date >= birth.date);
  return on.year - birth.year - (hadBirthday ? 0 : 1);
};

/** What a rule reads of a person. */
export type CategoryFacts = Pick<Person, 'tribe' | 'designation' | 'dateOfBirth' | 'yearOfBirth'>;

/** Whether the person meets the category's rule on `day` (yyyy-mm-dd, IST): the day their row is imported. */
export const meetsRule = (category: Category, person: CategoryFacts, day: string): boolean => {
  switch (category.rule.kind) {
    case 'tribe':
      return person.tribe !== undefined && (tribeIndexes.get(category)?.has(singular(folded(person.tribe))) ?? false);
    case 'age': {
      const age = ageOn(person, day);
      return age !== undefined && age >= category.rule.atLeastYears;
    }
    case 'designation':
      return person.designation !== undefined && (designationIndexes.get(category)?.has(folded(person.designation)) ?? false);
  }
};

/** The categories a person is in on `day`, in the order of the files. */
export const categoriesOf = (person: CategoryFacts, day: string): string[] =>
  categories.filter((category) => meetsRule(category, person, day)).map((category) => category.id);

/** The person as the importer stores them: with the categories they are in on the day of the import (none: no field). */
export const withCategories = (person: Person, day: string): Person => {
  const ids = categoriesOf(person, day);
  return ids.length === 0 ? person : { ...person, categories: ids };
};
