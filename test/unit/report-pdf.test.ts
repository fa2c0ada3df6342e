// The daily report's PDF: A4 landscape, a page per 26-odd blocks, Hindi heads shaped, then the outlook with its chart of
// cards per day; the same bytes for the same report.
import { decodePDFRawStream, PDFArray, PDFDocument, PDFHexString, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderDailyReportPdf } from '../../functions/adapters/report-pdf.js';
import type { DailyReport, DailyRow } from '../../functions/core/use-cases/daily-report.js';

const row = (block: string, issued: number): DailyRow => ({
  district: 'Lucknow',
  block,
  eligible: 1000,
  issuedTillDate: issued,
  issuedOnDate: 3,
  saturationPercent: issued / 10,
  startedTillDate: issued + 40,
  startedOnDate: 9,
  pendingApproval: 12,
  pendingOver7Days: 2,
  aadhaarMobileNotLinked: 5,
  aadhaarUpdateNeeded: 1,
  ekycFailing: 0,
  rejected: 1,
  notStarted: 1000 - issued - 40,
});

const report = (blocks: number): DailyReport => {
  const rows = Array.from({ length: blocks }, (_, index) => row(`Block ${index + 1}`, index * 10));
  return {
    campaign: {
      campaignId: '0123456789abcdef',
      name: 'Lucknow drive',
      scheme: 'pmjay',
      districts: ['Lucknow'],
      rosterTypes: ['ration-card-families'],
      startDate: '2026-11-01',
      endDate: '2026-12-31',
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: 'dev',
    },
    date: '2026-11-23',
    generatedAt: '2026-11-24T03:30:00.000Z',
    rows,
    total: { ...row('', 0), district: 'Total' },
    outlook: {
      target: { saturationPercent: 90, endsOn: '2026-12-31', targetCards: 900 },
      carded: 600,
      daysLeft: 38,
      neededPerDay: 8,
      achievedPerDay: 4.3,
      projectedSaturationOn: '2027-02-02',
      // Four days: none, 2, 4 and 16 cards.
      days: [0, 2, 4, 16].map((cardsIssued, index) => ({ day: `2026-11-2${index}`, cardsIssued, started: 5, pending: 3 })),
    },
  };
};

/** The filled rectangles a page's content draws (pdf-lib: a path from 0 0 up, across and down, filled), in order. */
const rectanglesOf = (content: string) =>
  [...content.matchAll(/0 0 m\n0 ([\d.]+) l\n([\d.]+) [\d.]+ l\n[\d.]+ 0 l\nh\nf/g)].map((match) => ({
    width: Number(match[2]),
    height: Number(match[1]),
  }));

const textOf = async (bytes: Uint8Array, pageIndex: number) => {
  const doc = await PDFDocument.load(bytes);
  const contents = doc.getPage(pageIndex).node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
  return streams
    .map((stream) => (stream instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') : ''))
    .join('\n');
};

describe('the daily report PDF', () => {
  it('is A4 landscape, paged, with the Hindi column heads shaped and their text kept', async () => {
    const bytes = await renderDailyReportPdf(report(40));
    const doc = await PDFDocument.load(bytes);
    // Two pages of blocks, and the outlook.
    expect(doc.getPageCount()).toBe(3);
    const { width, height } = doc.getPage(0).getSize();
    expect([Math.round(width), Math.round(height)]).toEqual([842, 595]);
    expect(doc.getTitle()).toBe('Daily report 2026-11-23: Lucknow drive');
    expect(await textOf(bytes, 0)).toContain(`/ActualText ${PDFHexString.fromText('आधार अद्यतन आवश्यक').toString()}`);
    expect((await renderDailyReportPdf(report(3))).byteLength).toBeLessThan(bytes.byteLength);
  });

  it('gives the same bytes for the same report', async () => {
    const [first, second] = await Promise.all([renderDailyReportPdf(report(5)), renderDailyReportPdf(report(5))]);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('ends with the outlook: its figures, and cards per day as bars on one axis with the rate needed', async () => {
    const bytes = await renderDailyReportPdf(report(3));
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(2);
    const content = await textOf(bytes, 1);
    expect(content).toContain(`/ActualText ${PDFHexString.fromText('संतृप्ति की अनुमानित तिथि').toString()}`);
    // Three bars (a day of none draws none), as tall as their days' cards against one axis: 2 : 4 : 16.
    const bars = rectanglesOf(content);
    expect(bars).toHaveLength(3);
    const heights = bars.map((bar) => bar.height);
    expect(heights[1]! / heights[0]!).toBeCloseTo(2, 5);
    expect(heights[2]! / heights[0]!).toBeCloseTo(8, 5);
    // The rate needed is drawn dashed across the chart.
    expect(content).toMatch(/\[4 3\] 0 d/);
  });
});
