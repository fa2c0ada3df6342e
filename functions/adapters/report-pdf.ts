// The daily report as a printable PDF: A4 landscape, a table with English and Hindi column heads, one row per
// block, the total last, then a page with the outlook (target, days left, rates, projected day) and a chart of
// cards issued per day; pages numbered. Same report, same bytes (dates come from the report, font names fixed).
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { findScheme } from '../core/schemes.js';
import { dailyColumns, outlookLines, type DailyReport, type DailyRow } from '../core/use-cases/daily-report.js';
import { drawText, embedFaces, printable, type Faces } from './pdf-text.js';

const page = { width: 841.89, height: 595.28 };
const margin = 28;
const rowHeight = 15;
const headHeight = 34;
const ink = rgb(0.1, 0.1, 0.12);
const muted = rgb(0.38, 0.4, 0.45);
const rule = rgb(0.8, 0.82, 0.85);
const band = rgb(0.93, 0.95, 0.98);
const bar = rgb(0.16, 0.38, 0.62);
const neededInk = rgb(0.7, 0.25, 0.1);

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

  const drawTitle = (target: PDFPage, subtitle: string) => {
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
    drawText(target, subtitle, margin, y - 2, { faces: regular, size: 8, minSize: 6, maxWidth: page.width - 2 * margin, color: muted });
  };
  const generatedLine = `generated ${indianDate(report.generatedAt)} ${report.generatedAt.slice(11, 16)} UTC`;
  const pageNumber = (target: PDFPage, index: number) =>
    drawText(target, `${index + 1} / ${pages + 1}`, page.width - margin - 30, margin - 10, {
      faces: regular,
      size: 7,
      maxWidth: 30,
      color: muted,
    });

  for (let index = 0; index < pages; index += 1) {
    const target = doc.addPage([page.width, page.height]);
    drawTitle(
      target,
      `Daily report for ${indianDate(report.date)} (figures at the end of the day, IST)  ·  दैनिक प्रगति रिपोर्ट ${indianDate(report.date)}  ·  ${generatedLine}`,
    );
    const top = page.height - margin - 60;
    drawHead(target, top);
    let rowY = top - headHeight - 11;
    for (const row of all.slice(index * rowsPerPage, (index + 1) * rowsPerPage)) {
      drawRow(target, row, rowY, row === report.total ? bold : regular);
      rowY -= rowHeight;
    }
    pageNumber(target, index);
  }

  const outlookPage = doc.addPage([page.width, page.height]);
  drawTitle(
    outlookPage,
    `Outlook at the end of ${indianDate(report.date)}: target, rates and cards per day  ·  लक्ष्य और अनुमान ${indianDate(report.date)}  ·  ${generatedLine}`,
  );
  drawOutlook(outlookPage, report, { regular, bold });
  pageNumber(outlookPage, pages);
  return doc.save();
};

const chart = { x: 380, width: page.width - margin - 380, bottom: 150, height: 300 };

/** The outlook's figures on the left; on the right, cards issued per day as bars on one axis, the rate needed as a line. */
const drawOutlook = (target: PDFPage, report: DailyReport, { regular, bold }: { regular: Faces; bold: Faces }) => {
  const { outlook } = report;
  let y = page.height - margin - 80;
  for (const line of outlookLines) {
    drawText(target, line.en, margin, y, { faces: bold, size: 9, minSize: 7, maxWidth: 220, color: ink });
    if (printable(line.hi, regular))
      drawText(target, line.hi, margin, y - 11, { faces: regular, size: 8, minSize: 6, maxWidth: 220, color: muted });
    const value = line.value(outlook) === '' ? '–' : line.value(outlook);
    drawText(target, value, margin + 230, y, { faces: bold, size: 10, minSize: 7, maxWidth: 100, color: ink });
    target.drawLine({ start: { x: margin, y: y - 17 }, end: { x: margin + 330, y: y - 17 }, thickness: 0.4, color: rule });
    y -= 30;
  }

  const days = outlook.days;
  const needed = outlook.neededPerDay ?? 0;
  // One axis for every bar: the largest day (or the rate needed, if higher), never a bar scaled to itself.
  const top = Math.max(1, needed, ...days.map((day) => day.cardsIssued));
  const scale = chart.height / top;
  drawText(target, 'Cards issued per day', chart.x, chart.bottom + chart.height + 34, {
    faces: bold,
    size: 9,
    maxWidth: chart.width,
    color: ink,
  });
  if (printable('प्रतिदिन जारी कार्ड', regular))
    drawText(target, 'प्रतिदिन जारी कार्ड', chart.x, chart.bottom + chart.height + 22, {
      faces: regular,
      size: 8,
      maxWidth: chart.width,
      color: muted,
    });
  target.drawLine({
    start: { x: chart.x, y: chart.bottom },
    end: { x: chart.x + chart.width, y: chart.bottom },
    thickness: 0.6,
    color: ink,
  });
  target.drawLine({
    start: { x: chart.x, y: chart.bottom },
    end: { x: chart.x, y: chart.bottom + chart.height },
    thickness: 0.6,
    color: ink,
  });
  for (const [value, at] of [
    [0, chart.bottom],
    [top, chart.bottom + chart.height],
  ] as const) {
    const label = String(value);
    drawText(target, label, chart.x - 4 - regular.latin.widthOfTextAtSize(label, 7), at - 2, {
      faces: regular,
      size: 7,
      maxWidth: 40,
      color: muted,
    });
  }
  const slot = chart.width / Math.max(1, days.length);
  days.forEach((day, index) => {
    const height = Math.max(0, day.cardsIssued) * scale;
    if (height > 0)
      target.drawRectangle({ x: chart.x + index * slot + slot * 0.15, y: chart.bottom, width: slot * 0.7, height, color: bar });
  });
  for (const index of [0, days.length - 1]) {
    const day = days[index];
    if (day === undefined) continue;
    drawText(target, indianDate(day.day).slice(0, 5), chart.x + index * slot, chart.bottom - 12, {
      faces: regular,
      size: 7,
      maxWidth: 40,
      color: muted,
    });
  }
  if (outlook.neededPerDay !== null && outlook.neededPerDay > 0) {
    const at = chart.bottom + needed * scale;
    target.drawLine({
      start: { x: chart.x, y: at },
      end: { x: chart.x + chart.width, y: at },
      thickness: 1,
      color: neededInk,
      dashArray: [4, 3],
    });
    drawText(target, `needed ${needed} a day · प्रतिदिन आवश्यक ${needed}`, chart.x + 4, at + 4, {
      faces: regular,
      size: 7,
      minSize: 6,
      maxWidth: chart.width - 8,
      color: neededInk,
    });
  }
};
