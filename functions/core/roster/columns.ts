// Roster files as departments send them: Excel exports with English or Hindi headers, in any order. A mapping
// table (data, not code per file) turns the usual header variants into our field names; an Aadhaar column is
// refused outright — Aadhaar numbers never enter the pipeline from a roster.
import { maskAadhaarNumbers } from '../aadhaar.js';
import { cleanPersonText } from '../text.js';
import type { RosterType } from '../schemes.js';

export type RosterField =
  | 'employeeId'
  | 'name'
  | 'nameLocal'
  | 'guardianName'
  | 'yearOfBirth'
  | 'dateOfBirth'
  | 'age'
  | 'gender'
  | 'mobile'
  | 'ddoCode'
  | 'department'
  | 'designation'
  | 'tribe'
  | 'office'
  | 'block'
  | 'district'
  | 'status'
  | 'rationCardNumber'
  | 'memberId'
  | 'headOfFamily'
  | 'relation'
  | 'village'
  | 'studentId'
  | 'school'
  | 'className'
  | 'jobCardNumber'
  | 'panchayat'
  | 'rationShop';

/**
 * Header variants, compared after normalising (NFC, lower case, invisible characters, nukta and punctuation
 * folded): the English of department exports and the Hindi of NFSA, HRMS and treasury lists. A header with a
 * trailing note in brackets ("Date of Birth (DD/MM/YYYY)", "मोबाइल नंबर (10 अंक)") is matched without it when it
 * does not match whole.
 */
