// The card as a PDF: one CR80-sized page (85.6 x 54 mm, an ID-1 card), because the card reaches people as an SMS
// link opened on a phone, where a card-sized page fills the screen; printed at "actual size" it is a cut-out card,
// and CSC PVC printers take the size as is. English text and the Hindi lines use Noto Sans Devanagari (its Latin
// and Devanagari subsets, subset again into the PDF); the QR is the signed JWS from functions/core/card.ts.
// Same claims, same bytes: dates come from claims.issuedAt and font names are fixed, not random.

// @pdf-lib/fontkit 1.1.1 (unchanged since 2021) runs its Indic shaper's syllable matcher through a global
// `regeneratorRuntime` it does not bundle, so any Devanagari text throws "regeneratorRuntime is not defined"
// (pdf-lib issues #785, #1419). The regenerator runtime package installs that global; with it, conjuncts,
// reph and the pre-base i-matra come out right (checked by rendering).
import 'regenerator-runtime/runtime.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, PDFOperator, PDFOperatorNames, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CardClaims } from '../core/card.js';

export interface CardPdfInput {
  readonly claims: CardClaims;
  readonly qrText: string;
  readonly photo?: { readonly contentType: 'image/png' | 'image/jpeg'; readonly bytes: Uint8Array };
  readonly schemeTitle: { readonly en: string; readonly hi: string };
}

/** The QR code as a PNG: error correction M (15%), 4 pixels a module, the standard 4-module quiet zone. */
export const renderQrPng = async (qrText: string): Promise<Uint8Array> =>
  new Uint8Array(await QRCode.toBuffer(qrText, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 4 }));

// ---------------------------------------------------------------------------------------------------------------
// Fonts: read once per container. PDF subset names carry a six-letter tag; fixed tags keep the output stable.

const fontFiles = {
  latin: { file: 'latin-400', name: 'HCLATN+NotoSansDevanagari-Regular' },
  latinBold: { file: 'latin-700', name: 'HCLATB+NotoSansDevanagari-Bold' },
  deva: { file: 'devanagari-400', name: 'HCDEVN+NotoSansDevanagari-Regular' },
  devaBold: { file: 'devanagari-600', name: 'HCDEVB+NotoSansDevanagari-SemiBold' },
} as const;
type FontRole = keyof typeof fontFiles;

/**
 * WOFF 1.0 -> the TrueType/OpenType font inside (WOFF spec section 5: a zlib stream per table, stored as is when
 * compressing did not help). fontkit can read WOFF itself, but inflates it in JavaScript on every embed (about
 * 60 ms a font a card); node:zlib once per container is what makes a card cost tens of milliseconds, not hundreds.
 */
export const woffToSfnt = (woff: Uint8Array): Uint8Array => {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 font');
  const numTables = input.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, index) => {
    const entry = 44 + index * 20;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((at) => input.readUInt32BE(entry + at)) as [number, number, number, number, number];
    const stored = input.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('WOFF table length mismatch');
    return { tag, checksum, data };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + numTables * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const output = Buffer.alloc(headerLength + tables.reduce((sum, table) => sum + padded(table.data.length), 0));
  output.writeUInt32BE(input.readUInt32BE(4), 0); // flavor: the sfnt version
  output.writeUInt16BE(numTables, 4);
  output.writeUInt16BE(searchRange, 6);
  output.writeUInt16BE(entrySelector, 8);
  output.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    output.writeUInt32BE(table.tag, record);
    output.writeUInt32BE(table.checksum, record + 4);
    output.writeUInt32BE(offset, record + 8);
    output.writeUInt32BE(table.data.length, record + 12);
    output.set(table.data, offset);
    offset += padded(table.data.length);
  });
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
};

const require = createRequire(import.meta.url);

/** The Lambda bundle ships the fonts beside the code (fonts/, see infra/stack.ts); the repository has node_modules. */
const fontPath = (file: string) => {
  const name = `noto-sans-devanagari-${file}-normal.woff`;
  const bundled = fileURLToPath(new URL(`./fonts/${name}`, import.meta.url));
  return existsSync(bundled) ? bundled : require.resolve(`@fontsource/noto-sans-devanagari/files/${name}`);
};

let fontBytes: Promise<Record<FontRole, Uint8Array>> | undefined;
const loadFontBytes = () => {
  fontBytes ??= (async () => {
    const entries = await Promise.all(
      (Object.keys(fontFiles) as FontRole[]).map(async (role) => {
        const path = fontPath(fontFiles[role].file);
        return [role, woffToSfnt(await readFile(path))] as const;
      }),
    );
    return Object.fromEntries(entries) as Record<FontRole, Uint8Array>;
  })();
  // A failed read is not cached: the next card tries again.
  fontBytes.catch(() => {
    fontBytes = undefined;
  });
  return fontBytes;
};

interface Faces {
  readonly latin: PDFFont;
  readonly deva: PDFFont;
}

// ---------------------------------------------------------------------------------------------------------------
// Text in two scripts: split into runs, each drawn in the font that has it.

