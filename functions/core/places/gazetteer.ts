// Place names as rosters and people write them — English or Devanagari, old names and new, the town a district
// is known by — resolved to one canonical English name, so that "लखनऊ", "Lucknow" and "LUCKNOW district" are one
// district in keys, counts and progress. The places are data (gazetteer.json, sources in docs/roster-import.md);
// this module only reads them. Pure.
import * as z from 'zod';
import data from './gazetteer.json' with { type: 'json' };
import { cleanPersonText } from '../text.js';

const place = z.object({ name: z.string().min(1), hi: z.string().min(1), aliases: z.array(z.string().min(1)).optional() });
const gazetteerSchema = z.object({
  states: z.array(
    z.object({
      name: z.string().min(1),
      hi: z.string().min(1),
      lgd: z.number().int().positive(),
      districts: z.array(
        place.extend({
          lgd: z.number().int().positive().optional(),
          blocks: z.array(place).optional(),
        }),
      ),
    }),
  ),
});

export interface Block {
  readonly name: string;
  readonly hi: string;
}

export interface District {
  /** The canonical name: what keys, records and counts carry. */
  readonly name: string;
  readonly hi: string;
  readonly state: string;
  /** Local Government Directory code, where verified. */
  readonly lgd?: number;
  readonly blocks: readonly Block[];
}

/**
 * A place name folded for comparison: NFC, invisible characters gone, lower case, the Devanagari nukta dropped
 * (फ़ैज़ाबाद = फैजाबाद) and candrabindu read as anusvara (झाँसी = झांसी), words like "district" / "जिला" and
 * every space and punctuation mark removed ("Rae Bareli" = "Raebareli", "Janjgir-Champa" = "Janjgir Champa").
 */
export const foldPlaceName = (text: string, kind: 'district' | 'block' = 'district'): string => {
  const words = cleanPersonText(text)
    .toLowerCase()
    .replace(/\u093C/gu, '')
    .replace(/\u0901/gu, '\u0902')
    .replace(/[\u200C\u200D]/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ');
  const noise = kind === 'district' ? districtWords : blockWords;
  const kept = words.filter((word) => !noise.has(word));
  return (kept.length > 0 ? kept : words).join('');
};
const districtWords = new Set(
  ['district', 'distt', 'dist', 'dt', 'जिला', 'ज़िला', 'जिल्ला', 'जनपद'].map((word) => word.replace(/\u093C/gu, '')),
);
const blockWords = new Set(['block', 'ब्लॉक', 'ब्लाक', 'विकासखंड', 'विकासखण्ड', 'क्षेत्र']);

const parsed = gazetteerSchema.parse(data);

/** Every district of the gazetteer, in the data's order. */
export const districts: readonly District[] = parsed.states.flatMap((state) =>
  state.districts.map((district) => ({
    name: district.name,
    hi: district.hi,
    state: state.name,
    ...(district.lgd === undefined ? {} : { lgd: district.lgd }),
    blocks: (district.blocks ?? []).map((block) => ({ name: block.name, hi: block.hi })),
  })),
);

/** Folded names to what they name; two places of one kind folding alike is a data error, refused at load. */
const index = <T extends { name: string }>(
  entries: readonly (readonly [T, readonly string[]])[],
  kind: 'district' | 'block',
): Map<string, T> => {
  const map = new Map<string, T>();
  for (const [entry, names] of entries) {
    for (const name of names) {
      const key = foldPlaceName(name, kind);
      const other = map.get(key);
      if (other !== undefined && other.name !== entry.name)
        throw new Error(`Gazetteer: "${name}" names both ${other.name} and ${entry.name}.`);
      map.set(key, entry);
    }
  }
  return map;
};

const flatDistricts = parsed.states.flatMap((state) => state.districts);
const districtIndex = index(
  districts.map((district, at) => [district, [district.name, district.hi, ...(flatDistricts[at]?.aliases ?? [])]] as const),
  'district',
);
const blockIndex = new Map(
  flatDistricts.map((district, at) => [
    districts[at]?.name ?? district.name,
    index(
      (district.blocks ?? []).map(
        (block) => [{ name: block.name, hi: block.hi }, [block.name, block.hi, ...(block.aliases ?? [])]] as const,
      ),
      'block',
    ),
  ]),
);

// A roster names a few places a million times: each spelling is resolved once. Bounded, so a file of random
// names cannot grow it without end.
const resolved = new Map<string, PlaceResult>();
const remembered = (key: string, resolve: () => PlaceResult): PlaceResult => {
  let result = resolved.get(key);
  if (result === undefined) {
    result = resolve();
    if (resolved.size >= 20_000) resolved.clear();
    resolved.set(key, result);
  }
  return result;
};

/** The district a name means, in either script or any listed spelling; undefined when the gazetteer has none. */
export const findDistrict = (name: string): District | undefined => districtIndex.get(foldPlaceName(name, 'district'));

export type PlaceResult =
  | { readonly ok: true; readonly name: string; readonly known: boolean }
  | { readonly ok: false; readonly reason: string };

/** Edits (insert, delete, replace one character) from `a` to `b`, or `limit + 1` once it is known to be more. */
const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
};

/**
 * A block of a district (by its canonical name). A listed block, in either script or a listed spelling, is its
 * canonical name. An unlisted one that is a slip away from a listed one ("Malihabaad", "मलिहाबाद्द": at most two
 * edits, and fewer than a third of its letters, once folded) is refused, naming the block it is probably meant to
 * be: stored, it would split the district's counts in two without anyone noticing. Any other unlisted block is
 * taken as written (cleaned): the gazetteer cannot list every block of four states, blocks are created and
 * renamed, and a roster is not refused for naming one the data does not know yet.
 */
export const resolveBlock = (district: string, name: string): PlaceResult =>
  remembered(`b\n${district}\n${name}`, () => blockOf(district, name));

const blockOf = (district: string, name: string): PlaceResult => {
  const cleaned = cleanPersonText(name);
  if (cleaned === '') return { ok: false, reason: 'The block is empty.' };
  const own = findDistrict(district);
  const listed = own === undefined ? undefined : blockIndex.get(own.name);
  const folded = foldPlaceName(cleaned, 'block');
  const block = listed?.get(folded);
  if (block !== undefined) return { ok: true, name: block.name, known: true };
  const limit = Math.min(2, Math.floor((folded.length - 1) / 3));
  if (own !== undefined && listed !== undefined && limit > 0) {
    for (const [spelling, candidate] of listed) {
      if (editDistance(folded, spelling, limit) <= limit) {
        return { ok: false, reason: `"${cleaned}" is not a block of ${own.name}; did you mean ${candidate.name} (${candidate.hi})?` };
      }
    }
  }
  return { ok: true, name: cleaned, known: false };
};

/** The seed states, as a refusal names them. */
export const gazetteerStates: readonly string[] = parsed.states.map((state) => state.name);

/** A district name resolved, or a reason naming the value: for roster rows and keys, and API values that become keys. */
export const resolveDistrict = (name: string): PlaceResult => remembered(`d\n${name}`, () => districtOf(name));

const districtOf = (name: string): PlaceResult => {
  const cleaned = cleanPersonText(name);
  const district = cleaned === '' ? undefined : findDistrict(cleaned);
  return district === undefined
    ? { ok: false, reason: `"${cleaned}" is not a district we know (districts of ${gazetteerStates.join(', ')}, in English or Hindi).` }
    : { ok: true, name: district.name, known: true };
};