export const headerVariants: Record<RosterField, readonly string[]> = {
  employeeId: [
    'employee id',
    'employee code',
    'emp id',
    'emp code',
    'empid',
    'employee no',
    'employee number',
    'staff id',
    'manav sampada id',
    'ehrms code',
    'कर्मचारी आईडी',
    'कर्मचारी आई डी',
    'कर्मचारी कोड',
    'कर्मचारी संख्या',
    'कर्मचारी क्रमांक',
    'मानव संपदा आईडी',
  ],
  name: [
    'name',
    'employee name',
    'member name',
    'full name',
    'beneficiary name',
    'student name',
    'applicant name',
    'worker name',
    'name of member',
    'name of beneficiary',
    'name of employee',
    'छात्र का नाम',
    'आवेदक का नाम',
    'नाम',
    'पूरा नाम',
    'कर्मचारी का नाम',
    'सदस्य का नाम',
    'लाभार्थी का नाम',
    'अधिकारी/कर्मचारी का नाम',
  ],
  nameLocal: [
    'name in hindi',
    'name hindi',
    'hindi name',
    'name (hindi)',
    'नाम हिंदी',
    'नाम हिंदी में',
    'हिंदी नाम',
    'नाम (हिंदी)',
    'नाम हिन्दी में',
    'हिन्दी नाम',
    'नाम (हिन्दी)',
  ],
  guardianName: [
    'father name',
    "father's name",
    'father/husband name',
    "father's/husband's name",
    'father or husband name',
    'father / husband name',
    'guardian name',
    'husband name',
    "husband's name",
    'पिता का नाम',
    'पति का नाम',
    'पिता/पति का नाम',
    'पिता अथवा पति का नाम',
    'पिता या पति का नाम',
    'अभिभावक का नाम',
  ],
  yearOfBirth: ['year of birth', 'yob', 'birth year', 'जन्म वर्ष', 'जन्म का वर्ष'],
  dateOfBirth: ['date of birth', 'dob', 'd.o.b.', 'birth date', 'जन्म तिथि', 'जन्मतिथि', 'जन्म दिनांक', 'जन्म की तिथि'],
  age: ['age', 'age in years', 'age (years)', 'आयु', 'उम्र', 'आयु (वर्ष)', 'आयु वर्ष में', 'उम्र (वर्ष)'],
  gender: ['gender', 'sex', 'male/female', 'लिंग', 'पुरुष/महिला'],
  mobile: [
    'mobile',
    'mobile no',
    'mobile number',
    'mob no',
    'phone',
    'phone no',
    'phone number',
    'contact no',
    'contact number',
    'मोबाइल',
    'मोबाइल नंबर',
    'मोबाइल नम्बर',
    'मोबाइल नं',
    'मोबाइल संख्या',
    'मो. नं.',
    'फोन नंबर',
    'दूरभाष',
  ],
  ddoCode: ['ddo code', 'ddo', 'ddo id', 'ddo no', 'डीडीओ कोड', 'डी.डी.ओ. कोड', 'आहरण वितरण अधिकारी कोड'],
  department: ['department', 'dept', 'department name', 'विभाग', 'विभाग का नाम'],
  designation: ['designation', 'post', 'post name', 'पदनाम', 'पद नाम', 'पद'],
  tribe: ['tribe', 'tribe name', 'community', 'tribal group', 'जनजाति', 'जनजाति का नाम', 'जनजाति समूह', 'समुदाय', 'समुदाय का नाम'],
  office: ['office', 'office name', 'कार्यालय', 'कार्यालय का नाम'],
  block: ['block', 'block name', 'development block', 'विकास खंड', 'विकासखंड', 'विकास खण्ड', 'विकासखण्ड', 'ब्लॉक', 'ब्लाक', 'विकास खंड का नाम'],
  district: ['district', 'district name', 'जनपद', 'जिला', 'जनपद का नाम', 'जिले का नाम', 'जिला का नाम'],
  status: ['status', 'employee status', 'service status', 'स्थिति', 'सेवा स्थिति'],
  rationCardNumber: [
    'ration card number',
    'ration card no',
    'rc number',
    'rc no',
    'rc id',
    'ration card',
    'ration card id',
    'राशन कार्ड संख्या',
    'राशन कार्ड नंबर',
    'राशन कार्ड नं',
    'राशन कार्ड क्रमांक',
    'राशन कार्ड',
  ],
  memberId: [
    'member id',
    'member no',
    'member number',
    'member sr no',
    'applicant id',
    'applicant no',
    'सदस्य आईडी',
    'सदस्य आई डी',
    'सदस्य क्रमांक',
    'सदस्य संख्या',
    'सदस्य कोड',
    'आवेदक संख्या',
  ],
  headOfFamily: ['head of family', 'hof', 'is head of family', 'मुखिया', 'परिवार का मुखिया', 'क्या मुखिया है'],
  relation: [
    'relation',
    'relationship',
    'relation with hof',
    'relation with head',
    'relation with head of family',
    'संबंध',
    'सम्बन्ध',
    'मुखिया से संबंध',
    'मुखिया से सम्बन्ध',
    'रिश्ता',
  ],
  village: ['village', 'gram', 'village name', 'ग्राम', 'गांव', 'गाँव', 'ग्राम का नाम', 'गांव का नाम'],
  studentId: [
    'student id',
    'student no',
    'admission no',
    'admission number',
    'scholar no',
    'sr no',
    'छात्र आईडी',
    'प्रवेश संख्या',
    'छात्र संख्या',
    'प्रवेश क्रमांक',
  ],
  school: ['school', 'school name', 'institution', 'college', 'विद्यालय', 'विद्यालय का नाम', 'संस्थान'],
  className: ['class', 'grade', 'standard', 'कक्षा'],
  jobCardNumber: [
    'job card number',
    'job card no',
    'jobcard no',
    'job card',
    'jobcard number',
    'जॉब कार्ड संख्या',
    'जॉब कार्ड नंबर',
    'जॉब कार्ड',
    'जॉब कार्ड क्रमांक',
  ],
  panchayat: ['panchayat', 'gram panchayat', 'ग्राम पंचायत', 'पंचायत'],
  // The fair price shop a ration card draws from (its FPS code): a PDS dealer's field-force segment.
  rationShop: [
    'fps code',
    'fps id',
    'fps no',
    'fair price shop',
    'fair price shop code',
    'ration shop',
    'ration shop code',
    'shop code',
    'उचित दर दुकान',
    'उचित दर दुकान कोड',
    'उचित दर दुकान संख्या',
    'राशन दुकान',
    'कोटेदार दुकान संख्या',
  ],
};

