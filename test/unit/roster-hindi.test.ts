// Rosters as UP, Bihar, MP and Chhattisgarh departments export them: wholly in Hindi (headers, places, genders,
// relations, Devanagari digits), dates written day first in three ways, ages instead of years, Excel serial
// dates. Each file is built from a list of people; what the importer must make of it is read off that list.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseRoster } from '../../functions/adapters/roster-readers.js';
import { xlsxRecords } from '../../functions/adapters/roster-workbooks.js';
import { planHeaders, rosterColumns, type RosterField } from '../../functions/core/roster/columns.js';
import { rosterRows, type ParsedRow, type RosterContext } from '../../functions/core/roster/records.js';
import { excelSerialDate, parseBirthDate } from '../../functions/core/roster/rows.js';
import { ramPrasadFamily } from '../fixtures/hindi-ration-card-family.js';

const context: RosterContext = { scheme: 'pmjay', rosterType: 'ration-card-families', district: 'Lucknow', thisYear: 2026 };
const collect = async (rows: AsyncIterable<ParsedRow>) => {
  const out: ParsedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};
const csvRows = (text: string, ctx = context) => collect(parseRoster(Readable.from([Buffer.from(text, 'utf8')]), ctx));
const devanagari = (digits: string) => digits.replace(/\d/g, (digit) => String.fromCodePoint(0x0966 + Number(digit)));

describe('Hindi headers', () => {
  // The headers of an NFSA ration-card list, an HRMS employee list and a school list, as printed in Hindi.
  it.each([
    [
      'ration-card-families',
      ['राशन कार्ड संख्या', 'सदस्य क्रमांक', 'नाम', 'पिता/पति का नाम', 'मुखिया से संबंध', 'आयु', 'लिंग', 'ग्राम', 'विकास खंड', 'जनपद', 'मोबाइल नंबर'],
    ],
    [
      'ration-card-families',
      ['राशन कार्ड नंबर', 'सदस्य आईडी', 'सदस्य का नाम', 'पिता / पति का नाम', 'संबंध', 'जन्म वर्ष', 'लिंग', 'गाँव', 'ब्लॉक', 'ज़िला', 'मोबाइल नं.'],
    ],
    [
      'employees',
      ['कर्मचारी कोड', 'कर्मचारी का नाम', 'पदनाम', 'जन्म तिथि (DD/MM/YYYY)', 'लिंग', 'डीडीओ कोड', 'विभाग', 'विकासखण्ड', 'जिला', 'मोबाइल संख्या'],
    ],
    [
      'employees',
      [
        'Employee Code',
        "Father's Name",
        'Name',
        'Designation',
        'D.O.B.',
        'Sex',
        'D.D.O. Code',
        'Department',
        'Block Name',
        'District Name',
        'Mobile No.',
      ],
    ],
  ] as const)('%s: %j maps every column', (rosterType, headers) => {
    const plan = planHeaders(headers, rosterType);
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
    if (plan.ok) {
      expect(plan.ignored).toEqual([]);
      const fields = new Set(plan.columns.values());
      for (const field of rosterColumns[rosterType].required) expect(fields.has(field as RosterField)).toBe(true);
    }
  });

  it('ignores a byte order mark, zero-width characters and bidi marks in a header', () => {
    const plan = planHeaders(['\uFEFFराशन कार्ड संख्या', 'सदस्य\u200B क्रमांक', '\u200Fनाम', 'लिंग', 'जनपद\u200E'], 'ration-card-families');
    expect(plan.ok).toBe(true);
  });

  it('refuses a header of 100,000 columns, and one with a column name of 10,000 characters, with codes', () => {
    const wide = Array.from({ length: 100_000 }, (_, index) => `c${index}`);
    expect(planHeaders(wide, 'ration-card-families')).toMatchObject({ ok: false, reason: 'TOO_MANY_COLUMNS' });
    expect(
      planHeaders(['Ration Card No', 'Member ID', 'Name', 'Gender', 'District', 'x'.repeat(10_000)], 'ration-card-families'),
    ).toMatchObject({ ok: false, reason: 'HEADER_TOO_LONG' });
    // Trailing empty columns, as spreadsheet apps leave them, are not counted.
    expect(
      planHeaders(
        ['Ration Card No', 'Member ID', 'Name', 'Gender', 'District', ...Array.from({ length: 2000 }, () => '')],
        'ration-card-families',
      ).ok,
    ).toBe(true);
  });
});

