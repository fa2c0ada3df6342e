// Arbitrary roster files for property tests: headers from the mapping table (any variant, case, punctuation
// and order, unknown and missing columns, an Aadhaar column now and then), cells valid and hostile (quotes,
// commas, newlines, Hindi in NFC and NFD, formulas, Aadhaar numbers alone and inside text), repeated and
// conflicting rows, blank lines, a byte order mark, CRLF, a stray quote. Rendered to CSV text with what the
// importer must make of it.
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { verhoeffCheckDigit } from '../../functions/core/aadhaar.js';
import { headerVariants, rosterColumns, type RosterField } from '../../functions/core/roster/columns.js';

/** The property tests' fast-check seed: FC_SEED when given (to reproduce a failure), else a fresh one. */
export const fcSeed = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Print the seed, so a failing run can be reproduced; `details` (runs, time limit) after it. */
export const printSeed = (details?: string): void => {
  process.stdout.write(`fast-check seed ${fcSeed} (FC_SEED=${fcSeed} to reproduce)${details === undefined ? '' : `, ${details}`}\n`);
};

/** Whether `text` holds the 12 digits as a whole number, plain or written in groups of four (space or dash). */
export const containsNumber = (text: string, digits: string) =>
  new RegExp(`(?<!\\d)(${digits}|${digits.slice(0, 4)}[ -]${digits.slice(4, 8)}[ -]${digits.slice(8)})(?!\\d)`).test(text);

/** A valid Aadhaar number (first digit 2-9, Verhoeff check digit), written as people write it. */
const aadhaar = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.stringMatching(/^\d{10}$/), fc.constantFrom('plain', 'spaced', 'dashed'))
  .map(([first, rest, style]) => {
    const digits = `${first}${rest}${verhoeffCheckDigit(`${first}${rest}`)}`;
    return {
      digits,
      written: style === 'plain' ? digits : digits.replace(/(\d{4})(\d{4})(\d{4})/, style === 'spaced' ? '$1 $2 $3' : '$1-$2-$3'),
    };
  });

const hostileText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '"quoted, with comma"',
    'two\nlines',
    'cr\r\nlf',
    '=1+1',
    '@SUM(A1)',
    '+91',
    '-',
    '\uFF1Dx',
    ' ',
    '',
    'राम प्रसाद',
    'क़'.normalize('NFD'),
    '\uFEFF',
    '""',
    '"',
  ),
);

const validCell: Partial<Record<RosterField, fc.Arbitrary<string>>> = {
  rationCardNumber: fc.stringMatching(/^UPP[0-9]{3}$/),
  memberId: fc.constantFrom('01', '02', '03'),
  name: fc.constantFrom('Ram Prasad', 'Sita Devi', 'राम प्रसाद', 'Mohd. Irfan', 'Kamla  Devi '),
  nameLocal: fc.constantFrom('राम प्रसाद', 'सीता देवी', 'क़ुरैशी'.normalize('NFD')),
  gender: fc.constantFrom('M', 'F', 'T', 'Male', 'female', 'पुरुष', 'महिला', 'X'),
  yearOfBirth: fc.constantFrom('1970', '1985', '2001', '1899', '3000', 'abc'),
  dateOfBirth: fc.constantFrom('1970-01-31', '31/12/1985', '2026-13-40'),
  headOfFamily: fc.constantFrom('Y', 'N', 'हाँ', 'maybe'),
  relation: fc.constantFrom('Head', 'wife', 'son', 'पत्नी'),
  village: fc.constantFrom('Nigohan', 'Araul', 'ग्राम'),
  block: fc.constantFrom('Mal', 'Bilhaur', '+SUM(1;2)'),
  mobile: fc.constantFrom('9876543210', '+91 98765 43210', '09876543210', '12345', ''),
};

