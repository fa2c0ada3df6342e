// One roster row to one eligible person, or the reasons it cannot be: each problem names the column and says
// why, for the rejects report. Pure.
import { containsAadhaarNumber, isValidAadhaarNumber, maskAadhaar, maskAadhaarNumbers, normalizeAadhaarInput } from '../aadhaar.js';
import { normalizeIndianMobile } from '../otp.js';
import { personIdOf, type Gender, type Person } from '../person.js';
import type { RosterType } from '../schemes.js';
import type { RosterField } from './columns.js';
import { resolveBlock, resolveDistrict } from '../places/gazetteer.js';
import { asciiDigits, cleanPersonText } from '../text.js';

export interface RowProblem {
  /** Our field name, or `(row)` for the row as a whole. */
  readonly column: string;
  readonly reason: string;
}

export type RowResult =
  | { readonly ok: true; readonly person: Person }
  /** `personId` when the row's natural key could be read: a full snapshot does not remove a person whose row was rejected. */
  | { readonly ok: false; readonly problems: readonly RowProblem[]; readonly personId?: string };

const genders: Record<string, Gender> = {
  m: 'M',
  male: 'M',
  man: 'M',
  purush: 'M',
  पुरुष: 'M',
  पुरूष: 'M',
  पु: 'M',
  नर: 'M',
  f: 'F',
  female: 'F',
  woman: 'F',
  mahila: 'F',
  महिला: 'F',
  स्त्री: 'F',
  म: 'F',
  स्त्र: 'F',
  t: 'T',
  tg: 'T',
  o: 'T',
  transgender: 'T',
  other: 'T',
  'third gender': 'T',
  अन्य: 'T',
  ट्रांसजेंडर: 'T',
  'तृतीय लिंग': 'T',
  किन्नर: 'T',
  उभयलिंगी: 'T',
};

/**
 * Relation to the head of the family, in English or Hindi, to the words the schemes use (`functions/core/schemes`
 * lists `spouse`, `son`, `daughter`, ...); the head is `head`. A word not listed is kept as written, lower case.
 */
const relations: Record<string, string> = {
  self: 'head',
  head: 'head',
  hof: 'head',
  'head of family': 'head',
  स्वयं: 'head',
  खुद: 'head',
  मुखिया: 'head',
  'परिवार का मुखिया': 'head',
  spouse: 'spouse',
  wife: 'spouse',
  husband: 'spouse',
  पत्नी: 'spouse',
  पति: 'spouse',
  'पति/पत्नी': 'spouse',
  धर्मपत्नी: 'spouse',
  son: 'son',
  पुत्र: 'son',
  बेटा: 'son',
  daughter: 'daughter',
  पुत्री: 'daughter',
  बेटी: 'daughter',
  father: 'father',
  पिता: 'father',
  mother: 'mother',
  माता: 'mother',
  मां: 'mother',
  माँ: 'mother',
  brother: 'brother',
  भाई: 'brother',
  sister: 'sister',
  बहन: 'sister',
  'daughter-in-law': 'daughter-in-law',
  'daughter in law': 'daughter-in-law',
  बहू: 'daughter-in-law',
  पुत्रवधू: 'daughter-in-law',
  पुत्रवधु: 'daughter-in-law',
  grandson: 'grandson',
  पोता: 'grandson',
  पौत्र: 'grandson',
  नाती: 'grandson',
  granddaughter: 'granddaughter',
  पोती: 'granddaughter',
  पौत्री: 'granddaughter',
  नातिन: 'granddaughter',
  other: 'other',
  अन्य: 'other',
};

const yesNo: Record<string, boolean> = {
  y: true,
  yes: true,
  '1': true,
  true: true,
  हाँ: true,
  हां: true,
  हा: true,
  n: false,
  no: false,
  '0': false,
  false: false,
  नहीं: false,
  ना: false,
};

const employeeStatuses: Record<string, string> = {
  active: 'active',
  working: 'active',
  serving: 'active',
  सेवारत: 'active',
  कार्यरत: 'active',
  retired: 'retired',
  pensioner: 'retired',
  सेवानिवृत्त: 'retired',
};

/**
 * Spreadsheet apps run a cell starting with = + - @ (or a tab, CR or LF before one; or their full-width forms,
 * which some spreadsheet apps also take) as a formula: shown back to people, it must be text. Prefixing a quote
 * (OWASP's advice) keeps the text and stops the formula; a cell already starting with one is left as it is, so
 * neutralising twice changes nothing. Every CSV the pipeline writes goes through this in its writer
 * (functions/adapters/s3-roster-files.ts).
 */