describe('a Hindi ration-card list', () => {
  // The people the file lists; the file below is written from them.
  const people = [
    ...ramPrasadFamily('UP0101'),
    {
      card: 'UP0101',
      member: '04',
      name: 'गीता',
      guardian: 'राम प्रसाद',
      relation: 'पुत्री',
      age: 16,
      gender: 'महिला',
      village: 'नगवा',
      block: 'माल',
      mobile: '',
    },
    {
      card: 'UP0202',
      member: '01',
      name: 'कमला',
      guardian: 'स्व. हरि',
      relation: 'माता',
      age: 70,
      gender: 'महिला',
      village: 'इटौंजा',
      block: 'बख्शी का तालाब',
      mobile: '8004001234',
    },
    {
      card: 'UP0202',
      member: '02',
      name: 'रेशमा',
      guardian: 'कमला',
      relation: 'अन्य',
      age: 30,
      gender: 'ट्रांसजेंडर',
      village: 'इटौंजा',
      block: 'बख्शी का तालाब',
      mobile: '',
    },
  ];
  const expected = {
    relations: ['head', 'spouse', 'son', 'daughter', 'mother', 'other'],
    genders: ['M', 'F', 'M', 'F', 'F', 'T'],
    blocks: ['Mal', 'Mal', 'Mal', 'Mal', 'Bakshi Ka Talab', 'Bakshi Ka Talab'],
  };
  const header = 'राशन कार्ड संख्या,सदस्य क्रमांक,नाम,पिता/पति का नाम,मुखिया से संबंध,आयु,लिंग,ग्राम,विकास खंड,जनपद,मोबाइल नंबर';
  const line = (person: (typeof people)[number]) =>
    [
      devanagari(person.card),
      devanagari(person.member),
      person.name,
      person.guardian,
      person.relation,
      devanagari(String(person.age)),
      person.gender,
      person.village,
      person.block,
      'लखनऊ',
      devanagari(person.mobile),
    ].join(',');

  it.each([
    ['with a byte order mark and CRLF', (lines: string[]) => `\uFEFF${lines.join('\r\n')}\r\n`],
    ['without a byte order mark, LF', (lines: string[]) => `${lines.join('\n')}\n`],
  ])('%s: every person lands as the list gives them', async (_, render) => {
    const rows = await csvRows(render([header, ...people.map(line)]));
    expect(rows.map((row) => row.ok)).toEqual(people.map(() => true));
    const persons = rows.flatMap((row) => (row.ok ? [row.person] : []));
    expect(persons.map((person) => person.personId)).toEqual(people.map((person) => `rc:${person.card}:${person.member}`));
    expect(persons.map((person) => person.name)).toEqual(people.map((person) => person.name));
    expect(persons.map((person) => person.guardianName)).toEqual(people.map((person) => person.guardian));
    expect(persons.map((person) => person.yearOfBirth)).toEqual(people.map((person) => 2026 - person.age));
    expect(persons.map((person) => person.gender)).toEqual(expected.genders);
    expect(persons.map((person) => person.relation)).toEqual(expected.relations);
    expect(persons.map((person) => person.block)).toEqual(expected.blocks);
    expect(persons.map((person) => person.district)).toEqual(people.map(() => 'Lucknow'));
    expect(persons.map((person) => person.mobile)).toEqual(people.map((person) => (person.mobile === '' ? undefined : person.mobile)));
  });

  it("reports a wrong district, an unknown one, an unknown block and an unknown gender in the file's own column names", async () => {
    const rows = await csvRows(
      [
        header,
        'UP0303,01,अनिल,सुनील,स्वयं,30,पुरुष,नगवा,माल,कानपुर,',
        'UP0303,02,सुनीता,अनिल,पत्नी,28,महिला,नगवा,माल,गोथम,',
        'UP0303,03,राजू,अनिल,पुत्र,8,पुरुष,नगवा,मलिहाबाद्द,लखनऊ,',
        'UP0303,04,रानी,अनिल,पुत्री,6,स्त्रीलिंग,नगवा,माल,लखनऊ,',
        'UP0303,05,बबलू,अनिल,पुत्र,१३०,पुरुष,नगवा,माल,लखनऊ,',
      ].join('\n'),
    );
    const problems = rows.map((row) => (row.ok ? [] : row.problems.map((problem) => `${problem.column}: ${problem.reason}`)));
    expect(problems[0]?.[0]).toMatch(/^जनपद: This file is for Lucknow; the row says कानपुर \(Kanpur Nagar\)/);
    expect(problems[1]?.[0]).toMatch(/^जनपद: "गोथम" is not a district we know/);
    expect(problems[2]?.[0]).toMatch(/^विकास खंड: "मलिहाबाद्द" is not a block of Lucknow/);
    expect(problems[3]?.[0]).toMatch(/^लिंग: "स्त्रीलिंग" is not a gender we know/);
    expect(problems[4]?.[0]).toMatch(/^आयु: "130" is not an age/);
  });
});

