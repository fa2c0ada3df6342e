// A field-force roster: the workers of a district as a department sends them (CSV or .xlsx, English or Hindi
// headers), dropped at rosters/field-force/{district}/{file}. Headers are matched by the roster importer's machinery
// (core/roster/columns.ts), rows read by its readers; each row is a worker or a reject naming its row and reason,
// and one bad row never stops the good ones. Pure.
import { maskAadhaarNumbers } from './aadhaar.js';
import { segmentKinds, workerRoles, type SegmentKind, type WorkerRole } from './field-force.js';
import { normalizeIndianMobile } from './otp.js';
import { resolveBlock, resolveDistrict } from './places/gazetteer.js';
import { headerMatcher, headerVariants, isAadhaarHeader, normalizeHeader } from './roster/columns.js';
import type { SourceRecord } from './roster/records.js';
import { looksLikeAadhaar, rejectCell } from './roster/rows.js';
import { hiddenCharactersIn } from './text.js';
import type { WorkerInput } from './use-cases/field-force.js';

export const fieldForcePrefix = 'rosters/field-force/';

/** rosters/field-force/{district}/{file}.csv|.xlsx: the district (canonical) and format, or why the key is refused. */
export const parseFieldForceKey = (
  key: string,
): { ok: true; district: string; format: 'csv' | 'xlsx' } | { ok: false; reason: string } | undefined => {
  if (!key.startsWith(fieldForcePrefix)) return undefined;
  const parts = key.split('/');
  if (parts.length !== 4) return { ok: false, reason: 'Field-force rosters go to rosters/field-force/{district}/{file}.csv (or .xlsx).' };
  const [, , districtText = '', file = ''] = parts;
  if (hiddenCharactersIn(key).length > 0)
    return { ok: false, reason: 'The file name or path holds invisible characters; rename the file.' };
  const district = resolveDistrict(districtText.slice(0, 60));
  if (!district.ok) return { ok: false, reason: district.reason };
  const format = /\.csv$/i.test(file) ? 'csv' : /\.xlsx$/i.test(file) ? 'xlsx' : undefined;
  if (format === undefined) return { ok: false, reason: 'Only .csv and .xlsx files are imported.' };
  return { ok: true, district: district.name, format };
};

type WorkerField =
  | 'workerId'
  | 'name'
  | 'role'
  | 'department'
  | 'district'
  | 'block'
  | 'mobile'
  | 'language'
  | 'village'
  | 'rationShop'
  | 'school'
  | 'jobCardRange'
  | 'office'
  | 'ddoCode';

/** The people roster's variants where the idea is the same; the worker's own otherwise. */
export const workerHeaderVariants: Record<WorkerField, readonly string[]> = {
  workerId: ['worker id', 'worker code', 'karyakarta id', 'कार्यकर्ता आईडी', 'कार्यकर्ता कोड', ...headerVariants.employeeId],
  name: [...headerVariants.name, 'कार्यकर्ता का नाम'],
  role: ['role', 'worker role', 'worker type', 'category of worker', 'भूमिका', 'कार्यकर्ता का प्रकार', 'कार्यकर्ता श्रेणी'],
  department: headerVariants.department,
  district: headerVariants.district,
  block: headerVariants.block,
  mobile: headerVariants.mobile,
  language: ['sms language', 'language', 'भाषा', 'SMS की भाषा'],
  village: [...headerVariants.village, 'villages', 'gram panchayat villages', 'ग्राम (जिम्मेदारी)', 'ज़िम्मेदारी के ग्राम'],
  rationShop: headerVariants.rationShop,
  school: headerVariants.school,
  jobCardRange: ['job card range', 'job cards', 'जॉब कार्ड रेंज', 'जॉब कार्ड सीमा', 'जॉब कार्ड संख्या सीमा'],
  office: headerVariants.office,
  ddoCode: headerVariants.ddoCode,
};

const segmentColumns: Record<SegmentKind, WorkerField> = {
  village: 'village',
  'ration-shop': 'rationShop',
  school: 'school',
  'job-card-range': 'jobCardRange',
  office: 'office',
  ddo: 'ddoCode',
};