const isDevanagari = (codePoint: number) =>
  (codePoint >= 0x0900 && codePoint <= 0x097f) || (codePoint >= 0xa8e0 && codePoint <= 0xa8ff) || (codePoint >= 0x1cd0 && codePoint <= 0x1cff);
// Joiners and spaces stay in the run they are in, so a Hindi phrase is shaped as one string.
const isNeutral = (codePoint: number) => codePoint === 0x20 || codePoint === 0x200c || codePoint === 0x200d;

interface Run {
  readonly text: string;
  readonly font: PDFFont;
}

const runsOf = (text: string, faces: Faces): Run[] => {
  const runs: { text: string; deva: boolean }[] = [];
  for (const char of text) {
    const codePoint = char.codePointAt(0) as number;
    const last = runs.at(-1);
    const deva = isNeutral(codePoint) && last !== undefined ? last.deva : isDevanagari(codePoint);
    if (last !== undefined && last.deva === deva) last.text += char;
    else runs.push({ text: char, deva });
  }
  return runs.map((run) => ({ text: run.text, font: run.deva ? faces.deva : faces.latin }));
};

const characterSets = new WeakMap<PDFFont, Set<number>>();
const characterSet = (font: PDFFont) => {
  let set = characterSets.get(font);
  if (set === undefined) characterSets.set(font, (set = new Set(font.getCharacterSet())));
  return set;
};

/** Every character has a glyph in the font its run uses (so nothing prints as an empty box). */
const covered = (text: string, faces: Faces): boolean =>
  runsOf(text, faces).every((run) => [...run.text].every((char) => characterSet(run.font).has(char.codePointAt(0) as number)));

const widthOf = (runs: readonly Run[], size: number) => runs.reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, size), 0);

interface TextStyle {
  readonly faces: Faces;
  readonly size: number;
  /** Shrink down to this size to fit maxWidth; below it, break between words onto more lines. */
  readonly minSize?: number;
  readonly maxWidth: number;
  readonly color: RGB;
}

/** The size `text` is drawn at: style.size, shrunk in quarter points to fit maxWidth, not below minSize. */
const fittedSize = (text: string, style: TextStyle): number => {
  // Widths scale with the size; round down to a quarter point so sizes stay tidy.
  const widthAtOne = widthOf(runsOf(text, style.faces), 1);
  const fits = widthAtOne === 0 ? style.size : Math.floor((style.maxWidth / widthAtOne) * 4) / 4;
  return Math.max(style.minSize ?? style.size, Math.min(style.size, fits));
};

/** Draws `text` with its top line's baseline at y; returns the y of the next line's baseline. */
const drawText = (page: PDFPage, text: string, x: number, y: number, style: TextStyle): number => {
  const size = fittedSize(text, style);
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const current = lines.at(-1);
    if (current !== undefined && widthOf(runsOf(`${current} ${word}`, style.faces), size) <= style.maxWidth) lines[lines.length - 1] = `${current} ${word}`;
    else lines.push(word);
  }
  let baseline = y;
  for (const line of lines) {
    let at = x;
    for (const run of runsOf(line, style.faces)) {
      // Shaped Devanagari is stored in visual glyph order (the i-matra before its consonant, reph after), so
      // copying or searching would give "िकशोरी"; ActualText carries the real text for those tools and screen readers.
      const shaped = run.font === style.faces.deva;
      if (shaped) {
        // An inline property list; pdf-lib writes string operands as they are (hex text is plain ASCII).
        const properties = `<</ActualText ${PDFHexString.fromText(run.text).toString()}>>`;
        page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), properties]));
      }
      page.drawText(run.text, { x: at, y: baseline, size, font: run.font, color: style.color });
      if (shaped) page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
      at += run.font.widthOfTextAtSize(run.text, size);
    }
    baseline -= size * 1.3;
  }
  return baseline;
};

/**
 * Hindi text is drawn only when every character has a glyph and fontkit shapes it without error; otherwise the line
 * is left out and the English one stands alone, rather than printing boxes or broken syllables on an ID card.
 */
const printable = (text: string | undefined, faces: Faces): text is string => {
  if (text === undefined || text.trim() === '' || !covered(text, faces)) return false;
  try {
    widthOf(runsOf(text, faces), 10);
    return true;
  } catch {
    return false;
  }
};

/**
 * English text with a letter the Latin subset lacks (rare: UIDAI gives names in ASCII): its base letter (Ś -> S),
 * or '?' when it has none (Ł), rather than an empty box.
 */
const withBaseLetters = (text: string, faces: Faces) => {
  if (covered(text, faces)) return text;
  const base = text.normalize('NFKD').replace(/\p{M}/gu, '');
  return [...base].map((char) => (covered(char, faces) ? char : '?')).join('');
};

// ---------------------------------------------------------------------------------------------------------------
// Layout, in points; origin bottom left. CR80: 85.6 x 53.98 mm.

const mm = 72 / 25.4;
const cardSize = { width: 85.6 * mm, height: 53.98 * mm };
const margin = 7;
const headerHeight = 30;
const qrSize = 98;
const photoBox = { width: 44, height: 55 };