/** The details of a person any roster may carry, besides its own keys. */
const personDetails = ['nameLocal', 'guardianName', 'yearOfBirth', 'dateOfBirth', 'age', 'tribe'] as const satisfies readonly RosterField[];

/** The fields each roster type must have, and may have. */
export const rosterColumns: Record<RosterType, { required: readonly RosterField[]; optional: readonly RosterField[] }> = {
  employees: {
    required: ['employeeId', 'name', 'gender', 'ddoCode', 'district'],
    optional: [...personDetails, 'mobile', 'department', 'designation', 'office', 'block', 'status'],
  },
  'ration-card-families': {
    required: ['rationCardNumber', 'memberId', 'name', 'gender', 'district'],
    optional: [...personDetails, 'headOfFamily', 'relation', 'village', 'block', 'mobile', 'designation', 'rationShop'],
  },
  students: {
    required: ['studentId', 'name', 'gender', 'district'],
    optional: [...personDetails, 'school', 'className', 'village', 'block', 'mobile'],
  },
  mgnrega: {
    required: ['jobCardNumber', 'memberId', 'name', 'gender', 'district'],
    optional: [...personDetails, 'headOfFamily', 'relation', 'village', 'panchayat', 'block', 'mobile', 'designation'],
  },
};

/**
 * A header as compared: NFC, invisible characters (a byte order mark anywhere, zero-width and bidi characters)
 * removed, lower case, the nukta dropped and candrabindu read as anusvara (ज़िला = जिला, गाँव = गांव), and every
 * run of punctuation or space one space ("पिता/पति का नाम" = "पिता पति का नाम"), initials joined ("D.O.B." = "dob").
 */
export const normalizeHeader = (header: string): string =>
  cleanPersonText(header.replace(/\u200C|\u200D/gu, ''))
    .toLowerCase()
    .replace(/\u093C/gu, '')
    .replace(/\u0901/gu, '\u0902')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    // Initials written with dots ("D.D.O. Code", "D.O.B.") read as the abbreviation ("ddo code", "dob").
    .replace(/(?<=\b[a-z]) (?=[a-z]\b)/g, '');

/** The header without a trailing note in brackets: "date of birth (dd/mm/yyyy)" is "date of birth". */
const withoutNote = (header: string): string => normalizeHeader(header.replace(/\s*[([{][^()[\]{}]*[)\]}]\s*$/u, ''));

/**
 * What a header means by a table of variants (this file's for people; core/field-force-roster.ts's for workers):
 * matched whole after normalising, else without a trailing note in brackets.
 */
export const headerMatcher = <Field extends string>(variants: Readonly<Record<Field, readonly string[]>>) => {
  const byVariant = new Map<string, Field>();
  for (const [field, names] of Object.entries(variants) as [Field, readonly string[]][]) {
    for (const variant of names) {
      const key = normalizeHeader(variant);
      const other = byVariant.get(key);
      // Two fields sharing a variant would make a header mean whichever came first: a data error, refused at load.
      if (other !== undefined && other !== field) throw new Error(`Header variant "${variant}" means both ${other} and ${field}.`);
      byVariant.set(key, field);
    }
  }
  return (header: string): Field | undefined => byVariant.get(normalizeHeader(header)) ?? byVariant.get(withoutNote(header));
};

const fieldOf = headerMatcher(headerVariants);

/**
 * Bounds of a header row. Real rosters have tens of columns with short names; a "header" of 100,000 columns or of
 * a megabyte is no roster (a stray quote, a binary file, an attack) and is refused before anything is stored.
 */
export const headerLimits = { columns: 500, cellLength: 500 } as const;

