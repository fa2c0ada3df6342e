// One roster row to one eligible person, or the reasons it cannot be: each problem names the column and says
// why, for the rejects report. Pure.
import { containsAadhaarNumber, isValidAadhaarNumber, maskAadhaar, maskAadhaarNumbers, normalizeAadhaarInput } from '../aadhaar.js';
import { normalizeIndianMobile } from '../otp.js';
import { personIdOf, type Gender, type Person } from '../person.js';
import type { RosterType } from '../schemes.js';
import type { RosterField } from './columns.js';

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
  m: 'M', male: 'M', purush: 'M', पुरुष: 'M', पु: 'M',
  f: 'F', female: 'F', mahila: 'F', महिला: 'F', स्त्री: 'F', म: 'F',
  t: 'T', transgender: 'T', other: 'T', अन्य: 'T', ट्रांसजेंडर: 'T',
};

const yesNo: Record<string, boolean> = { y: true, yes: true, '1': true, true: true, हाँ: true, हां: true, n: false, no: false, '0': false, false: false, नहीं: false };

const employeeStatuses: Record<string, string> = {
  active: 'active', working: 'active', serving: 'active', सेवारत: 'active', कार्यरत: 'active',
  retired: 'retired', pensioner: 'retired', सेवानिवृत्त: 'retired',
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
const nonAscii = /[^\x20-\x7e]/;
const unfoldedSpace = /\s\s|[^\S ]/;
const clean = (value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  let text = nonAscii.test(value) ? value.normalize('NFC') : value;
  if (unfoldedSpace.test(text)) text = text.replace(/\s+/g, ' ');
  if (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) text = text.trim();
  return text === '' ? undefined : text;
};

const yearFrom = (year: string | undefined, date: string | undefined, thisYear: number): number | undefined | 'invalid' => {
  if (year !== undefined) {
    const value = Number(year);
    return Number.isInteger(value) && value >= 1900 && value <= thisYear ? value : 'invalid';
  }
  if (date === undefined) return undefined;
  const match = /^(\d{4})-\d{1,2}-\d{1,2}$/.exec(date) ?? /^\d{1,2}[-/.]\d{1,2}[-/.](\d{4})$/.exec(date);
  const value = Number(match?.[1]);
  return match !== null && value >= 1900 && value <= thisYear ? value : 'invalid';
};

/** A cell holding an Aadhaar number, whatever its column is called. */
export const looksLikeAadhaar = (cell: string) =>
  cell.length >= 12 && cell.length <= 16 && /^[\d\s-]{12,16}$/.test(cell) && isValidAadhaarNumber(normalizeAadhaarInput(cell));

/** A raw cell as the rejects report shows it: Aadhaar numbers masked (a whole cell, or one inside text), formulas made text. */
export const rejectCell = (cell: string): string =>
  looksLikeAadhaar(cell) ? maskAadhaar(normalizeAadhaarInput(cell).slice(-4)) : neutralizeFormula(maskAadhaarNumbers(cell));

/** Fields a person keeps as the roster gives them, when it gives them. */
const optionalText = ['nameLocal', 'dateOfBirth', 'department', 'office', 'block', 'village', 'school', 'className', 'panchayat'] as const satisfies readonly (RosterField & keyof Person)[];

const required = (cleaned: Partial<Record<RosterField, string>>, name: RosterField, problems: RowProblem[]) => {
  const value = cleaned[name];
  if (value === undefined) problems.push({ column: name, reason: 'Required, but empty.' });
  return value;
};

const family = (cleaned: Partial<Record<RosterField, string>>, problems: RowProblem[]) => {
  const headText = cleaned.headOfFamily;
  const head = headText === undefined ? undefined : yesNo[headText.toLowerCase()];
  if (headText !== undefined && head === undefined) problems.push({ column: 'headOfFamily', reason: 'Not yes or no.' });
  const relation = cleaned.relation;
  return { ...(head === undefined ? {} : { headOfFamily: head }), ...(relation === undefined ? {} : { relation: relation.toLowerCase() }) };
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
    cleaned[column as RosterField] = value;
    // The cell, or a number inside it ("Ram 2345 6789 0124", "RC 2345-6789-0124"): stored, it would be stored as
    // text. As with whole cells, an id of twelve digits that passes the Aadhaar checksum is refused too.
    if (column !== 'mobile' && (looksLikeAadhaar(value) || containsAadhaarNumber(value))) {
      problems.push({ column, reason: 'Holds what looks like an Aadhaar number; rosters must not carry Aadhaar.' });
    }
  }
  const field = (name: RosterField) => cleaned[name];
  const need = (name: RosterField) => required(cleaned, name, problems);

  const name = need('name');
  const genderText = need('gender');
  const gender = genderText === undefined ? undefined : genders[genderText.toLowerCase()];
  if (genderText !== undefined && gender === undefined) problems.push({ column: 'gender', reason: `"${genderText}" is not a gender we know (M/F/T, Male/Female, पुरुष/महिला).` });
  const year = yearFrom(field('yearOfBirth'), field('dateOfBirth'), context.thisYear);
  if (year === 'invalid') problems.push({ column: field('yearOfBirth') === undefined ? 'dateOfBirth' : 'yearOfBirth', reason: 'Not a year or date of birth between 1900 and this year.' });
  const mobileText = field('mobile');
  const mobile = mobileText === undefined ? undefined : normalizeIndianMobile(mobileText);
  if (mobileText !== undefined && mobile === undefined) problems.push({ column: 'mobile', reason: 'Not a 10-digit Indian mobile number.' });
  const district = field('district') ?? context.district;
  if (district.toLowerCase() !== context.district.toLowerCase()) {
    problems.push({ column: 'district', reason: `This file is for ${context.district}; the row says ${district}.` });
  }

  let identity: Partial<Person> & { personId: string; status: string } | undefined;
  switch (context.rosterType) {
    case 'employees': {
      const employeeId = need('employeeId');
      const ddoCode = need('ddoCode');
      const statusText = field('status');
      const status = statusText === undefined ? 'active' : employeeStatuses[statusText.toLowerCase()];
      if (status === undefined) problems.push({ column: 'status', reason: `"${statusText}" is not active or retired.` });
      if (employeeId !== undefined && ddoCode !== undefined && status !== undefined) {
        identity = { personId: personIdOf({ rosterType: 'employees', employeeId }), employeeId: employeeId.toUpperCase(), ddoCode: ddoCode.toUpperCase(), status };
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
      if (studentId !== undefined) identity = { personId: personIdOf({ rosterType: 'students', studentId }), studentId: studentId.toUpperCase(), status: 'active' };
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
  }
  if (problems.length > 0 || identity === undefined || name === undefined || gender === undefined) {
    return {
      ok: false,
      problems: problems.length > 0 ? problems : [{ column: '(row)', reason: 'Incomplete row.' }],
      ...(identity === undefined ? {} : { personId: identity.personId }),
    };
  }
  // Assigned, not spread: this object is built once a row.
  const person: Record<string, unknown> = { scheme: context.scheme, rosterType: context.rosterType, name, gender, district: context.district, ...identity };
  if (year !== undefined && year !== 'invalid') person.yearOfBirth = year;
  if (mobile !== undefined) person.mobile = mobile;
  for (const key of optionalText) {
    const value = cleaned[key];
    if (value !== undefined) person[key] = value;
  }
  return { ok: true, person: person as unknown as Person };
};