/** `arbitrary` once in `every` files, null otherwise. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, every: number) =>
  fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

type Column = { readonly header: string; readonly field: RosterField | 'unknown' | 'aadhaar' };

const decorate = (header: string) =>
  fc
    .constantFrom(
      (h: string) => h,
      (h: string) => h.toUpperCase(),
      (h: string) => ` ${h}. `,
      (h: string) => h.replace(/ /g, '_'),
    )
    .map((change) => change(header));

const { required, optional } = rosterColumns['ration-card-families'];

const columns: fc.Arbitrary<Column[]> = fc
  .record({
    required: fc.tuple(
      ...required.map((field) =>
        fc
          .constantFrom(...headerVariants[field])
          .chain(decorate)
          .map((header): Column => ({ header, field })),
      ),
    ),
    dropped: sometimes(fc.constantFrom(...required), 10),
    optional: fc
      .subarray([...optional])
      .chain((fields) =>
        fc.tuple(...fields.map((field) => fc.constantFrom(...headerVariants[field]).map((header): Column => ({ header, field })))),
      ),
    unknown: fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('Remarks', 'टिप्पणी', '=HYPERLINK("x")')), {
      maxLength: 2,
    }),
    aadhaarColumn: sometimes(fc.constantFrom('Aadhaar No', 'आधार संख्या', 'UID'), 12),
  })
  .chain(({ required: mapped, dropped, optional: extra, unknown, aadhaarColumn }) => {
    const all: Column[] = [
      ...mapped.filter((column) => column.field !== dropped),
      ...extra,
      ...unknown.map((header): Column => ({ header, field: 'unknown' })),
      ...(aadhaarColumn === null ? [] : [{ header: aadhaarColumn, field: 'aadhaar' } as Column]),
    ];
    // Every column, in any order.
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

const cellFor = (column: Column): fc.Arbitrary<{ text: string; aadhaar?: string }> => {
  const valid =
    column.field === 'district'
      ? fc.constant('Lucknow')
      : column.field === 'unknown' || column.field === 'aadhaar'
        ? fc.constant('')
        : (validCell[column.field] ?? fc.constant('x'));
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((text) => ({ text })) },
    { weight: 2, arbitrary: hostileText.map((text) => ({ text })) },
    { weight: 1, arbitrary: aadhaar.map((number) => ({ text: number.written, aadhaar: number.digits })) },
    { weight: 1, arbitrary: aadhaar.map((number) => ({ text: `Ram ${number.written}`, aadhaar: number.digits })) },
  );
};

export const rosterFile = columns.chain((picked) =>
  fc.record({
    columns: fc.constant(picked),
    rows: fc.array(fc.tuple(...picked.map(cellFor)), { maxLength: 12 }),
    repeats: fc.array(fc.record({ of: fc.nat(), change: fc.boolean() }), { maxLength: 2 }),
    blankLines: fc.array(fc.nat(), { maxLength: 2 }),
    bom: fc.boolean(),
    crlf: fc.boolean(),
    strayQuote: sometimes(fc.nat(), 6),
  }),
);

export interface RenderedRoster {
  readonly text: string;
  /** Data records with a visible cell: what the importer reads, when the file is well-formed. */
  readonly records: number;
  readonly wellFormed: boolean;
  readonly aadhaarNumbers: readonly string[];
}

export type RosterFile = typeof rosterFile extends fc.Arbitrary<infer T> ? T : never;

export const renderRoster = (file: RosterFile): RenderedRoster => {
  const header = file.columns.map((column) => column.header);
  const rows = file.rows.map((row) => row.map((cell) => cell.text));
  for (const repeat of file.repeats) {
    const original = rows[repeat.of % Math.max(rows.length, 1)];
    if (original !== undefined)
      rows.push(
        repeat.change ? original.map((cell, index) => (file.columns[index]?.field === 'name' ? `${cell} Kumar` : cell)) : [...original],
      );
  }
  const newline = file.crlf ? '\r\n' : '\n';
  // A cell with a CR or LF is quoted whatever the file's line ending: the importer ends records at either.
  const lines = stringify([header, ...rows], { record_delimiter: newline, quoted_match: /[\r\n]/ }).split(newline);
  for (const at of file.blankLines) lines.splice(1 + (at % lines.length), 0, '');
  let text = lines.join(newline);
  if (file.strayQuote !== null) {
    const at = file.strayQuote % (text.length + 1);
    text = `${text.slice(0, at)}"${text.slice(at)}`;
  }
  return {
    text: `${file.bom ? '\uFEFF' : ''}${text}`,
    records: rows.filter((row) => row.some((cell) => cell.trim() !== '')).length,
    wellFormed: file.strayQuote === null,
    aadhaarNumbers: file.rows.flatMap((row) => row.flatMap((cell) => (cell.aadhaar === undefined ? [] : [cell.aadhaar]))),
  };
};