/** Roles as exports write them, in English or Hindi. */
const roleNames: Record<WorkerRole, readonly string[]> = {
  'class-teacher': ['class teacher', 'teacher', 'कक्षा अध्यापक', 'कक्षा शिक्षक', 'अध्यापक', 'शिक्षक'],
  'pds-dealer': ['pds dealer', 'fps dealer', 'ration dealer', 'kotedar', 'कोटेदार', 'राशन डीलर', 'उचित दर विक्रेता'],
  'panchayat-secretary': ['panchayat secretary', 'gram panchayat adhikari', 'पंचायत सचिव', 'ग्राम पंचायत अधिकारी', 'ग्राम पंचायत सचिव'],
  'rozgar-sahayak': ['rozgar sahayak', 'gram rozgar sevak', 'रोजगार सहायक', 'रोज़गार सहायक', 'ग्राम रोजगार सेवक'],
  'anganwadi-worker': ['anganwadi worker', 'aww', 'आंगनवाड़ी कार्यकर्ता', 'आंगनबाड़ी कार्यकर्ता', 'आंगनवाड़ी कार्यकत्री', 'आंगनबाड़ी कार्यकत्री'],
  asha: ['asha', 'asha worker', 'आशा', 'आशा कार्यकर्ता', 'आशा बहू'],
  cho: ['cho', 'community health officer', 'सामुदायिक स्वास्थ्य अधिकारी', 'सीएचओ'],
  'ward-officer': ['ward officer', 'वार्ड अधिकारी'],
  'office-nodal-officer': ['office nodal officer', 'nodal officer', 'कार्यालय नोडल अधिकारी', 'नोडल अधिकारी'],
};
const roleByName = new Map<string, WorkerRole>(
  workerRoles.flatMap((role) => [role, ...roleNames[role]].map((name) => [normalizeHeader(name.replace(/-/g, ' ')), role] as const)),
);

const fieldOf = headerMatcher(workerHeaderVariants);
const required: readonly WorkerField[] = ['workerId', 'name', 'role', 'mobile'];

export type WorkerRow =
  | { readonly rowNumber: number; readonly ok: true; readonly workerId: string; readonly worker: WorkerInput }
  | {
      readonly rowNumber: number;
      readonly ok: false;
      readonly problems: readonly { readonly column: string; readonly reason: string }[];
      readonly raw: readonly string[];
    };

export type WorkerHeaderPlan = { ok: true; columns: ReadonlyMap<number, WorkerField> } | { ok: false; code: string; message: string };

export const planWorkerHeaders = (headers: readonly string[]): WorkerHeaderPlan => {
  const aadhaar = headers.filter(isAadhaarHeader);
  if (aadhaar.length > 0)
    return {
      ok: false,
      code: 'AADHAAR_COLUMN',
      message: `The file has an Aadhaar column (${aadhaar.map((header) => maskAadhaarNumbers(header)).join(', ')}): remove it and upload again.`,
    };
  const columns = new Map<number, WorkerField>();
  for (const [index, header] of headers.entries()) {
    const field = fieldOf(header);
    if (field === undefined) continue;
    if ([...columns.values()].includes(field))
      return { ok: false, code: 'DUPLICATE_COLUMN', message: `Two columns mean ${field}; "${header}" is the second.` };
    columns.set(index, field);
  }
  const missing = required.filter((field) => ![...columns.values()].includes(field));
  if (missing.length > 0)
    return {
      ok: false,
      code: 'MISSING_COLUMNS',
      message: `The file lacks required columns: ${missing.map((field) => `${field} (${workerHeaderVariants[field].slice(0, 2).join(' / ')})`).join('; ')}.`,
    };
  if (!segmentKinds.some((kind) => [...columns.values()].includes(segmentColumns[kind])))
    return {
      ok: false,
      code: 'MISSING_COLUMNS',
      message: 'The file has no segment column: village, FPS code, school, job card range, office or DDO code.',
    };
  return { ok: true, columns };
};

/** Several values in one cell: separated by ; , or | (a range's `..` stays whole). */
const valuesOf = (cell: string): string[] =>
  cell
    .split(/[;,|]/)
    .map((value) => value.trim())
    .filter((value) => value !== '');