export const neutralizeFormula = (cell: string): string => (formulaStart.test(cell) && cell !== '-' ? `'${cell}` : cell);
// A lone "-" (the block of people whose roster names none) is no formula and stays as it is.
const formulaStart = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

// A million rows pass through here: each step runs only when the text needs it (most cells are plain ASCII).
// Text with anything outside printable ASCII (Hindi, a control or invisible character) goes through
// cleanPersonText: NFC, bidi and zero-width characters removed (functions/core/text.ts).
const nonAscii = /[^\x20-\x7e]/;
const unfoldedSpace = /\s\s|[^\S ]/;
const clean = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (nonAscii.test(value)) {
    const text = cleanPersonText(value);
    return text === '' ? undefined : text;
  }
  let text = value;
  if (unfoldedSpace.test(text)) text = text.replace(/\s+/g, ' ');
  if (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) text = text.trim();
  return text === '' ? undefined : text;
};

const isoDate = (year: number, month: number, day: number): string | undefined => {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date.toISOString().slice(0, 10)
    : undefined;
};

/**
 * An Excel serial date (days in the 1900 date system) as yyyy-mm-dd. Excel counts 29 February 1900, which never
 * was (Lotus 1-2-3's leap-year bug, kept for compatibility): serials from 61 on are days since 30 December 1899,
 * serials 1-59 days since 31 December 1899, and 60 is no date.
 */
export const excelSerialDate = (serial: number): string | undefined => {
  if (!Number.isInteger(serial) || serial < 1 || serial === 60) return undefined;
  const epoch = serial > 60 ? Date.UTC(1899, 11, 30) : Date.UTC(1899, 11, 31);
  return new Date(epoch + serial * 86_400_000).toISOString().slice(0, 10);
};

/**
 * A date of birth as departments write it, to yyyy-mm-dd: ISO (yyyy-mm-dd, yyyy/mm/dd), day first (dd/mm/yyyy,
 * dd-mm-yyyy, dd.mm.yyyy: Indian usage, never month first), an ISO timestamp, or an Excel serial date left as a
 * number (a CSV saved from a sheet whose date column lost its format). Undefined when it is none of these or no
 * real day.
 */
export const parseBirthDate = (text: string): string | undefined => {
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso !== null) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (dayFirst !== null) return isoDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  if (/^\d{3,5}$/.test(text)) return excelSerialDate(Number(text));
  return undefined;
};

type Birth = { readonly year?: number; readonly date?: string } | { readonly invalid: 'yearOfBirth' | 'dateOfBirth' | 'age' };

/**
 * Year (and date) of birth from whichever the row gives: a date, a year, or an age in years (born in the import's
 * year less the age: a year that may be one late, as an age on a list always is). A date column holding a bare
 * year is a year. Between 1900 and the import's year.
 */
const birthFrom = (cells: { year?: string; date?: string; age?: string }, thisYear: number): Birth => {
  const inRange = (year: number) => Number.isInteger(year) && year >= 1900 && year <= thisYear;
  if (cells.date !== undefined) {
    const text = asciiDigits(cells.date);
    if (/^\d{4}$/.test(text) && inRange(Number(text))) return { year: Number(text) };
    const date = parseBirthDate(text);
    const year = Number(date?.slice(0, 4));
    return date !== undefined && inRange(year) ? { year, date } : { invalid: 'dateOfBirth' };
  }
  if (cells.year !== undefined) {
    const year = Number(asciiDigits(cells.year));
    return inRange(year) ? { year } : { invalid: 'yearOfBirth' };
  }
  if (cells.age !== undefined) {
    const age = /^(\d{1,3})(?:\s*(?:years?|yrs?|y|वर्ष|साल))?$/iu.exec(asciiDigits(cells.age));
    const year = thisYear - Number(age?.[1]);
    return age !== null && Number(age[1]) <= 125 && inRange(year) ? { year } : { invalid: 'age' };
  }
  return {};
};

/** A cell holding an Aadhaar number, whatever its column is called. */
export const looksLikeAadhaar = (text: string) => {
  if (text.length < 12 || text.length > 16) return false;
  const cell = asciiDigits(text);
  return /^[\d\s-]{12,16}$/.test(cell) && isValidAadhaarNumber(normalizeAadhaarInput(cell));
};

