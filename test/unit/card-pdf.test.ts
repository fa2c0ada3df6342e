// The card PDF: a real PDF, CR80-sized, stable bytes, small; and the QR code inside it (read back out of the PDF's
// image and decoded with jsQR) verifies offline.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import jsQRModule from 'jsqr';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { formatCardNumber, verifyCardQr, type CardClaims } from '../../functions/core/card.js';
import { signCard } from '../../functions/ports/card-signer.js';
import { LocalCardSigner } from '../../functions/adapters/card-signer-local.js';
import { renderCardPdf, renderQrPng } from '../../functions/adapters/card-pdf.js';
import { woffToSfnt } from '../../functions/adapters/pdf-text.js';
import { employeeCardClaims } from '../support/cards.js';

// jsqr is CommonJS (module.exports = jsQR) typed as `export default`: under NodeNext the default import is typed
// as the module object. Take the function whichever way the loader hands it over.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

const signer = LocalCardSigner.generate();
const schemeTitle = { en: 'Uttar Pradesh State Employees Cashless Health Scheme', hi: 'उत्तर प्रदेश राज्य कर्मचारी कैशलेस चिकित्सा योजना' };
const claims = employeeCardClaims;

/** A small RGB PNG (a gradient), standing in for an e-KYC photo. */
const pngPhoto = (width: number, height: number): Uint8Array => {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) rows.set([(x * 4) % 256, (y * 3) % 256, 160], y * (1 + width * 3) + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]),
  );
};