/** One row to a worker, or its problems (each naming the column as the file's header does). */
export const rowToWorker = (
  cells: readonly string[],
  columns: ReadonlyMap<number, WorkerField>,
  headerOf: (field: WorkerField) => string,
  district: string,
): { ok: true; workerId: string; worker: WorkerInput } | { ok: false; problems: { column: string; reason: string }[] } => {
  const fields: Partial<Record<WorkerField, string>> = {};
  for (const [index, field] of columns) {
    const cell = (cells[index] ?? '').normalize('NFC').trim();
    if (cell !== '') fields[field] = cell;
  }
  const problems: { column: string; reason: string }[] = [];
  const problem = (field: WorkerField, reason: string) => problems.push({ column: headerOf(field), reason });
  for (const [index, cell] of cells.entries())
    if (cell.length >= 12 && looksLikeAadhaar(cell.trim()))
      problems.push({ column: `column ${index + 1}`, reason: 'Holds what looks like an Aadhaar number; rosters must not carry Aadhaar.' });
  for (const field of required) if (fields[field] === undefined) problem(field, 'Empty: this column is required.');
  const workerId = fields.workerId?.toUpperCase();
  if (workerId !== undefined && !/^[A-Z0-9][A-Z0-9:._/-]{0,59}$/.test(workerId))
    problem('workerId', `"${workerId}" is not a worker id: letters, digits and : . _ / - only, at most 60.`);
  const role = fields.role === undefined ? undefined : roleByName.get(normalizeHeader(fields.role.replace(/-/g, ' ')));
  if (fields.role !== undefined && role === undefined)
    problem(
      'role',
      `"${fields.role}" is not a field-force role (class teacher, PDS dealer, panchayat secretary, rozgar sahayak, anganwadi worker, ASHA, CHO, ward officer, office nodal officer).`,
    );
  if (fields.mobile !== undefined && normalizeIndianMobile(fields.mobile) === undefined)
    problem('mobile', 'Not a 10-digit Indian mobile number.');
  if (fields.district !== undefined) {
    const named = resolveDistrict(fields.district);
    if (!named.ok || named.name !== district) problem('district', `This file is for ${district}; the row says ${fields.district}.`);
  }
  const block = fields.block === undefined ? undefined : resolveBlock(district, fields.block);
  if (block !== undefined && !block.ok) problem('block', block.reason);
  const filled = segmentKinds.filter((kind) => fields[segmentColumns[kind]] !== undefined);
  if (filled.length === 0)
    problems.push({
      column: '(row)',
      reason: 'No segment: fill the village, FPS code, school, job card range, office or DDO code the worker answers for.',
    });
  if (filled.length > 1)
    problems.push({
      column: filled.map((kind) => headerOf(segmentColumns[kind])).join(', '),
      reason: 'A worker answers for one kind of segment: fill one of these columns.',
    });
  const language = fields.language === undefined ? 'hi' : /^(en|english|अंग्रेज़ी|अंग्रेजी)$/i.test(fields.language) ? 'en' : 'hi';
  const kind = filled[0];
  if (
    problems.length > 0 ||
    workerId === undefined ||
    role === undefined ||
    kind === undefined ||
    fields.name === undefined ||
    fields.mobile === undefined
  )
    return { ok: false, problems: problems.length > 0 ? problems : [{ column: '(row)', reason: 'Incomplete row.' }] };
  return {
    ok: true,
    workerId,
    worker: {
      name: fields.name,
      role,
      department: fields.department ?? '-',
      district,
      ...(block?.ok === true ? { block: block.name } : {}),
      mobile: fields.mobile,
      language,
      segment: { kind, values: valuesOf(fields[segmentColumns[kind]] ?? '') },
    },
  };
};

/** A field-force roster's records (header first) to workers and rejects; the header refused: `refused`. */
export async function* workerRows(
  records: AsyncIterable<SourceRecord>,
  district: string,
): AsyncGenerator<WorkerRow | { refused: { code: string; message: string } } | { header: readonly string[] }> {
  let plan: Extract<WorkerHeaderPlan, { ok: true }> | undefined;
  let headers: readonly string[] = [];
  for await (const record of records) {
    if ('unreadable' in record) {
      yield {
        rowNumber: record.row,
        ok: false,
        problems: [{ column: '(row)', reason: `This row could not be read as CSV (${record.unreadable}).` }],
        raw: [],
      };
      continue;
    }
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    if (plan === undefined) {
      const planned = planWorkerHeaders(record.cells);
      if (!planned.ok) {
        yield { refused: { code: planned.code, message: planned.message } };
        return;
      }
      plan = planned;
      headers = record.cells;
      yield { header: headers };
      continue;
    }
    const columns = plan.columns;
    const headerOf = (field: WorkerField) => {
      const index = [...columns].find(([, mapped]) => mapped === field)?.[0];
      return index === undefined ? field : (headers[index] ?? field).trim();
    };
    const result = rowToWorker(record.cells, columns, headerOf, district);
    yield result.ok
      ? { rowNumber: record.row, ok: true, workerId: result.workerId, worker: result.worker }
      : { rowNumber: record.row, ok: false, problems: result.problems, raw: record.cells.map(rejectCell) };
  }
}
