// An .xlsx is a zip: a 200 KB file can inflate to gigabytes (a "zip bomb") and take the function's memory with it
// before one row is read. Before exceljs sees the bytes, the zip's central directory is read for the parts'
// declared sizes, the parts are checked to fill the file end to end (no hidden entries a streaming reader would
// meet but the directory does not list), and each part is inflated once, counting, to check that it is no
// bigger than it says. exceljs's unzipper reads local headers as it streams and inflates without any bound,
// and node:zlib has no zip reader, so this is read here: the central directory format is PKWARE's APPNOTE, 4.3.
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { RosterUnreadableError } from '../core/roster/records.js';

export interface XlsxLimits {
  /** The file as uploaded. */
  readonly fileBytes: number;
  /** One part (a worksheet's XML, the shared strings) once inflated. */
  readonly partBytes: number;
  /** All parts together, inflated. */
  readonly totalBytes: number;
  /** Inflated / compressed size of one part, checked for parts over `ratioFromBytes`. */
  readonly ratio: number;
  readonly ratioFromBytes: number;
  readonly parts: number;
}

/**
 * A lakh-row roster saved by Excel is a few MB, its sheet XML tens of MB at ratios of 5-20; 64 MB of file and
 * 128 MB per part leave room, and a ratio over 200 is no spreadsheet anyone typed.
 */
export const xlsxLimits: XlsxLimits = {
  fileBytes: 64 * 1024 * 1024,
  partBytes: 128 * 1024 * 1024,
  totalBytes: 256 * 1024 * 1024,
  ratio: 200,
  ratioFromBytes: 1024 * 1024,
  parts: 10_000,
};

interface Part {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

const unreadable = (message: string) =>
  new RosterUnreadableError({
    code: 'XLSX_UNREADABLE',
    message: `The file cannot be read as an .xlsx workbook: ${message} Save it again from Excel (or as CSV) and upload it again.`,
  });
const tooLarge = (message: string) =>
  new RosterUnreadableError({ code: 'XLSX_TOO_LARGE', message: `${message} Split the roster, or save it as CSV, and upload again.` });
const suspicious = (message: string) =>
  new RosterUnreadableError({
    code: 'XLSX_SUSPICIOUS_COMPRESSION',
    message: `${message} This is not how a spreadsheet compresses; the file was not read.`,
  });

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The parts the central directory lists. Throws RosterUnreadableError when there is none or it is not plain zip. */
const centralDirectory = (zip: Buffer, limits: XlsxLimits): Part[] => {
  // End of central directory: 22 bytes plus a comment of at most 65,535, at the end of the file.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at -= 1) {
    if (zip.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw unreadable('it is not a zip file.');
  const count = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  // ZIP64 markers: no roster needs a zip over 4 GB or 65,535 parts.
  if (count === 0xffff || directoryOffset === 0xffffffff) throw suspicious('The workbook declares ZIP64 sizes.');
  if (count > limits.parts) throw suspicious(`The workbook has ${count} parts.`);
  const parts: Part[] = [];
  let at = directoryOffset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw unreadable('its table of contents is damaged.');
    const nameLength = zip.readUInt16LE(at + 28);
    const part: Part = {
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (part.compressedSize === 0xffffffff || part.size === 0xffffffff || part.offset === 0xffffffff)
      throw suspicious('The workbook declares ZIP64 sizes.');
    parts.push(part);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  // Every byte before the directory belongs to a listed part: nothing a streaming reader would find unlisted.
  let next = 0;
  for (const part of [...parts].sort((a, b) => a.offset - b.offset)) {
    if (part.offset !== next || part.offset + 30 > zip.length || zip.readUInt32LE(part.offset) !== 0x04034b50) {
      throw suspicious('The workbook holds data its table of contents does not list.');
    }
    const dataStart = part.offset + 30 + zip.readUInt16LE(part.offset + 26) + zip.readUInt16LE(part.offset + 28);
    next = dataStart + part.compressedSize;
    // A data descriptor (flag bit 3) follows the data: 12 bytes, or 16 with its optional signature.
    if ((part.flags & 0x08) !== 0) next += next + 4 <= zip.length && zip.readUInt32LE(next) === 0x08074b50 ? 16 : 12;
  }
  if (next !== directoryOffset) throw suspicious('The workbook holds data its table of contents does not list.');
  return parts;
};

/** Inflated bytes of one part, counted as they come; stops as soon as the part is bigger than it declared. */
const inflatedSize = async (data: Buffer, declared: number, name: string): Promise<number> => {
  let size = 0;
  const inflate = Readable.from([data]).pipe(createInflateRaw());
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > declared) throw suspicious(`Part ${name} inflates to more than the ${declared} bytes it declares.`);
    }
  } catch (error) {
    inflate.destroy();
    if (error instanceof RosterUnreadableError) throw error;
    throw unreadable(`part ${name} is damaged.`);
  }
  return size;
};

/**
 * Refuses (with RosterUnreadableError: XLSX_TOO_LARGE, XLSX_SUSPICIOUS_COMPRESSION or XLSX_UNREADABLE) an .xlsx
 * that is too big, inflates too far, compresses like no spreadsheet, hides data from its directory, or is no zip.
 */
export const checkXlsx = async (zip: Buffer, limits: XlsxLimits = xlsxLimits): Promise<void> => {
  if (zip.length > limits.fileBytes)
    throw tooLarge(`The file is ${megabytes(zip.length)}; an .xlsx roster is at most ${megabytes(limits.fileBytes)}.`);
  const parts = centralDirectory(zip, limits);
  let total = 0;
  for (const part of parts) {
    if (part.size > limits.ratioFromBytes && part.size > part.compressedSize * limits.ratio) {
      throw suspicious(
        `Part ${part.name} inflates ${Math.round(part.size / Math.max(1, part.compressedSize))} times (${megabytes(part.size)} from ${part.compressedSize} bytes).`,
      );
    }
    if (part.size > limits.partBytes)
      throw tooLarge(`Part ${part.name} inflates to ${megabytes(part.size)}; at most ${megabytes(limits.partBytes)} is read.`);
    total += part.size;
    if (total > limits.totalBytes) throw tooLarge(`The workbook inflates to more than ${megabytes(limits.totalBytes)}.`);
  }
  for (const part of parts) {
    if ((part.flags & 0x01) !== 0) throw unreadable('it is encrypted (password protected).');
    const dataStart = part.offset + 30 + zip.readUInt16LE(part.offset + 26) + zip.readUInt16LE(part.offset + 28);
    const data = zip.subarray(dataStart, dataStart + part.compressedSize);
    if (part.method === 0) {
      if (part.compressedSize !== part.size) throw unreadable(`part ${part.name} is damaged.`);
    } else if (part.method === 8) {
      const size = await inflatedSize(data, part.size, part.name);
      if (size !== part.size) throw unreadable(`part ${part.name} is damaged.`);
    } else {
      throw unreadable(`part ${part.name} uses a compression method (${part.method}) Excel does not write.`);
    }
  }
};
