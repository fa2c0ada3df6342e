// Schema pieces every route module shares: the error body, bounded and normalised text, place names resolved
// through the gazetteer, a page of items, and the parse that turns a zod failure into a 400 naming each field.
// Request objects are strict: an unknown field is refused, not ignored. Pure.
import * as z from 'zod';
import { ValidationError } from '../../core/errors.js';
import { checkBlock, checkDistrict, isPlaceName, type PlaceCheck } from '../../core/place-names.js';
import { maskAadhaarNumbers } from '../../core/aadhaar.js';
import { hiddenCharactersIn } from '../../core/text.js';
import type { Role } from '../../core/identity.js';
import type { Access } from './define.js';

/** The admin routes' access: a district admin within their districts, a state admin everywhere. */
export const adminsByDistrict: Access = { roles: ['district-admin', 'state-admin'], scope: 'district' };

/** Who may read a registration (and its card): every role, each within its scope. */
export const readingRegistrations: readonly Role[] = [
  'portal',
  'operator',
  'applicant',
  'ddo',
  'verifier',
  'district-admin',
  'state-admin',
  'field-worker',
];

export const bilingual = z
  .object({ en: z.string(), hi: z.string() })
  .meta({ id: 'NextAction', description: 'What to do next, in English and Hindi' });

export const ErrorBody = z
  .object({
    code: z.string().meta({ description: 'Stable, machine-readable: branch on this' }),
    message: z.string().meta({ description: 'For a person to read' }),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'Error' });

/**
 * Every text a request carries goes through one of these two: NFC-normalised first (Hindi typed as NFD and as
 * NFC, क़ as one code point or two, is one string to every comparison, key and hash after this), then held to a
 * length. A unit test walks every request schema and checks that each string is bounded and normalised.
 */
export const text = (max: number) => visible(z.string().normalize('NFC').max(max));
export const shortText = (max: number) => visible(z.string().normalize('NFC').trim().min(1).max(max));

/**
 * Every request string is visible text: a bidi control or zero-width character (core/text.ts) is a 400
 * INVALID_CHARACTERS naming the field and the characters, never stored. Applied inside `text` and `shortText`, so
 * every field built from them is covered; the few strings built otherwise (file names, keys) call it themselves.
 */
export function visible<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, context) => {
    const found = hiddenCharactersIn(value);
    if (found.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `holds invisible or direction-changing characters (${found.join(', ')}): type it again without them`,
        params: { code: 'INVALID_CHARACTERS', characters: found },
      });
    }
  }) as T;
}

/**
 * Free text a person types and the pipeline stores (notes, reasons, names): an Aadhaar number typed into it is
 * masked to its last four digits before anything else sees it. Identifiers (roster ids, card numbers, mobiles)
 * are not free text: masking would change which record they name.
 */
export const freeText = (max: number) => shortText(max).overwrite(maskAadhaarNumbers);

/**
 * A block or village name: it becomes part of object keys (worklists), so it is held to the one place-name rule
 * (core/place-names.ts) — 400 INVALID_PLACE_NAME naming the parameter otherwise. Districts: `districtName` below.
 */
export const placeName = (max: number) =>
  shortText(max).refine(isPlaceName, {
    message: 'not a place name: letters, digits, spaces and - . ( ) & \' only, no slashes or ".."',
    params: { code: 'INVALID_PLACE_NAME' },
  });

/** A refused place name as a zod issue carrying its own code (INVALID_PLACE_NAME, UNKNOWN_DISTRICT, UNKNOWN_BLOCK). */
const placeIssue = (check: PlaceCheck, path?: string[]) =>
  check.ok
    ? undefined
    : { code: 'custom' as const, message: check.message, params: { code: check.code }, ...(path === undefined ? {} : { path }) };

/**
 * A district, resolved through the gazetteer as roster imports resolve it (core/place-names.ts): handlers get the
 * canonical name ("Kanpur", "कानपुर नगर" → Kanpur Nagar); a district the gazetteer does not know is a 400
 * UNKNOWN_DISTRICT naming it.
 */
export const districtName = shortText(40)
  .superRefine((value, context) => {
    const issue = placeIssue(checkDistrict(value));
    if (issue !== undefined) context.addIssue(issue);
  })
  .overwrite((value) => {
    const district = checkDistrict(value);
    return district.ok ? district.name : value;
  })
  .meta({
    description:
      'A district of Uttar Pradesh, Bihar, Madhya Pradesh or Chhattisgarh, in English or Hindi, by any common spelling; answered under its canonical English name',
  });

