// Rosters as departments in UP actually export them, dropped into the embedded stack's roster bucket: an NFSA
// list wholly in Hindi (Devanagari district in the key, Devanagari digits, ages, Hindi relations and genders), an
// HRMS workbook whose dates are Excel serials, and the files an attacker or an accident sends (a zip bomb, a header
// of 100,000 columns, bidi overrides in names and file names): each ends DONE or REFUSED with a code, never FAILED.
// Expected values are read off the people each file was written from.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useRosterStack, type ImportView } from '../support/rosters.js';
import { eventually } from '../support/eventually.js';
import { xlsxBomb } from '../support/zip-bomb.js';
import { ramPrasadFamily } from '../fixtures/hindi-ration-card-family.js';

const stack = useRosterStack({ IMPORT_CHUNK_BYTES: '1024', IMPORT_CONCURRENCY: '2', IMPORT_BATCH_ROWS: '25' });

const devanagari = (digits: string) => digits.replace(/\d/g, (digit) => String.fromCodePoint(0x0966 + Number(digit)));
const thisYear = new Date().getUTCFullYear();

describe('rosters as departments export them', () => {
  it('imports an NFSA list wholly in Hindi into the district its key names in Devanagari, places under their English names', async () => {
    // Two families of Mal and Bakshi Ka Talab blocks; ages, not years; numbers in Devanagari digits.
    const members = [
      ...ramPrasadFamily('UP7701'),
      {
        card: 'UP7702',
        member: '01',
        name: 'कमला',
        guardian: 'हरि',
        relation: 'माता',
        age: 70,
        gender: 'महिला',
        village: 'इटौंजा',
        block: 'बख्शी का तालाब',
        mobile: '8004001234',
      },
      {
        card: 'UP7702',
        member: '02',
        name: 'रेशमा',
        guardian: 'कमला',
        relation: 'पुत्री',
        age: 30,
        gender: 'महिला',
        village: 'इटौंजा',
        block: 'बख्शी का तालाब',
        mobile: '',
      },
    ];
    const line = (m: (typeof members)[number], district = 'लखनऊ') =>
      [
        devanagari(m.card),
        devanagari(m.member),
        m.name,
        m.guardian,
        m.relation,
        devanagari(String(m.age)),
        m.gender,
        m.village,
        m.block,
        district,
        devanagari(m.mobile),
      ].join(',');
    const file = [
      '\uFEFFराशन कार्ड संख्या,सदस्य क्रमांक,नाम,पिता/पति का नाम,मुखिया से संबंध,आयु,लिंग,ग्राम,विकास खंड,जनपद,मोबाइल नंबर',
      ...members.map((m) => line(m)),
      // Rows 7-9: another district, no district at all we know, a block Lucknow does not have.
      line({ ...members[0], card: 'UP7703' } as (typeof members)[number], 'कानपुर'),
      line({ ...members[0], card: 'UP7704' } as (typeof members)[number], 'गोथम'),
      line({ ...members[0], card: 'UP7705', block: 'मलिहाबाद्द' } as (typeof members)[number]),
    ].join('\r\n');
    const key = 'rosters/pmjay/लखनऊ/ration-card-families/राशन सूची.csv';
    await stack.rosters.upload(key, file);
    const imported = await stack.rosters.finished('Lucknow', key);

    expect(imported).toMatchObject({ status: 'DONE', district: 'Lucknow', counts: { read: 8, inserted: 5, rejected: 3 } });
    const stored = await stack.people.getPerson('pmjay', 'rc:UP7701:01');
    expect(stored).toMatchObject({
      name: 'राम प्रसाद',
      guardianName: 'शिव प्रसाद',
      relation: 'head',
      gender: 'M',
      yearOfBirth: thisYear - 45,
      block: 'Mal',
      village: 'नगवा',
      district: 'Lucknow',
      mobile: '9876543210',
    });
    expect(await stack.people.getPerson('pmjay', 'rc:UP7702:02')).toMatchObject({
      relation: 'daughter',
      gender: 'F',
      block: 'Bakshi Ka Talab',
      yearOfBirth: thisYear - 30,
    });
    const [population] = (await stack.people.eligible('pmjay', 'Lucknow')).filter((item) => item.rosterType === 'ration-card-families');
    expect(population?.byBlock).toMatchObject({ Mal: 3, 'Bakshi Ka Talab': 2 });

    // The report names columns as the file does, and each reason names the value it refused.
    const report = await stack.rosters.report(imported);
    expect(report.split('\n')[0]?.trim()).toBe(
      'row,column,reason,राशन कार्ड संख्या,सदस्य क्रमांक,नाम,पिता/पति का नाम,मुखिया से संबंध,आयु,लिंग,ग्राम,विकास खंड,जनपद,मोबाइल नंबर',
    );
    expect(report).toContain('7,जनपद,जनपद: This file is for Lucknow; the row says कानपुर (Kanpur Nagar).');
    expect(report).toContain('8,जनपद,"जनपद: ""गोथम"" is not a district we know');
    expect(report).toContain('9,विकास खंड,"विकास खंड: ""मलिहाबाद्द"" is not a block of Lucknow');
  });

  it('imports an HRMS workbook with Hindi headers whose dates are Excel serials with a date format, bare serials and text', async () => {
    // Born 1 February 1970 (Excel serial 25600: 1 January 1970 is 25569) and 31 December 2007 (39447: Microsoft
    // documents 1 January 2008 as 39448).
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('कर्मचारी सूची');
    sheet.addRow(['कर्मचारी कोड', 'कर्मचारी का नाम', 'पदनाम', 'जन्म तिथि', 'लिंग', 'डीडीओ कोड', 'विभाग', 'विकासखण्ड', 'जिला', 'मोबाइल नंबर']);
    const formatted = sheet.addRow([
      'HR001',
      'अमित कुमार',
      'सहायक अध्यापक',
      25600,
      'पुरुष',
      'DDO-LKO-0009',
      'बेसिक शिक्षा',
      'सरोजनी नगर',
      'लखनऊ',
      9876501234,
    ]);
    formatted.getCell(4).numFmt = 'dd/mm/yyyy';
    const isoFormatted = sheet.addRow(['HR002', 'सुनीता वर्मा', 'लिपिक', 39447, 'महिला', 'DDO-LKO-0009', 'बेसिक शिक्षा', 'Mal', 'Lucknow', '']);
    isoFormatted.getCell(4).numFmt = 'yyyy-mm-dd';
    sheet.addRow(['HR003', 'राजेश', 'चालक', 25600, 'पुरुष', 'DDO-LKO-0009', 'बेसिक शिक्षा', 'Mal', 'Lucknow', '']);
    sheet.addRow(['HR004', 'गीता', 'परिचारिका', '15.08.1975', 'महिला', 'DDO-LKO-0009', 'स्वास्थ्य', 'Kakori', 'लखनऊ', '']);
    const key = 'rosters/up-sects/Lucknow/employees/hrms export.xlsx';
    await stack.rosters.upload(key, new Uint8Array(await book.xlsx.writeBuffer()));

    const imported = await stack.rosters.finished('Lucknow', key);
    expect(imported).toMatchObject({ status: 'DONE', counts: { read: 4, inserted: 4, rejected: 0 } });
    expect(await stack.people.getPerson('up-sects', 'emp:HR001')).toMatchObject({
      dateOfBirth: '1970-02-01',
      yearOfBirth: 1970,
      designation: 'सहायक अध्यापक',
      block: 'Sarojini Nagar',
      mobile: '9876501234',
      gender: 'M',
    });
    expect(await stack.people.getPerson('up-sects', 'emp:HR002')).toMatchObject({ dateOfBirth: '2007-12-31', yearOfBirth: 2007 });
    expect(await stack.people.getPerson('up-sects', 'emp:HR003')).toMatchObject({ dateOfBirth: '1970-02-01' });
    expect(await stack.people.getPerson('up-sects', 'emp:HR004')).toMatchObject({ dateOfBirth: '1975-08-15', block: 'Kakori' });
  });

  it('strips bidi overrides and zero-width characters from names, and refuses a file name that carries them', async () => {
    const key = 'rosters/pmjay/Lucknow/ration-card-families/hidden characters.csv';
    await stack.rosters.upload(
      key,
      'Ration Card No,Member ID,Name,Gender,Block,District\nUP7801,01,Ram\u202E Prasad\u200B,M,Mal,Lucknow\nUP7801,02,\u2066सीता\u2069 देवी,F,Mal,Lucknow\n',
    );
    const imported = await stack.rosters.finished('Lucknow', key);
    expect(imported).toMatchObject({ status: 'DONE', counts: { inserted: 2 } });
    expect((await stack.people.getPerson('pmjay', 'rc:UP7801:01'))?.name).toBe('Ram Prasad');
    expect((await stack.people.getPerson('pmjay', 'rc:UP7801:02'))?.name).toBe('सीता देवी');

    const spoofed = 'rosters/pmjay/Lucknow/ration-card-families/nfsa\u202Evsc.xlsx';
    await stack.rosters.upload(spoofed, 'Ration Card No,Member ID,Name,Gender,District\nUP7802,01,Ram,M,Lucknow\n');
    const refused = await eventually('the refused upload', async () =>
      (await stack.rosters.list(undefined, 'state-admin')).find((item) => item.key === spoofed),
    );
    expect(refused).toMatchObject({ status: 'REFUSED', refusal: { code: 'BAD_KEY', message: expect.stringContaining('U+202E') } });
  });
});

