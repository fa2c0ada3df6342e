// Roster files as departments send them: Excel exports with English or Hindi headers, in any order. A mapping
// table (data, not code per file) turns the usual header variants into our field names; an Aadhaar column is
// refused outright — Aadhaar numbers never enter the pipeline from a roster.
import { maskAadhaarNumbers } from '../aadhaar.js';
import type { RosterType } from '../schemes.js';

export type RosterField =
  | 'employeeId'
  | 'name'
  | 'nameLocal'
  | 'yearOfBirth'
  | 'dateOfBirth'
  | 'gender'
  | 'mobile'
  | 'ddoCode'
  | 'department'
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
  | 'panchayat';

/** Header variants, compared after normalising (lower case, NFC, punctuation and spaces folded). */
export const headerVariants: Record<RosterField, readonly string[]> = {
  employeeId: ['employee id', 'employee code', 'emp id', 'emp code', 'empid', 'employee no', 'कर्मचारी आईडी', 'कर्मचारी कोड', 'कर्मचारी संख्या'],
  name: ['name', 'employee name', 'member name', 'full name', 'beneficiary name', 'student name', 'applicant name', 'worker name', 'छात्र का नाम', 'आवेदक का नाम', 'नाम', 'कर्मचारी का नाम', 'सदस्य का नाम', 'लाभार्थी का नाम'],
  nameLocal: ['name in hindi', 'name hindi', 'hindi name', 'नाम हिंदी', 'नाम हिंदी में', 'हिंदी नाम', 'नाम (हिंदी)'],
  yearOfBirth: ['year of birth', 'yob', 'birth year', 'जन्म वर्ष'],
  dateOfBirth: ['date of birth', 'dob', 'birth date', 'जन्म तिथि', 'जन्मतिथि'],
  gender: ['gender', 'sex', 'लिंग'],
  mobile: ['mobile', 'mobile no', 'mobile number', 'phone', 'phone no', 'contact no', 'मोबाइल', 'मोबाइल नंबर', 'मोबाइल संख्या'],
  ddoCode: ['ddo code', 'ddo', 'ddo id', 'डीडीओ कोड', 'आहरण वितरण अधिकारी कोड'],
  department: ['department', 'dept', 'विभाग'],
  office: ['office', 'office name', 'कार्यालय', 'कार्यालय का नाम'],
  block: ['block', 'block name', 'विकास खंड', 'विकासखंड', 'ब्लॉक'],
  district: ['district', 'district name', 'जनपद', 'जिला'],
  status: ['status', 'employee status', 'service status', 'स्थिति'],
  rationCardNumber: ['ration card number', 'ration card no', 'rc number', 'rc no', 'ration card', 'राशन कार्ड संख्या', 'राशन कार्ड नंबर'],
  memberId: ['member id', 'member no', 'member number', 'applicant id', 'applicant no', 'सदस्य आईडी', 'सदस्य संख्या', 'आवेदक संख्या'],
  headOfFamily: ['head of family', 'hof', 'is head of family', 'मुखिया', 'परिवार का मुखिया'],
  relation: ['relation', 'relationship', 'relation with hof', 'relation with head', 'संबंध', 'मुखिया से संबंध'],
  village: ['village', 'gram', 'village name', 'ग्राम', 'गांव', 'गाँव'],
  studentId: ['student id', 'student no', 'admission no', 'admission number', 'scholar no', 'sr no', 'छात्र आईडी', 'प्रवेश संख्या', 'छात्र संख्या'],
  school: ['school', 'school name', 'institution', 'college', 'विद्यालय', 'विद्यालय का नाम', 'संस्थान'],
  className: ['class', 'grade', 'standard', 'कक्षा'],
  jobCardNumber: ['job card number', 'job card no', 'jobcard no', 'job card', 'jobcard number', 'जॉब कार्ड संख्या', 'जॉब कार्ड नंबर', 'जॉब कार्ड'],
  panchayat: ['panchayat', 'gram panchayat', 'ग्राम पंचायत', 'पंचायत'],
};

/** The fields each roster type must have, and may have. */
export const rosterColumns: Record<RosterType, { required: readonly RosterField[]; optional: readonly RosterField[] }> = {
  employees: {
    required: ['employeeId', 'name', 'gender', 'ddoCode', 'district'],
    optional: ['nameLocal', 'yearOfBirth', 'dateOfBirth', 'mobile', 'department', 'office', 'block', 'status'],
  },
  'ration-card-families': {
    required: ['rationCardNumber', 'memberId', 'name', 'gender', 'district'],
    optional: ['nameLocal', 'yearOfBirth', 'dateOfBirth', 'headOfFamily', 'relation', 'village', 'block', 'mobile'],
  },
  students: {
    required: ['studentId', 'name', 'gender', 'district'],
    optional: ['nameLocal', 'yearOfBirth', 'dateOfBirth', 'school', 'className', 'village', 'block', 'mobile'],
  },
  mgnrega: {
    required: ['jobCardNumber', 'memberId', 'name', 'gender', 'district'],
    optional: ['nameLocal', 'yearOfBirth', 'dateOfBirth', 'headOfFamily', 'relation', 'village', 'panchayat', 'block', 'mobile'],
  },
};

export const normalizeHeader = (header: string): string =>
  header
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[()._:/\\-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const byVariant = new Map<string, RosterField>(
  (Object.entries(headerVariants) as [RosterField, readonly string[]][]).flatMap(([field, variants]) =>
    variants.map((variant) => [normalizeHeader(variant), field] as const),
  ),
);

/** A header that names Aadhaar, in English or Hindi (UID, Aadhaar, Aadhar, आधार). */
const aadhaarHeader = /\b(aadhaa?r|adhaa?r|uid|uidai)\b|आधार/;

export type HeaderPlan =
  | { readonly ok: true; readonly columns: ReadonlyMap<number, RosterField>; readonly ignored: readonly string[] }
  | { readonly ok: false; readonly reason: 'AADHAAR_COLUMN' | 'MISSING_COLUMNS' | 'DUPLICATE_COLUMN'; readonly message: string; readonly columns: readonly string[] };

/**
 * A header name as a refusal quotes it (stored on the import record, shown to admins, written to the report):
 * Aadhaar numbers masked, at most 80 characters. A stray quote can make one "header" run over data rows.
 */
const quoted = (header: string): string => {
  const masked = maskAadhaarNumbers(header.trim());
  return masked.length > 80 ? `${masked.slice(0, 77)}...` : masked;
};

/** Which file column is which field; the file is refused when it carries Aadhaar or lacks a required field. */
export const planHeaders = (headers: readonly string[], rosterType: keyof typeof rosterColumns): HeaderPlan => {
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
    const field = byVariant.get(normalizeHeader(header));
    if (field === undefined) {
      ignored.push(header);
      continue;
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      return { ok: false, reason: 'DUPLICATE_COLUMN', message: `Columns "${quoted(earlier)}" and "${quoted(header)}" both mean ${field}.`, columns: [quoted(earlier), quoted(header)] };
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