const colours = {
  band: rgb(0.05, 0.23, 0.45),
  stripe: rgb(0.93, 0.47, 0.13),
  ink: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.38, 0.4, 0.45),
  white: rgb(1, 1, 1),
  frame: rgb(0.75, 0.77, 0.8),
};

const genderText = { M: 'पुरुष / Male', F: 'महिला / Female', T: 'ट्रांसजेंडर / Transgender' } as const;

/** 2031-11-22 -> 22/11/2031, the order dates are read in India. */
const indianDate = (iso: string) => iso.split('-').reverse().join('/');

export const renderCardPdf = async (input: CardPdfInput): Promise<Uint8Array> => {
  const { claims, qrText, photo, schemeTitle } = input;
  const issuedAt = new Date(claims.issuedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  doc.setTitle(`Health card ${claims.cardNumber}`);
  doc.setSubject(schemeTitle.en);
  doc.setCreator('healthcard-pipeline');
  doc.setProducer('healthcard-pipeline (pdf-lib)');
  doc.setLanguage('en-IN');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const bytes = await loadFontBytes();
  const embed = (role: FontRole) => doc.embedFont(bytes[role], { subset: true, customName: fontFiles[role].name });
  const [latin, latinBold, deva, devaBold] = await Promise.all([embed('latin'), embed('latinBold'), embed('deva'), embed('devaBold')]);
  const regular: Faces = { latin, deva };
  const bold: Faces = { latin: latinBold, deva: devaBold };

  const card = doc.addPage([cardSize.width, cardSize.height]);
  const innerWidth = cardSize.width - 2 * margin;

  // Header band: the scheme, in English and Hindi.
  card.drawRectangle({ x: 0, y: cardSize.height - headerHeight, width: cardSize.width, height: headerHeight, color: colours.band });
  card.drawRectangle({ x: 0, y: cardSize.height - headerHeight - 1.5, width: cardSize.width, height: 1.5, color: colours.stripe });
  const titleStyle = { faces: bold, size: 7.5, minSize: 5, maxWidth: innerWidth, color: colours.white };
  let y = drawText(card, schemeTitle.en, margin, cardSize.height - 12, titleStyle);
  if (printable(schemeTitle.hi, bold)) drawText(card, schemeTitle.hi, margin, Math.min(y, cardSize.height - 23), titleStyle);

  // QR on the right, as large as the body allows: the bigger the modules, the older the phone that reads it.
  const qrImage = await doc.embedPng(await renderQrPng(qrText));
  const qrX = cardSize.width - margin + 4 - qrSize;
  card.drawImage(qrImage, { x: qrX, y: 3, width: qrSize, height: qrSize });

  // Photo (when the e-KYC gave one), then the fields beside it.
  const bodyTop = cardSize.height - headerHeight - 6;
  let fieldsX = margin;
  if (photo !== undefined) {
    const image = photo.contentType === 'image/png' ? await doc.embedPng(photo.bytes) : await doc.embedJpg(photo.bytes);
    const scale = Math.min(photoBox.width / image.width, photoBox.height / image.height);
    const [width, height] = [image.width * scale, image.height * scale];
    const boxY = bodyTop - photoBox.height;
    card.drawRectangle({ x: margin, y: boxY, width: photoBox.width, height: photoBox.height, borderColor: colours.frame, borderWidth: 0.5 });
    card.drawImage(image, { x: margin + (photoBox.width - width) / 2, y: boxY + (photoBox.height - height) / 2, width, height });
    fieldsX = margin + photoBox.width + 5;
  }
  // Text stops where the QR image (and its quiet zone) begins.
  const fieldsWidth = qrX - fieldsX;
  const nameStyle = { faces: bold, size: 8, minSize: 6, maxWidth: fieldsWidth, color: colours.ink };
  const fieldStyle = { faces: regular, size: 5.6, minSize: 4.6, maxWidth: fieldsWidth, color: colours.ink };

  y = drawText(card, withBaseLetters(claims.name, bold), fieldsX, bodyTop - 7, nameStyle);
  if (printable(claims.nameLocal, bold)) y = drawText(card, claims.nameLocal, fieldsX, y, nameStyle);
  y -= 1.5;
  const fields = [
    `जन्म वर्ष / Year of birth: ${claims.yearOfBirth}`,
    `लिंग / Gender: ${genderText[claims.gender]}`,
    `आधार / Aadhaar: XXXX XXXX ${claims.aadhaarLast4}`,
    `वैधता / Valid: ${indianDate(claims.validFrom)} – ${indianDate(claims.validUntil)}`,
  ];
  // One size for the block, so the lines line up as a table would.
  const fieldSize = Math.min(...fields.map((line) => fittedSize(line, fieldStyle)));
  for (const line of fields) y = drawText(card, line, fieldsX, y, { ...fieldStyle, size: fieldSize, minSize: fieldSize });

  // Card number, bottom left: what people read out at a hospital desk.
  drawText(card, 'कार्ड संख्या / Card No.', margin, 19, { ...fieldStyle, color: colours.muted, maxWidth: qrX - margin });
  drawText(card, claims.cardNumber, margin, 8, { faces: bold, size: 11, minSize: 8, maxWidth: qrX - margin, color: colours.ink });

  return doc.save();
};