describe('files that are no roster end REFUSED with a code, never FAILED', () => {
  const refusedWith = async (key: string, body: string | Uint8Array): Promise<ImportView> => {
    await stack.rosters.upload(key, body);
    const imported = await stack.rosters.finished('Lucknow', key);
    expect(imported.status).toBe('REFUSED');
    return imported;
  };

  it('refuses an .xlsx that inflates to 200 MB, and takes nobody from it', async () => {
    const bomb = await xlsxBomb(200 * 1024 * 1024);
    const imported = await refusedWith('rosters/pmjay/Lucknow/ration-card-families/bomb.xlsx', new Uint8Array(bomb));
    expect(imported.refusal).toMatchObject({ code: 'XLSX_SUSPICIOUS_COMPRESSION' });
    expect(imported.refusal?.message).toContain('xl/worksheets/sheet1.xml');
    expect(await stack.people.getPerson('pmjay', 'rc:LK1:01')).toBeUndefined();
  }, 120_000);

  it('refuses a CSV header of 100,000 columns with a code and a sentence, not a database error', async () => {
    const header = Array.from({ length: 100_000 }, (_, index) => `col${index}`).join(',');
    const imported = await refusedWith('rosters/pmjay/Lucknow/ration-card-families/wide.csv', `${header}\nUP1,01,Ram,M,Lucknow\n`);
    expect(imported.refusal).toMatchObject({ code: 'TOO_MANY_COLUMNS' });
    expect(imported.refusal?.message).toContain('100000 columns');
    expect(JSON.stringify(imported)).not.toContain('ValidationException');
  });

  it('refuses a workbook that is no zip, a zip named .csv, and a UTF-16 CSV', async () => {
    expect(
      (await refusedWith('rosters/pmjay/Lucknow/ration-card-families/renamed.xlsx', 'Ration Card No,Member ID\n')).refusal,
    ).toMatchObject({ code: 'XLSX_UNREADABLE' });
    const book = new ExcelJS.Workbook();
    book.addWorksheet('x').addRow(['Ration Card No']);
    expect(
      (await refusedWith('rosters/pmjay/Lucknow/ration-card-families/workbook.csv', new Uint8Array(await book.xlsx.writeBuffer()))).refusal,
    ).toMatchObject({ code: 'NOT_CSV' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ration Card No,Member ID,Name,Gender,District\r\n', 'utf16le')]);
    expect((await refusedWith('rosters/pmjay/Lucknow/ration-card-families/unicode text.csv', new Uint8Array(utf16))).refusal).toMatchObject(
      { code: 'UNSUPPORTED_ENCODING' },
    );
  });
});
