// The card as a PDF: one CR80-sized page (85.6 x 54 mm, an ID-1 card), because the card reaches people as an SMS
// link opened on a phone, where a card-sized page fills the screen; printed at "actual size" it is a cut-out card,
// and CSC PVC printers take the size as is. English text and the Hindi lines use Noto Sans Devanagari (its Latin
// and Devanagari subsets, subset again into the PDF); the QR is the signed JWS from functions/core/card.ts.
// Same claims, same bytes: dates come from claims.issuedAt and font names are fixed, not random.

import { PDFDocument, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import type { CardClaims } from '../core/card.js';
import { drawText, embedFaces, fittedSize, printable, withBaseLetters } from './pdf-text.js';

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

/** The card's words, Hindi then English (test/unit/glossary.test.ts holds the Hindi to the glossary). */
export const cardPdfLabels = {
  yearOfBirth: { en: 'Year of birth', hi: 'जन्म वर्ष' },
  gender: { en: 'Gender', hi: 'लिंग' },
  aadhaar: { en: 'Aadhaar', hi: 'आधार' },
  valid: { en: 'Valid', hi: 'वैधता' },
  cardNumber: { en: 'Card No.', hi: 'कार्ड संख्या' },
  M: { en: 'Male', hi: 'पुरुष' },
  F: { en: 'Female', hi: 'महिला' },
  T: { en: 'Transgender', hi: 'ट्रांसजेंडर' },
} as const;
const both = (label: { readonly en: string; readonly hi: string }) => `${label.hi} / ${label.en}`;

/** 2031-11-22 -> 22/11/2031, the order dates are read in India. */
const indianDate = (iso: string) => iso.split('-').reverse().join('/');

export const renderCardPdf = async (input: CardPdfInput): Promise<Uint8Array> => {
  const { claims, qrText, photo, schemeTitle } = input;
  const issuedAt = new Date(claims.issuedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Health card ${claims.cardNumber}`);
  doc.setSubject(schemeTitle.en);
  doc.setCreator('healthcard-pipeline');
  doc.setProducer('healthcard-pipeline (pdf-lib)');
  doc.setLanguage('en-IN');
  doc.setCreationDate(issuedAt);
  doc.setModificationDate(issuedAt);

  const { regular, bold } = await embedFaces(doc);

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
    card.drawRectangle({
      x: margin,
      y: boxY,
      width: photoBox.width,
      height: photoBox.height,
      borderColor: colours.frame,
      borderWidth: 0.5,
    });
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
    `${both(cardPdfLabels.yearOfBirth)}: ${claims.yearOfBirth}`,
    `${both(cardPdfLabels.gender)}: ${both(cardPdfLabels[claims.gender])}`,
    `${both(cardPdfLabels.aadhaar)}: XXXX XXXX ${claims.aadhaarLast4}`,
    `${both(cardPdfLabels.valid)}: ${indianDate(claims.validFrom)} – ${indianDate(claims.validUntil)}`,
  ];
  // One size for the block, so the lines line up as a table would.
  const fieldSize = Math.min(...fields.map((line) => fittedSize(line, fieldStyle)));
  for (const line of fields) y = drawText(card, line, fieldsX, y, { ...fieldStyle, size: fieldSize, minSize: fieldSize });

  // Card number, bottom left: what people read out at a hospital desk.
  drawText(card, both(cardPdfLabels.cardNumber), margin, 19, { ...fieldStyle, color: colours.muted, maxWidth: qrX - margin });
  drawText(card, claims.cardNumber, margin, 8, { faces: bold, size: 11, minSize: 8, maxWidth: qrX - margin, color: colours.ink });

  return doc.save();
};