/**
 * A raw cell as the rejects report shows it: Aadhaar numbers masked (a whole cell, or one inside text, in either
 * script's digits), formulas made text, and cut at 1,000 characters (a report is read by a person).
 */
export const rejectCell = (raw: string): string => {
  const cell = asciiDigits(raw.length > 1000 ? `${raw.slice(0, 997)}...` : raw);
  return looksLikeAadhaar(cell) ? maskAadhaar(normalizeAadhaarInput(cell).slice(-4)) : neutralizeFormula(maskAadhaarNumbers(cell));
};

/** Fields a person keeps as the roster gives them, when it gives them. */
const optionalText = [
  'nameLocal',
  'rationShop',
  'guardianName',
  'department',
  'designation',
  'tribe',
  'office',
  'village',
  'school',
  'className',
  'panchayat',
] as const satisfies readonly (RosterField & keyof Person)[];

/** Fields read as numbers or ids: their Devanagari digits become ASCII. */
const numeric = new Set<RosterField>([
  'employeeId',
  'rationCardNumber',
  'memberId',
  'studentId',
  'jobCardNumber',
  'ddoCode',
  'yearOfBirth',
  'dateOfBirth',
  'age',
  'mobile',
]);

const required = (cleaned: Partial<Record<RosterField, string>>, name: RosterField, problems: RowProblem[]) => {
  const value = cleaned[name];
  if (value === undefined) problems.push({ column: name, reason: 'Required, but empty.' });
  return value;
};

const family = (cleaned: Partial<Record<RosterField, string>>, problems: RowProblem[]) => {
  const headText = cleaned.headOfFamily;
  const head = headText === undefined ? undefined : yesNo[headText.toLowerCase()];
  if (headText !== undefined && head === undefined) problems.push({ column: 'headOfFamily', reason: 'Not yes or no.' });
  const relationText = cleaned.relation?.toLowerCase().replace(/\.$/, '');
  const relation = relationText === undefined ? undefined : (relations[relationText] ?? relationText);
  return { ...(head === undefined ? {} : { headOfFamily: head }), ...(relation === undefined ? {} : { relation }) };
};

