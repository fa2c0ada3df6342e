// A workbook that inflates to far more than it weighs, built as an attacker would: a real .xlsx from exceljs
// whose first sheet's XML is replaced by `sheetBytes` of one repeated byte, deflated as it is generated (the
// 200 MB never sit in memory) and written into a fresh zip by the few lines of PKWARE's format it needs.
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

interface Entry {
  readonly name: string;
  readonly data: Buffer;
  readonly size: number;
  readonly crc: number;
}

const deflatedRepeat = async (bytes: number): Promise<{ data: Buffer; crc: number }> => {
  const block = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  let crc = 0;
  for (let written = 0; written < bytes; written += block.length) {
    const part = bytes - written >= block.length ? block : block.subarray(0, bytes - written);
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc };
};

const zipOf = (entries: readonly Entry[]): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
};

/** A roster workbook (header and one row) whose first sheet, once inflated, is `sheetBytes` of spaces. */
export const xlsxBomb = async (sheetBytes: number): Promise<Buffer> => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Roster');
  sheet.addRow(['Ration Card No', 'Member ID', 'Name', 'Gender', 'District']);
  sheet.addRow(['LK1', '01', 'Ram', 'M', 'Lucknow']);
  const real = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
  const entries: Entry[] = [];
  for (const file of Object.values(real.files)) {
    if (file.dir) continue;
    if (file.name === 'xl/worksheets/sheet1.xml') {
      const bomb = await deflatedRepeat(sheetBytes);
      entries.push({ name: file.name, data: bomb.data, size: sheetBytes, crc: bomb.crc });
      continue;
    }
    const content = await file.async('nodebuffer');
    entries.push({ name: file.name, data: deflateRawSync(content), size: content.length, crc: crc32(content) });
  }
  return zipOf(entries);
};

/** The same zip writer over an exceljs workbook's own parts: a plain workbook written by these lines (a control). */
export const rezipped = async (xlsx: Buffer): Promise<Buffer> => {
  const real = await JSZip.loadAsync(xlsx);
  const entries: Entry[] = [];
  for (const file of Object.values(real.files)) {
    if (file.dir) continue;
    const content = await file.async('nodebuffer');
    entries.push({ name: file.name, data: deflateRawSync(content), size: content.length, crc: crc32(content) });
  }
  return zipOf(entries);
};