/**
 * The block of a request object resolved within its (canonical) district, by the roster importer's rule: a listed
 * block in either script is its canonical name, a near miss of one is a 400 UNKNOWN_BLOCK naming the block meant,
 * any other block is taken as written.
 */
export const blockIssue = (value: { district: string; block?: string | undefined }, context: z.RefinementCtx) => {
  if (value.block === undefined || !checkDistrict(value.district).ok) return;
  const issue = placeIssue(checkBlock(value.district, value.block), ['block']);
  if (issue !== undefined) context.addIssue(issue);
};
export const canonicalBlock = <T extends { district: string; block?: string | undefined }>(value: T): T => {
  if (value.block === undefined) return value;
  const block = checkBlock(value.district, value.block);
  return block.ok ? { ...value, block: block.name } : value;
};

export const indianDay = z.iso.date().meta({ description: 'A day in India (IST), yyyy-mm-dd' });

/** The document's name for a schema (its component id), and what it is where the name does not say. */
const named = (id: string, description: string | undefined) => (description === undefined ? { id } : { id, description });

/** A request body the document names: an object whose unknown fields are refused. */
export const requestBody = <Shape extends z.ZodRawShape>(id: string, shape: Shape, description?: string) =>
  z.object(shape).strict().meta(named(id, description));

/** An answer the document names. */
export const view = <Shape extends z.ZodRawShape>(id: string, shape: Shape, description?: string) =>
  z.object(shape).meta(named(id, description));

/** A reconciliation lookup's answer: one item per key asked for, found or not (healthcard verify). */
export const lookupResult = <Shape extends z.ZodRawShape>(id: string, item: Shape) => view(id, { items: z.array(z.object(item)) });

/** The query fields of a paged list: how many items at most (its default the route's), and where the last page ended. */
export const pageQuery = (defaultLimit: number) => ({
  limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
  cursor: text(2000).optional(),
});

/** A page of items, newest or oldest first as the route says. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    cursor: z.string().optional().meta({ description: 'Pass back as ?cursor= for the next page; absent on the last' }),
  });

/**
 * An admin list route: a page of the items of the caller's districts (a state admin's: all of them). A district
 * admin with several districts must name one (DISTRICT_REQUIRED); a cursor must be one the list gave out (BAD_CURSOR).
 */
export const adminList = <Query extends z.ZodObject, Item extends z.ZodType>(
  summary: string,
  query: Query,
  item: Item,
  description: string,
) => ({
  access: adminsByDistrict,
  summary,
  request: { query },
  success: { status: 200 as const, schema: page(item), description },
  errors: { 400: ['DISTRICT_REQUIRED', 'BAD_CURSOR'] },
});

/** Parse with a schema; a failure is a 400 naming each field and what is wrong with it. */
export const parseWith = <T>(schema: z.ZodType<T>, value: unknown, what = 'request body'): T => {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(whole)', problem: issue.message }));
  // A field refused for a reason of its own (a place name, hidden characters) answers with that reason's code.
  const code = result.error.issues
    .map((issue) => (issue as { params?: { code?: unknown } }).params?.code)
    .find((found): found is string => typeof found === 'string');
  throw new ValidationError({
    code: code ?? 'INVALID_REQUEST',
    message: `The ${what} does not fit the API: ${fields.map((f) => `${f.field}: ${f.problem}`).join('; ')}`,
    details: { fields },
  });
};

/** Who holds an approval queue: the approver directory's entry, else the office the employee roster gives (core/names.ts). */
export const HolderView = view('Holder', {
  queue: z.string().meta({ description: 'ddo:<code>, verifier:<district>, district-admin:<district>, state-admin:all' }),
  name: z.string().optional().meta({ description: 'From the approver directory; absent when the queue has no entry' }),
  office: z.string().optional().meta({ description: "The directory's office, or the office the employee roster gives the DDO code" }),
  mobileMasked: z.string().optional().meta({ description: 'The directory entry’s mobile, last four digits only (******3210)' }),
});

/** A person named in a list, as the caller may see them (core/names.ts: whole to their district's admin, else initials). */
export const NamedPersonView = view('NamedPerson', {
  personKey: z.string().meta({ description: 'The roster key (emp:EMP-3006, rc:<card>:<member>), for machines' }),
  name: z.string().optional().meta({ description: "The roster's name: whole for the district's admin, initials (R*** K***) for others" }),
  nameLocal: z.string().optional().meta({ description: 'The name in Hindi, shown as `name` is' }),
});