/** A header that names Aadhaar, in English or Hindi (UID, Aadhaar, Aadhar, आधार). */
const aadhaarHeader = /\b(aadhaa?r|adhaa?r|uid|uidai)\b|आधार/;

export const isAadhaarHeader = (header: string): boolean => aadhaarHeader.test(normalizeHeader(header));

export type HeaderPlan =
  | { readonly ok: true; readonly columns: ReadonlyMap<number, RosterField>; readonly ignored: readonly string[] }
  | {
      readonly ok: false;
      readonly reason: 'AADHAAR_COLUMN' | 'MISSING_COLUMNS' | 'DUPLICATE_COLUMN' | 'TOO_MANY_COLUMNS' | 'HEADER_TOO_LONG';
      readonly message: string;
      readonly columns: readonly string[];
    };

/**
 * A header name as a refusal quotes it (stored on the import record, shown to admins, written to the report):
 * Aadhaar numbers masked, at most 80 characters. A stray quote can make one "header" run over data rows.
 */
const quoted = (header: string): string => {
  const masked = maskAadhaarNumbers(header.trim());
  return masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
};

/** Which file column is which field; the file is refused when it carries Aadhaar or lacks a required field. */
export const planHeaders = (allHeaders: readonly string[], rosterType: keyof typeof rosterColumns): HeaderPlan => {
  // Empty cells past the last named column are what spreadsheet apps leave behind; they do not count.
  let width = allHeaders.length;
  while (width > 0 && (allHeaders[width - 1] ?? '').trim() === '') width -= 1;
  if (width > headerLimits.columns) {
    return {
      ok: false,
      reason: 'TOO_MANY_COLUMNS',
      message: `The header row has ${width} columns; a roster has at most ${headerLimits.columns}. Check that the first row is the header and that no quote is left open.`,
      columns: [],
    };
  }
  const headers = allHeaders.slice(0, width);
  const long = headers.findIndex((header) => header.length > headerLimits.cellLength);
  if (long >= 0) {
    return {
      ok: false,
      reason: 'HEADER_TOO_LONG',
      message: `Column ${long + 1} of the header row is ${headers[long]?.length ?? 0} characters long; a column name has at most ${headerLimits.cellLength}. Check that the first row is the header and that no quote is left open.`,
      columns: [quoted(headers[long] ?? '')],
    };
  }
  const aadhaar = headers.filter((header) => aadhaarHeader.test(normalizeHeader(header))).map(quoted);
  if (aadhaar.length > 0) {
    return {
      ok: false,
      reason: 'AADHAAR_COLUMN',
      message: `The file has an Aadhaar column (${aadhaar.join(', ')}). Rosters must not carry Aadhaar numbers: remove the column and upload again.`,
      columns: aadhaar,
    };
  }
  const columns = new Map<number, RosterField>();
  const seen = new Map<RosterField, string>();
  const ignored: string[] = [];
  for (const [index, header] of headers.entries()) {
    const field = fieldOf(header);
    if (field === undefined) {
      ignored.push(header);
      continue;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      return {
        ok: false,
        reason: 'DUPLICATE_COLUMN',
        message: `Columns "${quoted(earlier)}" and "${quoted(header)}" both mean ${field}.`,
        columns: [quoted(earlier), quoted(header)],
      };
    }
    seen.set(field, header);
    columns.set(index, field);
  }
  const missing = rosterColumns[rosterType].required.filter((field) => !seen.has(field));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: 'MISSING_COLUMNS',
      message: `The file lacks required columns: ${missing.join(', ')} (accepted headers: ${missing.map((field) => headerVariants[field].slice(0, 3).join(' / ')).join('; ')}).`,
      columns: missing,
    };
  }
  return { ok: true, columns, ignored };
};

/** A header whose column is private: a mobile number, or anything named Aadhaar. Lists shown in pages leave these out. */
export const isPrivateHeader = (header: string): boolean => fieldOf(header) === 'mobile' || aadhaarHeader.test(normalizeHeader(header));