describe('dates of birth', () => {
  // Excel's 1900 date system as Microsoft documents it: serial 1 is 1 January 1900, 59 is 28 February 1900, 60
  // the 29 February 1900 that never was (Lotus 1-2-3 compatibility), 61 is 1 March 1900; 39448 is 1 January 2008
  // (the DATEVALUE article's example); 25569 is 1 January 1970.
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [25569, '1970-01-01'],
    [39448, '2008-01-01'],
  ])('Excel serial %i is %s', (serial, date) => {
    expect(excelSerialDate(serial)).toBe(date);
  });

  it('has no day for serial 60', () => {
    expect(excelSerialDate(60)).toBeUndefined();
  });

  it.each([
    ['15/08/1975', '1975-08-15'],
    ['15-08-1975', '1975-08-15'],
    ['15.08.1975', '1975-08-15'],
    ['5/8/1975', '1975-08-05'],
    ['1975-08-15', '1975-08-15'],
    ['1975/08/15', '1975-08-15'],
    ['31/02/1975', undefined],
    ['08/15/1975', undefined], // month first is not Indian usage: no 15th month
  ])('%s is %s', (written, date) => {
    expect(parseBirthDate(written)).toBe(date);
  });

  it('reads dates in Devanagari digits, a year in a date column, and refuses a date after this year', async () => {
    const rows = await csvRows(
      [
        'Ration Card No,Member ID,Name,Gender,Date of Birth,District',
        `UP1,01,Ram,M,${devanagari('15/08/1975')},Lucknow`,
        'UP1,02,Sita,F,1980,Lucknow',
        'UP1,03,Gita,F,01/01/2031,Lucknow',
      ].join('\n'),
    );
    expect(rows[0]).toMatchObject({ ok: true, person: { yearOfBirth: 1975, dateOfBirth: '1975-08-15' } });
    expect(rows[1]).toMatchObject({ ok: true, person: { yearOfBirth: 1980 } });
    expect(rows[2]).toMatchObject({ ok: false });
  });

  it('reads an .xlsx whose dates are numbers with a date format, as Excel saves them, or bare serials', async () => {
    // Born 1 February 1970 (serial 25569 + 31), 1 January 2008 (39448) less a day = 31 December 2007 (39447).
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('कर्मचारी');
    sheet.addRow(['कर्मचारी कोड', 'नाम', 'जन्म तिथि', 'लिंग', 'डीडीओ कोड', 'जिला']);
    const dated = sheet.addRow(['E1', 'राम', 25600, 'पुरुष', 'DDO1', 'लखनऊ']);
    dated.getCell(3).numFmt = 'dd/mm/yyyy';
    const iso = sheet.addRow(['E2', 'सीता', 39447, 'महिला', 'DDO1', 'लखनऊ']);
    iso.getCell(3).numFmt = 'yyyy-mm-dd';
    sheet.addRow(['E3', 'गीता', 25600, 'महिला', 'DDO1', 'लखनऊ']); // no date format: a bare serial
    sheet.addRow(['E4', 'मोहन', '15.08.1975', 'पुरुष', 'DDO1', 'लखनऊ']);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    const rows = await collect(
      rosterRows(xlsxRecords(Readable.from([buffer])), { ...context, scheme: 'up-sects', rosterType: 'employees' }),
    );
    expect(rows.map((row) => (row.ok ? row.person.dateOfBirth : row.problems))).toEqual([
      '1970-02-01',
      '2007-12-31',
      '1970-02-01',
      '1975-08-15',
    ]);
  });
});