/** Every image in the PDF, decoded to RGBA (pdf-lib stores embedded PNGs as 8-bit DeviceRGB, Flate-compressed). */
const imagesIn = async (pdf: Uint8Array) => {
  const doc = await PDFDocument.load(pdf);
  const images: { width: number; height: number; rgba: Uint8ClampedArray }[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    if (object.dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue;
    const width = (object.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (object.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const rgb = decodePDFRawStream(object).decode();
    expect(rgb.length).toBe(width * height * 3);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let pixel = 0; pixel < width * height; pixel += 1)
      rgba.set([rgb[pixel * 3] ?? 0, rgb[pixel * 3 + 1] ?? 0, rgb[pixel * 3 + 2] ?? 0, 255], pixel * 4);
    images.push({ width, height, rgba });
  }
  return images;
};

const duringValidity = new Date('2027-01-01T00:00:00Z');

describe('the card PDF', () => {
  it('is a one-page CR80 PDF titled with the card number, dated when the card was issued, under 150 KB', async () => {
    const qrText = await signCard(claims, signer);
    const pdf = await renderCardPdf({ claims, qrText, schemeTitle });
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(150 * 1024);

    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width / (72 / 25.4)).toBeCloseTo(85.6, 1);
    expect(height / (72 / 25.4)).toBeCloseTo(53.98, 1);
    expect(doc.getTitle()).toBe(`Health card ${claims.cardNumber}`);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-23T10:15:30.000Z');
  });

  it('carries the signed QR: decoded from the PDF image, it verifies offline', async () => {
    const qrText = await signCard(claims, signer);
    const images = await imagesIn(await renderCardPdf({ claims, qrText, schemeTitle }));
    expect(images).toHaveLength(1);
    const [image] = images as [(typeof images)[number]];
    const decoded = jsQR(image.rgba, image.width, image.height);
    expect(decoded?.data).toBe(qrText);
    expect(await verifyCardQr(decoded?.data ?? '', [await signer.publicJwk()], duringValidity)).toEqual({
      valid: true,
      claims,
      kid: signer.keyId,
    });
  });

  it('renderQrPng gives a PNG of the QR at 4 pixels a module with a 4-module quiet zone', async () => {
    const qrText = await signCard(claims, signer);
    const png = await renderQrPng(qrText);
    expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const width = Buffer.from(png).readUInt32BE(16);
    expect(width % 4).toBe(0);
    const modules = width / 4 - 8;
    expect((modules - 17) % 4).toBe(0); // a QR symbol is 17 + 4 x version modules wide
  });

  it('gives the same bytes for the same claims', async () => {
    const qrText = await signCard(claims, signer);
    const first = await renderCardPdf({ claims, qrText, schemeTitle });
    const second = await renderCardPdf({ claims, qrText, schemeTitle });
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('shows the photo when given, and the QR still reads', async () => {
    const qrText = await signCard(claims, signer);
    const pdf = await renderCardPdf({ claims, qrText, schemeTitle, photo: { contentType: 'image/png', bytes: pngPhoto(60, 75) } });
    const images = await imagesIn(pdf);
    expect(images.map(({ width, height }) => [width, height])).toContainEqual([60, 75]);
    const qr = images.find((image) => image.width === image.height);
    expect(qr === undefined ? null : jsQR(qr.rgba, qr.width, qr.height)?.data).toBe(qrText);
  });

  it('draws the Hindi name when it shapes, and leaves out a local name the fonts cannot show', async () => {
    const render = async (nameLocal: string | undefined) => {
      const { nameLocal: _drop, ...rest } = claims;
      const withName: CardClaims = nameLocal === undefined ? rest : { ...rest, nameLocal };
      // The same QR text for all three, so only the drawn name can differ.
      return Buffer.from(await renderCardPdf({ claims: withName, qrText: 'same-qr', schemeTitle }));
    };
    const without = await render(undefined);
    const withHindi = await render('किशोरी लाल शर्मा');
    expect(withHindi.equals(without)).toBe(false);
    // Drawn as shaped glyphs, with the text in logical order as ActualText (for copy, search and screen readers).
    const doc = await PDFDocument.load(withHindi);
    const contents = doc.getPage(0).node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const content = streams
      .map((stream) => (stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : ''))
      .join('\n');
    expect(content).toContain(`/ActualText ${PDFHexString.fromText('किशोरी लाल शर्मा').toString()}`);
    // Urdu script: no glyphs in Noto Sans Devanagari, so the line is left out rather than printed as boxes.
    expect((await render('کشوری لال شرما')).equals(without)).toBe(true);
  });

  it('prints an accented English name the Latin font lacks with its base letters, not empty boxes', async () => {
    const render = async (name: string) =>
      Buffer.from(await renderCardPdf({ claims: { ...claims, name }, qrText: 'same-qr', schemeTitle }));
    expect((await render('Śrīnivāsa Rao')).equals(await render('Srinivasa Rao'))).toBe(true);
  });

  it('fits long names and long scheme titles, and takes a PM-JAY card', async () => {
    const long: CardClaims = {
      ...claims,
      cardNumber: formatCardNumber({ prefix: 'PMJ', districtCode: 'GZB', sequence: 90_817_263 }),
      scheme: 'pmjay',
      name: 'Ramesh Chandra Prasad Srivastava Venkataraman Subramaniam',
      nameLocal: 'रमेश चन्द्र प्रसाद श्रीवास्तव वेंकटरमन सुब्रमण्यम',
      gender: 'T',
    };
    const qrText = await signCard(long, signer);
    const pdf = await renderCardPdf({
      claims: long,
      qrText,
      schemeTitle: { en: 'Ayushman Bharat PM-JAY', hi: 'आयुष्मान भारत प्रधानमंत्री जन आरोग्य योजना' },
    });
    expect(pdf.length).toBeLessThan(150 * 1024);
    const [image] = await imagesIn(pdf);
    expect(image === undefined ? null : jsQR(image.rgba, image.width, image.height)?.data).toBe(qrText);
  });

  it('unpacks the WOFF fonts into the same font (woffToSfnt)', () => {
    const woff = readFileSync(
      createRequire(import.meta.url).resolve('@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-400-normal.woff'),
    );
    const fromWoff = fontkit.create(woff);
    const fromSfnt = fontkit.create(Buffer.from(woffToSfnt(woff)));
    expect(fromSfnt.postscriptName).toBe(fromWoff.postscriptName);
    expect(fromSfnt.numGlyphs).toBe(fromWoff.numGlyphs);
    expect(fromSfnt.characterSet).toEqual(fromWoff.characterSet);
    expect(() => woffToSfnt(new Uint8Array(64))).toThrow('not a WOFF');
  });
});
