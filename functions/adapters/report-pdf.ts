// The daily report as a printable PDF: A4 landscape, a table with English and Hindi column heads, one row per
// block, the total last, pages numbered. Same report, same bytes (dates come from the report, font names fixed).
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { findScheme } from '../core/schemes.js';
import { dailyColumns, type DailyReport, type DailyRow } from '../core/use-cases/daily-report.js';
import { drawText, embedFaces, printable, type Faces } from './pdf-text.js';

const page = { width: 841.89, height: 595.28 };
const margin = 28;
const rowHeight = 15;
const headHeight = 34;
const ink = rgb(0.1, 0.1, 0.12);
const muted = rgb(0.38, 0.4, 0.45);
const rule = rgb(0.8, 0.82, 0.85);
const band = rgb(0.93, 0.95, 0.98);

/** District and block get room for names; the figures share the rest. */
const columnWidths = (() => {
  const names = [74, 92];
  const rest = (page.width - 2 * margin - names[0]! - names[1]!) / (dailyColumns.length - 2);
  return dailyColumns.map((_, index) => names[index] ?? rest);
})();

const indianDate = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

const cell = (row: DailyRow, key: keyof DailyRow) => {
  const value = row[key];
  return value === null ? '–' : String(value);
};

export const renderDailyReportPdf = async (report: DailyReport): Promise<Uint8Array> => {
  const generated = new Date(report.generatedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  const scheme = findScheme(report.campaign.scheme);
  doc.setTitle(`Daily report ${report.date}: ${report.campaign.name}`);
  doc.setCreator('healthcard-pipeline');
  doc.setProducer('healthcard-pipeline (pdf-lib)');
  doc.setLanguage('en-IN');
  doc.setCreationDate(generated);
  doc.setModificationDate(generated);
  const { regular, bold } = await embedFaces(doc);

  const rowsPerPage = Math.floor((page.height - 2 * margin - 60 - headHeight - 20) / rowHeight);
  const all = [...report.rows, report.total];
  const pages = Math.max(1, Math.ceil(all.length / rowsPerPage));

  const drawHead = (target: PDFPage, top: number) => {
    target.drawRectangle({ x: margin, y: top - headHeight, width: page.width - 2 * margin, height: headHeight, color: band });
    let x = margin;
    dailyColumns.forEach((column, index) => {
      const width = (columnWidths[index] as number) - 4;
      const after = drawText(target, column.en, x + 2, top - 9, { faces: bold, size: 6.5, minSize: 5, maxWidth: width, color: ink });
      if (printable(column.hi, regular))
        drawText(target, column.hi, x + 2, Math.min(after, top - 24), {
          faces: regular,
          size: 6,
          minSize: 4.5,
          maxWidth: width,
          color: muted,
        });
      x += columnWidths[index] as number;
    });
  };

  const drawRow = (target: PDFPage, row: DailyRow, y: number, faces: Faces) => {
    let x = margin;
    dailyColumns.forEach((column, index) => {
      const width = (columnWidths[index] as number) - 4;
      const text = cell(row, column.key);
      const numeric = index >= 2;
      const size = 7.5;
      const textWidth = faces.latin.widthOfTextAtSize(text, size);
      // Figures right-aligned, names left.
      drawText(target, text, numeric ? x + 2 + Math.max(0, width - textWidth) : x + 2, y, {
        faces,
        size,
        minSize: 5,
        maxWidth: width,
        color: ink,
      });
      x += columnWidths[index] as number;
    });
    target.drawLine({ start: { x: margin, y: y - 4.5 }, end: { x: page.width - margin, y: y - 4.5 }, thickness: 0.4, color: rule });
  };

  for (let index = 0; index < pages; index += 1) {
    const target = doc.addPage([page.width, page.height]);
    let y = page.height - margin - 10;
    y = drawText(target, `${scheme?.title.en ?? report.campaign.scheme}: ${report.campaign.name}`, margin, y, {
      faces: bold,
      size: 12,
      minSize: 8,
      maxWidth: page.width - 2 * margin,
      color: ink,
    });
    if (scheme !== undefined && printable(scheme.title.hi, bold))
      y = drawText(target, scheme.title.hi, margin, y, {
        faces: bold,
        size: 10,
        minSize: 7,
        maxWidth: page.width - 2 * margin,
        color: ink,
      });
    drawText(
      target,
      `Daily report for ${indianDate(report.date)} (figures at the end of the day, IST)  ·  दैनिक प्रगति रिपोर्ट ${indianDate(report.date)}  ·  generated ${indianDate(report.generatedAt)} ${report.generatedAt.slice(11, 16)} UTC`,
      margin,
      y - 2,
      { faces: regular, size: 8, minSize: 6, maxWidth: page.width - 2 * margin, color: muted },
    );
    const top = page.height - margin - 60;
    drawHead(target, top);
    let rowY = top - headHeight - 11;
    for (const row of all.slice(index * rowsPerPage, (index + 1) * rowsPerPage)) {
      drawRow(target, row, rowY, row === report.total ? bold : regular);
      rowY -= rowHeight;
    }
    drawText(target, `${index + 1} / ${pages}`, page.width - margin - 30, margin - 10, {
      faces: regular,
      size: 7,
      maxWidth: 30,
      color: muted,
    });
  }
  return doc.save();
};
