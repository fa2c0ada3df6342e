// Workbooks that would take the importer's memory are refused before exceljs inflates them; real workbooks pass.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkXlsx, xlsxLimits } from '../../functions/adapters/xlsx-limits.js';
import { xlsxRecords } from '../../functions/adapters/roster-workbooks.js';
import { RosterUnreadableError } from '../../functions/core/roster/records.js';
import { rezipped, xlsxBomb } from '../support/zip-bomb.js';

const codeOf = async (run: Promise<unknown>) => {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(RosterUnreadableError);
  return (error as RosterUnreadableError).code;
};

const workbook = async (rows: number) => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Roster');
  sheet.addRow(['Ration Card No', 'Member ID', 'Name', 'Gender', 'District']);
  for (let index = 0; index < rows; index += 1) sheet.addRow([`LK${index}`, '01', `Member ${index}`, 'M', 'Lucknow']);
  return Buffer.from(await book.xlsx.writeBuffer());
};

describe('xlsx limits', () => {
  it('refuses a workbook whose sheet inflates to 200 MB from a few hundred KB, before reading a row', async () => {
    const bomb = await xlsxBomb(200 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await codeOf(checkXlsx(bomb))).toBe('XLSX_SUSPICIOUS_COMPRESSION');
    const rows = (async () => {
      for await (const record of xlsxRecords(Readable.from([bomb]))) void record;
    })();
    expect(await codeOf(rows)).toBe('XLSX_SUSPICIOUS_COMPRESSION');
  }, 60_000);

  it('refuses a part bigger than the part limit even at an ordinary ratio, and a file bigger than the file limit', async () => {
    const book = await workbook(2000);
    expect(await codeOf(checkXlsx(book, { ...xlsxLimits, partBytes: 64 * 1024 }))).toBe('XLSX_TOO_LARGE');
    expect(await codeOf(checkXlsx(book, { ...xlsxLimits, fileBytes: 1024 }))).toBe('XLSX_TOO_LARGE');
  });

  it('refuses what is no zip, and a zip whose part is bigger than its directory says', async () => {
    expect(await codeOf(checkXlsx(Buffer.from('Ration Card No,Name\nLK1,Ram\n')))).toBe('XLSX_UNREADABLE');
    const book = await rezipped(await workbook(50));
    // Lower the declared size of the sheet in the central directory: inflating shows the lie.
    const directory = book.lastIndexOf(Buffer.from('xl/worksheets/sheet1.xml')) - 46;
    expect(book.readUInt32LE(directory)).toBe(0x02014b50);
    const lying = Buffer.from(book);
    lying.writeUInt32LE(book.readUInt32LE(directory + 24) - 100, directory + 24);
    expect(await codeOf(checkXlsx(lying))).toBe('XLSX_SUSPICIOUS_COMPRESSION');
  });

  it('passes workbooks as exceljs and a plain zip writer make them, and reads their rows', async () => {
    const book = await workbook(500);
    await expect(checkXlsx(book)).resolves.toBeUndefined();
    await expect(checkXlsx(await rezipped(book))).resolves.toBeUndefined();
    let rows = 0;
    for await (const record of xlsxRecords(Readable.from([book]))) if ('cells' in record) rows += 1;
    expect(rows).toBe(501);
  });
});