export const rowToPerson = (
  record: Partial<Record<RosterField, string>>,
  context: { scheme: string; rosterType: RosterType; district: string; thisYear: number },
): RowResult => {
  const problems: RowProblem[] = [];
  const cleaned: Partial<Record<RosterField, string>> = {};
  for (const column in record) {
    const value = clean(record[column as RosterField]);
    if (value === undefined) continue;
    // Numbers and ids are kept in ASCII digits, whichever script the file wrote them in.
    const digits = numeric.has(column as RosterField) ? asciiDigits(value) : undefined;
    cleaned[column as RosterField] = digits ?? value;
    // The cell, or a number inside it ("Ram 2345 6789 0124", "RC 2345-6789-0124", in Devanagari digits too):
    // stored, it would be stored as text. As with whole cells, an id of twelve digits that passes the Aadhaar
    // checksum is refused too. Neither fits in fewer than twelve characters (most cells of a roster).
    if (column !== 'mobile' && value.length >= 12 && (looksLikeAadhaar(value) || containsAadhaarNumber(digits ?? asciiDigits(value)))) {
      problems.push({ column, reason: 'Holds what looks like an Aadhaar number; rosters must not carry Aadhaar.' });
    }
  }
  const field = (name: RosterField) => cleaned[name];
  const need = (name: RosterField) => required(cleaned, name, problems);

  const name = need('name');
  const genderText = need('gender');
  const gender = genderText === undefined ? undefined : genders[genderText.toLowerCase().replace(/\.$/, '')];
  if (genderText !== undefined && gender === undefined)
    problems.push({ column: 'gender', reason: `"${genderText}" is not a gender we know (M/F/T, Male/Female/Transgender, पुरुष/महिला/अन्य).` });
  const birth = birthFrom({ year: field('yearOfBirth'), date: field('dateOfBirth'), age: field('age') }, context.thisYear);
  if ('invalid' in birth) {
    problems.push({
      column: birth.invalid,
      reason:
        birth.invalid === 'age'
          ? `"${field('age') ?? ''}" is not an age in years giving a year of birth from 1900 on.`
          : birth.invalid === 'dateOfBirth'
            ? `"${field('dateOfBirth') ?? ''}" is not a date of birth (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd) between 1900 and this year.`
            : `"${field('yearOfBirth') ?? ''}" is not a year of birth between 1900 and this year.`,
    });
  }
  const mobileText = field('mobile');
  const mobile = mobileText === undefined ? undefined : normalizeIndianMobile(mobileText);
  if (mobileText !== undefined && mobile === undefined) problems.push({ column: 'mobile', reason: 'Not a 10-digit Indian mobile number.' });
  // Places by the gazetteer: "लखनऊ" is Lucknow, "छपरा" is Saran; what is stored is the canonical name.
  const districtText = field('district');
  if (districtText !== undefined) {
    const district = resolveDistrict(districtText);
    if (!district.ok) problems.push({ column: 'district', reason: district.reason });
    else if (district.name !== context.district) {
      problems.push({
        column: 'district',
        reason: `This file is for ${context.district}; the row says ${districtText}${district.name === districtText ? '' : ` (${district.name})`}.`,
      });
    }
  }
  const blockText = field('block');
  const block = blockText === undefined ? undefined : resolveBlock(context.district, blockText);
  if (block !== undefined && !block.ok) problems.push({ column: 'block', reason: block.reason });

  let identity: (Partial<Person> & { personId: string; status: string }) | undefined;
  switch (context.rosterType) {
    case 'employees': {
      const employeeId = need('employeeId');
      const ddoCode = need('ddoCode');
      const statusText = field('status');
      const status = statusText === undefined ? 'active' : employeeStatuses[statusText.toLowerCase()];
      if (status === undefined) problems.push({ column: 'status', reason: `"${statusText}" is not active or retired.` });
      if (employeeId !== undefined && ddoCode !== undefined && status !== undefined) {
        identity = {
          personId: personIdOf({ rosterType: 'employees', employeeId }),
          employeeId: employeeId.toUpperCase(),
          ddoCode: ddoCode.toUpperCase(),
          status,
        };
      }
      break;
    }
    case 'ration-card-families': {
      const rationCardNumber = need('rationCardNumber');
      const memberId = need('memberId');
      const members = family(cleaned, problems);
      if (rationCardNumber !== undefined && memberId !== undefined) {
        identity = {
          personId: personIdOf({ rosterType: 'ration-card-families', rationCardNumber, memberId }),
          rationCardNumber: rationCardNumber.toUpperCase(),
          memberId: memberId.toUpperCase(),
          status: 'active',
          ...members,
        };
      }
      break;
    }
    case 'students': {
      const studentId = need('studentId');
      if (studentId !== undefined)
        identity = { personId: personIdOf({ rosterType: 'students', studentId }), studentId: studentId.toUpperCase(), status: 'active' };
      break;
    }
    case 'mgnrega': {
      const jobCardNumber = need('jobCardNumber');
      const memberId = need('memberId');
      const members = family(cleaned, problems);
      if (jobCardNumber !== undefined && memberId !== undefined) {
        identity = {
          personId: personIdOf({ rosterType: 'mgnrega', jobCardNumber, memberId }),
          jobCardNumber: jobCardNumber.toUpperCase(),
          memberId: memberId.toUpperCase(),
          status: 'active',
          ...members,
        };
      }
      break;
    }
    default: {
      // Every roster type of schemes.ts needs its case: a type without one fails to compile here.
      const unread: never = context.rosterType;
      return unread;
    }
  }
  if (problems.length > 0 || identity === undefined || name === undefined || gender === undefined) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ column: '(row)', reason: 'Incomplete row.' }],
      ...(identity === undefined ? {} : { personId: identity.personId }),
    };
  }
  // Assigned, not spread: this object is built once a row.
  const person: Record<string, unknown> = {
    scheme: context.scheme,
    rosterType: context.rosterType,
    name,
    gender,
    district: context.district,
    ...identity,
  };
  if ('year' in birth && birth.year !== undefined) person.yearOfBirth = birth.year;
  if ('date' in birth && birth.date !== undefined) person.dateOfBirth = birth.date;
  if (mobile !== undefined) person.mobile = mobile;
  if (block?.ok === true) person.block = block.name;
  for (const key of optionalText) {
    const value = cleaned[key];
    if (value !== undefined) person[key] = value;
  }
  return { ok: true, person: person as unknown as Person };
};
