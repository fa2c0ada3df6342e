// A camp's outcome as a printable PDF, in the daily report's manner (adapters/report-pdf.ts): A4, the camp's
// name, place and days, then one line per figure in English and Hindi with its value. Same outcome, same bytes
// (the date comes from the outcome, font names fixed).
import { PDFDocument, rgb } from 'pdf-lib';
import { outcomeRows, type CampOutcome } from '../core/camps.js';
import { findScheme } from '../core/schemes.js';
import type { CampView } from '../core/use-cases/camps.js';
import { drawText, embedFaces, printable } from './pdf-text.js';

const page = { width: 595.28, height: 841.89 };
const margin = 40;
const ink = rgb(0.1, 0.1, 0.12);
const muted = rgb(0.38, 0.4, 0.45);
const rule = rgb(0.8, 0.82, 0.85);

export const renderCampOutcomePdf = async (camp: CampView, outcome: CampOutcome): Promise<Uint8Array> => {
  const asOf = new Date(outcome.asOf);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Camp outcome: ${camp.name}`);
  doc.setCreator('healthcard-pipeline');
  doc.setProducer('healthcard-pipeline (pdf-lib)');
  doc.setLanguage('en-IN');
  doc.setCreationDate(asOf);
  doc.setModificationDate(asOf);
  const { regular, bold } = await embedFaces(doc);
  const width = page.width - 2 * margin;
  const target = doc.addPage([page.width, page.height]);
  const scheme = findScheme(camp.scheme);
  let y = page.height - margin;
  y = drawText(target, `${scheme?.title.en ?? camp.scheme}: ${camp.name}`, margin, y, {
    faces: bold,
    size: 14,
    minSize: 9,
    maxWidth: width,
    color: ink,
  });
  y = drawText(target, 'शिविर का परिणाम · Camp outcome', margin, y, { faces: bold, size: 11, minSize: 8, maxWidth: width, color: ink });
  y = drawText(target, `${camp.address} · ${camp.district} / ${camp.block} · ${camp.opensAt}-${camp.closesAt} IST`, margin, y - 2, {
    faces: regular,
    size: 9,
    minSize: 7,
    maxWidth: width,
    color: muted,
  });
  y -= 12;
  // The CSV's rows without its header: figure, value, the figure in Hindi.
  for (const [figure = '', value = '', hindi = ''] of outcomeRows(camp, outcome).slice(1)) {
    drawText(target, figure, margin, y, { faces: bold, size: 10, minSize: 7, maxWidth: 220, color: ink });
    if (printable(hindi, regular))
      drawText(target, hindi, margin + 230, y, { faces: regular, size: 10, minSize: 7, maxWidth: 120, color: muted });
    drawText(target, value, margin + 360, y, { faces: bold, size: 10, minSize: 7, maxWidth: width - 360, color: ink });
    target.drawLine({ start: { x: margin, y: y - 6 }, end: { x: page.width - margin, y: y - 6 }, thickness: 0.4, color: rule });
    y -= 20;
    if (y < margin) break;
  }
  return doc.save();
};
